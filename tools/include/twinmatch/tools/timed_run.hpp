// Runs a command stream through a backend, timing Backend::run alone, and fills in the run
// record that the JSON report and the demo table are made from.
#pragma once

#include <span>
#include <vector>

#include "twinmatch/tools/backend.hpp"
#include "twinmatch/tools/run_report.hpp"

namespace twinmatch::tools {

RunRecord timed_run(Backend& backend, std::span<const Command> commands,
                    std::vector<Event>& events);

} // namespace twinmatch::tools
