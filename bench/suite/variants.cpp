#include "variants.hpp"

#include "twinmatch/tools/backends.hpp"

namespace twinmatch::bench {

std::vector<BackendVariant> backend_variants(const CoreConfig& config,
                                             const std::vector<std::string>& names) {
  std::vector<BackendVariant> variants;
  std::string error;
  for (const std::string& name : names.empty() ? tools::backend_names() : names) {
    if (tools::make_backend(name, config, {}, error)) variants.push_back({name, name, {}});
    for (const LinkModel& model : kLinkModels) {
      const tools::BackendOptions options{{"link", model.link}, {"submit", model.submit}};
      if (tools::make_backend(name, config, options, error)) {
        variants.push_back({name + "+" + model.suffix, name, options});
      }
    }
  }
  return variants;
}

} // namespace twinmatch::bench
