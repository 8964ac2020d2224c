// Runs a probe's base and full streams on a backend and turns the difference into per-command
// figures. Event buffers are reserved before timing, so neither the timing nor the allocation
// count includes the caller's vector growing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "twinmatch/tools/backend.hpp"
#include "workloads.hpp"

namespace twinmatch::bench {

// Simulated time a backend reports in its Metrics: the cycles a run took (a metric named
// "run_cycles", "cycles", "sim_cycles" or "total_cycles"; set-up such as init_cycles excluded),
// and its clock (a metric ending in "_mhz").
std::optional<double> reported_cycles(const tools::Metrics& metrics);
std::optional<double> reported_clock_mhz(const tools::Metrics& metrics);

struct OpSample {
  double wall_ns_per_op = 0;
  double allocs_per_op = 0;
  double bytes_per_op = 0;
  double fills_per_op = 0;                   // Fill events per measured command
  std::optional<double> sim_cycles_per_op;   // when the backend reports cycles
  std::optional<double> clock_mhz;           // when the backend reports its clock
};

class ProbeRunner {
public:
  // Runs the full stream once to size the event buffers and check that the base stream's events
  // are a prefix of the full stream's (the measured commands are appended, nothing else).
  ProbeRunner(tools::Backend& backend, const Probe& probe);

  const std::string& error() const { return error_; } // non-empty: the probe cannot be measured
  // One paired measurement: the fastest of 5 base runs and of 5 full runs, interleaved.
  OpSample sample();

private:
  struct Run {
    double wall_ns;
    AllocationCount allocs; // during the run
    tools::Metrics metrics;
  };
  Run timed_run(const std::vector<Command>& commands, std::vector<Event>& events);

  tools::Backend& backend_;
  const Probe& probe_;
  std::vector<Event> base_events_;
  std::vector<Event> full_events_;
  std::size_t fills_ = 0;
  std::string error_;
};

} // namespace twinmatch::bench
