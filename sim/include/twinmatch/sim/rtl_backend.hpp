// The `rtl` backend of the twinmatch CLI: the verilated RTL core behind tools::Backend.
#pragma once

#include <memory>

#include "twinmatch/config.hpp"
#include "twinmatch/tools/backend.hpp"

namespace twinmatch::tools {

// Options: gaps=P and backpressure=P (per-cycle probabilities in [0, 1)), seed=N (for both),
// trace=FILE (FST waveform). Throws std::invalid_argument for a configuration other than the
// one the model is built for (kHardwareConfig) or for an unknown or malformed option.
std::unique_ptr<Backend> make_rtl_backend(const CoreConfig& config, const BackendOptions& options);

} // namespace twinmatch::tools
