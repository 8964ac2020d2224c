// The JSON report of one run: what ran, on what, what happened, how long it took, and the
// backend's own metrics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "twinmatch/config.hpp"
#include "twinmatch/tools/backend.hpp"
#include "twinmatch/tools/event_tally.hpp"

namespace twinmatch::tools {

struct RunRecord {
  std::string backend;
  CoreConfig config{};
  std::size_t commands = 0;
  std::size_t events = 0;
  EventTally tally;
  double wall_seconds = 0; // of the run: the backend, and in `twinmatch run` the reading
                           // and writing of the streams, which overlap it
  Metrics metrics;
  std::uint64_t peak_rss_bytes = 0; // of the whole process (twinmatch run); 0: not measured
};

// Commands per second of wall time; 0 when the run took no measurable time.
double commands_per_second(const RunRecord& run);

// A pretty-printed JSON object (see run_report.cpp for the keys).
std::string run_report_json(const RunRecord& run);

} // namespace twinmatch::tools
