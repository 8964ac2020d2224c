// The engines whose host wall time is the product's latency (targets.json wall_time_is_latency:
// the sw engine and the reference model), measured in process rather than through
// Backend::run, which times whole streams on a fresh core. What a figure covers:
//   - set-up excluded: each run builds its engine (the sw core prefaulted, i.e. every pool page
//     touched once) and applies the probe's base stream before any timer starts;
//   - events go to an in-memory sink that is not growing: the sw core writes them into a fixed
//     ring of kRingEvents records (64 KiB, overwritten; its count keeps the work observable),
//     the reference model into a vector reserved beforehand;
//   - batch figures time the measured commands as a whole (one steady_clock pair around the
//     engine's batch apply), the fastest of several runs;
//   - per-command figures time each measured command between two lfence-ordered rdtsc reads
//     (bench/tsc_clock.hpp); they include the timer's own cost, stated as timer_ns.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "alloc_counter.hpp"
#include "workloads.hpp"

namespace twinmatch::bench {

inline constexpr std::size_t kRingEvents = 1024;

struct InProcessSample {
  double batch_ns_per_op = 0;  // the fastest batch run, per measured command
  double p50_ns = 0;           // per-command latency percentiles over the measured commands
  double p99_ns = 0;
  double allocs_per_op = 0;    // operator new calls during the measured commands
  double bytes_per_op = 0;
  double fills_per_op = 0;     // Fill events per measured command (from the reference model)
};

class InProcessRunner {
public:
  virtual ~InProcessRunner() = default;
  // One sample: at least `min_runs` batch runs and more (up to 200) while within `budget_ns`,
  // then `timed_runs` runs timed command by command (percentiles over all of them).
  virtual InProcessSample sample(int min_runs = 5, double budget_ns = 20e6, int timed_runs = 3) = 0;
};

// A runner for `backend` ("sw" or "ref") on `probe`; null when the backend is not measured in
// process (then it goes through Backend::run) or rejects the probe's configuration.
std::unique_ptr<InProcessRunner> make_in_process_runner(std::string_view backend, const Probe& probe);

// What one backend's in-process figures cover, for the report's backend table.
std::string in_process_coverage(std::string_view backend);

// The cost of one timer pair (lfence; rdtsc; lfence; rdtsc; lfence), measured back to back: the
// least of many tries, in nanoseconds. Included in every per-command figure.
double timer_cost_ns();

} // namespace twinmatch::bench
