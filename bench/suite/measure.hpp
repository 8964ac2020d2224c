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
// its clock (a core/nominal clock metric in MHz, else any metric ending in "_mhz"), or the
// simulated duration itself ("simulated_time_ns" or "simulated_duration_ns", e.g. of a link).
std::optional<double> reported_cycles(const tools::Metrics& metrics);
std::optional<double> reported_clock_mhz(const tools::Metrics& metrics);
std::optional<double> reported_simulated_ns(const tools::Metrics& metrics);
// Wall time a backend measured around its matching alone ("match_ns"), without core set-up.
std::optional<double> reported_match_ns(const tools::Metrics& metrics);

struct OpSample {
  double wall_ns_per_op = 0;
  std::string wall_source;                 // what the wall time covers
  double allocs_per_op = 0;
  double bytes_per_op = 0;
  double fills_per_op = 0;                 // Fill events per measured command
  std::optional<double> sim_cycles_per_op; // when the backend reports cycles
  std::optional<double> sim_ns_per_op;     // those cycles at the clock, or reported simulated ns
  std::string sim_basis;                   // how sim_ns_per_op was obtained, e.g. "250 MHz (reported)"
};

class ProbeRunner {
public:
  // Runs the full stream once to size the event buffers and check that the base stream's events
  // are a prefix of the full stream's (the measured commands are appended, nothing else).
  // `nominal_clock_mhz` converts cycles when the backend does not report its clock.
  ProbeRunner(tools::Backend& backend, const Probe& probe, double nominal_clock_mhz);

  const std::string& error() const { return error_; } // non-empty: the probe cannot be measured
  // One paired measurement: the fastest base run and the fastest full run, interleaved, at
  // least `min_runs_per_side` of each and more (up to 200) while within `budget_ns`.
  OpSample sample(int min_runs_per_side = 5, double budget_ns = 20e6);

private:
  struct Run {
    double wall_ns;
    AllocationCount allocs; // during the run
    tools::Metrics metrics;
  };
  Run timed_run(const std::vector<Command>& commands, std::vector<Event>& events);

  tools::Backend& backend_;
  const Probe& probe_;
  double nominal_clock_mhz_;
  std::vector<Event> base_events_;
  std::vector<Event> full_events_;
  std::size_t fills_ = 0;
  std::string error_;
};

} // namespace twinmatch::bench
