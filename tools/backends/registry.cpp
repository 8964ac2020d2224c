#include <array>

#include <fmt/format.h>

#include "twinmatch/tools/backends.hpp"

namespace twinmatch::tools {
namespace {

struct RegisteredBackend {
  std::string_view name;
  BackendFactory make;
};

// One line per backend.
constexpr std::array kBackends{
    RegisteredBackend{"ref", make_reference_backend},
    RegisteredBackend{"sw", make_sw_backend},
    RegisteredBackend{"hls", make_hls_backend},
    RegisteredBackend{"rtl", make_rtl_backend},
};

} // namespace

std::unique_ptr<Backend> make_backend(std::string_view name, const CoreConfig& config,
                                      const BackendOptions& options, std::string& error) {
  if (options.contains("link")) return make_dma_backend(name, config, options, error);
  for (const RegisteredBackend& backend : kBackends) {
    if (backend.name == name) return backend.make(config, options, error);
  }
  error = fmt::format("unknown backend '{}' (known: {})", name, fmt::join(backend_names(), ", "));
  return nullptr;
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const RegisteredBackend& backend : kBackends) names.emplace_back(backend.name);
  return names;
}

} // namespace twinmatch::tools
