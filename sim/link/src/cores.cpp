#include "twinmatch/link/cores.hpp"

#include <exception>

#include <fmt/format.h>

#include "hls_core.hpp"
#include "reference_core.hpp"
#include "rtl_core.hpp"
#include "sw_core.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/sw/order_book.hpp"

namespace twinmatch::link {

namespace {

std::string unsupported(std::string_view name, const CoreConfig& config, std::string_view why) {
  return fmt::format("core '{}' does not support the configuration {{{} symbols, {} levels, {} "
                     "handles, max quantity {}}}{}",
                     name, config.symbols, config.price_levels, config.handles,
                     config.max_quantity, why);
}

} // namespace

std::vector<std::string> core_names() { return {"ref", "sw", "hls", "rtl"}; }

std::unique_ptr<CoreModel> make_core(std::string_view name, const CoreConfig& config,
                                     std::string& error) {
  if (name == "ref") {
    // The model allocates per symbol and per handle; a stream header may claim any sizes.
    if (config.symbols == 0 || config.symbols > (1u << 16) || config.price_levels == 0 ||
        config.handles == 0 || config.handles > (1u << 24) || config.max_quantity == 0) {
      error = unsupported(name, config, "");
      return nullptr;
    }
    return std::make_unique<ReferenceCore>(config);
  }
  if (name == "sw") {
    try {
      sw::OrderBook trial(config); // checks the sizes before the core commits to them
    } catch (const std::exception& failure) {
      error = unsupported(name, config, fmt::format(": {}", failure.what()));
      return nullptr;
    }
    return std::make_unique<SwCore>(config);
  }
  if (name == "hls") {
    if (config != hlscore::HwConfig::kCore) {
      error = unsupported(name, config, " (it is built for the hardware configuration only)");
      return nullptr;
    }
    return std::make_unique<HlsCore>();
  }
  if (name == "rtl") {
    if (config != sim::kRtlConfig) {
      error = unsupported(name, config, " (it is built for the hardware configuration only)");
      return nullptr;
    }
    return std::make_unique<RtlCore>();
  }
  error = fmt::format("no core named '{}' can run behind the DMA link (known: {})", name,
                      fmt::join(core_names(), ", "));
  return nullptr;
}

} // namespace twinmatch::link
