// The backend registry: every backend the CLI can run, by name.
// Adding a backend: declare its factory below and add one line to kBackends in
// tools/backends/registry.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "twinmatch/tools/backend.hpp"

namespace twinmatch::tools {

// Builds a backend for `config`, or returns nullptr and says why in `error` (for instance a
// hardware backend asked for a configuration it is not built for, or a bad option).
using BackendFactory = std::unique_ptr<Backend> (*)(const CoreConfig& config,
                                                    const BackendOptions& options,
                                                    std::string& error);

// One factory per backend.
std::unique_ptr<Backend> make_reference_backend(const CoreConfig& config,
                                                const BackendOptions& options, std::string& error);
std::unique_ptr<Backend> make_sw_backend(const CoreConfig& config, const BackendOptions& options,
                                         std::string& error);
std::unique_ptr<Backend> make_hls_backend(const CoreConfig& config, const BackendOptions& options,
                                          std::string& error);
std::unique_ptr<Backend> make_rtl_backend(const CoreConfig& config, const BackendOptions& options,
                                          std::string& error); // sim/rtl_backend.cpp

// Core `name` behind the host driver and the SystemC PCIe link model (sim/link), for any options
// with "link" set (--link dma); the other options are the link model's (docs/host.md).
std::unique_ptr<Backend> make_dma_backend(std::string_view name, const CoreConfig& config,
                                          const BackendOptions& options, std::string& error);

std::unique_ptr<Backend> make_backend(std::string_view name, const CoreConfig& config,
                                      const BackendOptions& options, std::string& error);

// One line per registered backend (what it is, whether it streams, its --opt keys) and the
// --link dma options: the backend part of `twinmatch run --help`.
std::string backends_help();

// Registered names, in registry order.
std::vector<std::string> backend_names();

} // namespace twinmatch::tools
