// The lines `twinmatch run` prints: what ran, the backend's own figures, each labelled with
// what it measures (the core alone, simulated time at a stated clock, the simulator's speed),
// and the whole run's wall time, reading and writing included.
#pragma once

#include <string>
#include <string_view>

#include "twinmatch/tools/run_report.hpp"

namespace twinmatch::cli {

std::string console_figures(const tools::RunRecord& run, std::string_view events_path);

} // namespace twinmatch::cli
