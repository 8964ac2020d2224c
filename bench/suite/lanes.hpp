// `twinmatch report`'s symbol lanes (docs/rtl.md, "Symbol lanes"): the rtl backend on the
// 16-symbol configuration with one core and every lane count it is built with, both merges,
// each run checked against the reference model; cycles per command per lane count.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "twinmatch/bench/report.hpp"

namespace twinmatch::bench {

// The runs, in order: per scenario, one core, then each built lane count with tm_lanes' merger
// and merged on the host. Empty when the rtl backend has no 16-symbol model.
std::vector<LaneRun> measure_lanes(std::FILE* progress);
// What measure_lanes runs, in words (the report's set-up line for the section).
std::string describe_lanes();

} // namespace twinmatch::bench
