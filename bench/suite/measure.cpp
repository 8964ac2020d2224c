#include "measure.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

namespace twinmatch::bench {

std::optional<double> reported_cycles(const tools::Metrics& metrics) {
  for (const char* total : {"run_cycles", "cycles", "sim_cycles", "total_cycles"}) {
    for (const auto& [name, value] : metrics) {
      if (name == total) return value;
    }
  }
  return std::nullopt;
}

std::optional<double> reported_clock_mhz(const tools::Metrics& metrics) {
  for (const char* clock : {"clock_mhz", "nominal_clock_mhz", "core_clock_mhz"}) {
    for (const auto& [name, value] : metrics) {
      if (name == clock && value > 0) return value;
    }
  }
  for (const auto& [name, value] : metrics) {
    if (name.ends_with("_mhz") && value > 0) return value;
  }
  return std::nullopt;
}

std::optional<double> reported_match_ns(const tools::Metrics& metrics) {
  for (const auto& [name, value] : metrics) {
    if (name == "match_ns") return value;
  }
  return std::nullopt;
}

std::optional<double> reported_simulated_ns(const tools::Metrics& metrics) {
  for (const char* duration : {"simulated_time_ns", "simulated_duration_ns"}) {
    for (const auto& [name, value] : metrics) {
      if (name == duration) return value;
    }
  }
  return std::nullopt;
}

ProbeRunner::ProbeRunner(tools::Backend& backend, const Probe& probe, double nominal_clock_mhz)
    : backend_(backend), probe_(probe), nominal_clock_mhz_(nominal_clock_mhz) {
  tools::Metrics metrics;
  backend_.run(probe_.base, base_events_, metrics);
  backend_.run(probe_.full, full_events_, metrics);
  const bool prefix =
      full_events_.size() >= base_events_.size() &&
      (base_events_.empty() || std::memcmp(full_events_.data(), base_events_.data(),
                                           base_events_.size() * sizeof(Event)) == 0);
  if (!prefix) {
    error_ = fmt::format("{}: the base stream's events are not a prefix of the full stream's on "
                         "backend {}",
                         probe_.metric, backend_.name());
  }
  fills_ = static_cast<std::size_t>(std::count_if(
      full_events_.begin() + static_cast<std::ptrdiff_t>(std::min(base_events_.size(), full_events_.size())),
      full_events_.end(),
      [](const Event& event) { return event.type == static_cast<std::uint8_t>(EventType::Fill); }));
}

ProbeRunner::Run ProbeRunner::timed_run(const std::vector<Command>& commands,
                                        std::vector<Event>& events) {
  events.clear(); // keeps the capacity of the first run: appending allocates nothing
  Run run{0, {}, {}};
  run.metrics.reserve(64); // the harness's own vector must not count as the backend's allocation
  const AllocationCount allocs_before = allocations_so_far();
  const auto start = std::chrono::steady_clock::now();
  backend_.run(commands, events, run.metrics);
  const auto stop = std::chrono::steady_clock::now();
  const AllocationCount allocs_after = allocations_so_far();
  // A backend that times its own matching loop (match_ns) leaves out building its fresh core,
  // whose page faults are the noisiest part of a run; otherwise Backend::run as a whole.
  const auto matching = reported_match_ns(run.metrics);
  run.wall_ns = matching ? *matching : std::chrono::duration<double, std::nano>(stop - start).count();
  run.allocs = {allocs_after.allocations - allocs_before.allocations,
                allocs_after.bytes - allocs_before.bytes};
  return run;
}

OpSample ProbeRunner::sample(int min_runs_per_side, double budget_ns) {
  // The fastest of several runs per side: on a shared machine a run that lost the CPU (or
  // shared its core) is slower, never faster, so the minimum is the run's own cost. Fast
  // backends get more runs, up to the budget, because a short run is the most easily disturbed.
  constexpr int kMaxRunsPerSide = 200;
  const auto start = std::chrono::steady_clock::now();
  Run base = timed_run(probe_.base, base_events_);
  Run full = timed_run(probe_.full, full_events_);
  for (int run = 1; run < kMaxRunsPerSide; ++run) {
    const double spent =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    if (run >= min_runs_per_side && spent > budget_ns) break;
    base.wall_ns = std::min(base.wall_ns, timed_run(probe_.base, base_events_).wall_ns);
    full.wall_ns = std::min(full.wall_ns, timed_run(probe_.full, full_events_).wall_ns);
  }
  const auto ops = static_cast<double>(std::max<std::size_t>(probe_.ops, 1));
  OpSample sample;
  sample.wall_ns_per_op = (full.wall_ns - base.wall_ns) / ops;
  sample.wall_source = reported_match_ns(full.metrics) ? "the backend's own timing of its matching "
                                                         "loop (match_ns), core set-up excluded"
                                                       : "Backend::run, fresh core included";
  sample.allocs_per_op =
      (static_cast<double>(full.allocs.allocations) - static_cast<double>(base.allocs.allocations)) / ops;
  sample.bytes_per_op =
      (static_cast<double>(full.allocs.bytes) - static_cast<double>(base.allocs.bytes)) / ops;
  sample.fills_per_op = static_cast<double>(fills_) / ops;
  const auto full_cycles = reported_cycles(full.metrics);
  const auto full_sim_ns = reported_simulated_ns(full.metrics);
  if (full_cycles) {
    sample.sim_cycles_per_op = (*full_cycles - reported_cycles(base.metrics).value_or(0)) / ops;
    const auto clock = reported_clock_mhz(full.metrics);
    sample.sim_ns_per_op = *sample.sim_cycles_per_op / clock.value_or(nominal_clock_mhz_) * 1e3;
    sample.sim_basis = clock ? fmt::format("{:g} MHz (reported)", *clock)
                             : fmt::format("{:g} MHz (nominal, targets.json)", nominal_clock_mhz_);
  } else if (full_sim_ns) {
    sample.sim_ns_per_op = (*full_sim_ns - reported_simulated_ns(base.metrics).value_or(0)) / ops;
    sample.sim_basis = "simulated time (reported)";
  }
  return sample;
}

} // namespace twinmatch::bench
