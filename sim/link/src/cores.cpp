#include "twinmatch/link/cores.hpp"

#include <fmt/format.h>

#include "reference_core.hpp"

namespace twinmatch::link {

std::vector<std::string> core_names() { return {"ref"}; }

std::unique_ptr<CoreModel> make_core(std::string_view name, const CoreConfig& config,
                                     std::string& error) {
  if (name == "ref") return std::make_unique<ReferenceCore>(config);
  error = fmt::format("no core named '{}' can run behind the DMA link (known: {})", name,
                      fmt::join(core_names(), ", "));
  return nullptr;
}

} // namespace twinmatch::link
