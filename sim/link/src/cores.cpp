#include "twinmatch/link/cores.hpp"

#include <fmt/format.h>

#include "reference_core.hpp"

namespace twinmatch::link {

std::vector<std::string> core_names() { return {"ref"}; }

std::unique_ptr<CoreModel> make_core(std::string_view name, const CoreConfig& config,
                                     std::string& error) {
  if (name == "ref") {
    // The model allocates per symbol and per handle; a stream header may claim any sizes.
    if (config.symbols == 0 || config.symbols > (1u << 16) || config.price_levels == 0 ||
        config.handles == 0 || config.handles > (1u << 24) || config.max_quantity == 0) {
      error = "core 'ref' does not support this configuration";
      return nullptr;
    }
    return std::make_unique<ReferenceCore>(config);
  }
  error = fmt::format("no core named '{}' can run behind the DMA link (known: {})", name,
                      fmt::join(core_names(), ", "));
  return nullptr;
}

} // namespace twinmatch::link
