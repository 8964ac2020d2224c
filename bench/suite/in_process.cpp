#include "in_process.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <span>
#include <vector>

#include "reference_model.hpp"
#include "tsc_clock.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"
#include "twinmatch/tools/backends.hpp"

namespace twinmatch::bench {
namespace {

// Read after every run, so that no engine's work can be optimised away.
volatile std::uint64_t g_observed = 0;

class SwEngine {
public:
  SwEngine(const CoreConfig& config, std::size_t /*events*/)
      : core_(std::make_unique<sw::Core<sw::RingSink>>(config, kRingEvents)) {
    core_->prefault();
  }
  void apply(const Command& command) { core_->apply(command); }
  void apply(std::span<const Command> commands) { core_->apply(commands); }
  std::uint64_t observed() const { return core_->sink().count(); }

private:
  std::unique_ptr<sw::Core<sw::RingSink>> core_;
};

class ReferenceEngine {
public:
  ReferenceEngine(const CoreConfig& config, std::size_t events) : model_(config) {
    events_.reserve(events);
  }
  void apply(const Command& command) { model_.apply(command, events_); }
  void apply(std::span<const Command> commands) {
    for (const Command& command : commands) model_.apply(command, events_);
  }
  std::uint64_t observed() const { return events_.size(); }

private:
  ref::ReferenceModel model_;
  std::vector<Event> events_;
};

double nearest_rank(std::vector<std::uint64_t>& ticks, double quantile) {
  if (ticks.empty()) return 0;
  auto rank = static_cast<std::size_t>(quantile * static_cast<double>(ticks.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, ticks.size());
  std::nth_element(ticks.begin(), ticks.begin() + static_cast<std::ptrdiff_t>(rank - 1), ticks.end());
  return static_cast<double>(ticks[rank - 1]) * ns_per_tick();
}

template <class Engine>
class Runner final : public InProcessRunner {
public:
  explicit Runner(const Probe& probe) : probe_(probe) {
    // The reference model's events: the sink's size, and the fills the measured commands cause.
    ref::ReferenceModel model(probe.config);
    std::vector<Event> events;
    for (const Command& command : probe.base) model.apply(command, events);
    const std::size_t base_events = events.size();
    for (const Command& command : measured()) model.apply(command, events);
    full_events_ = events.size();
    const auto fills = std::count_if(events.begin() + static_cast<std::ptrdiff_t>(base_events),
                                     events.end(), [](const Event& event) {
                                       return event.type == static_cast<std::uint8_t>(EventType::Fill);
                                     });
    fills_per_op_ = static_cast<double>(fills) / static_cast<double>(std::max<std::size_t>(probe.ops, 1));
  }

  InProcessSample sample(int min_runs, double budget_ns, int timed_runs) override {
    constexpr int kMaxRuns = 200;
    const auto ops = static_cast<double>(std::max<std::size_t>(probe_.ops, 1));
    InProcessSample sample;
    sample.fills_per_op = fills_per_op_;
    double fastest = std::numeric_limits<double>::infinity();
    const auto start = std::chrono::steady_clock::now();
    for (int run = 0; run < kMaxRuns; ++run) {
      const double spent =
          std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
      if (run >= min_runs && spent > budget_ns) break;
      Engine engine(probe_.config, full_events_);
      engine.apply(std::span(probe_.base));
      const AllocationCount allocs_before = allocations_so_far();
      const auto batch_start = std::chrono::steady_clock::now();
      engine.apply(measured());
      const auto batch_end = std::chrono::steady_clock::now();
      const AllocationCount allocs_after = allocations_so_far();
      g_observed = g_observed + engine.observed();
      fastest = std::min(fastest,
                         std::chrono::duration<double, std::nano>(batch_end - batch_start).count());
      sample.allocs_per_op =
          static_cast<double>(allocs_after.allocations - allocs_before.allocations) / ops;
      sample.bytes_per_op = static_cast<double>(allocs_after.bytes - allocs_before.bytes) / ops;
    }
    sample.batch_ns_per_op = fastest / ops;

    std::vector<std::uint64_t> ticks;
    ticks.reserve(probe_.ops * static_cast<std::size_t>(std::max(timed_runs, 0)));
    for (int run = 0; run < timed_runs; ++run) {
      Engine engine(probe_.config, full_events_);
      engine.apply(std::span(probe_.base));
      for (const Command& command : measured()) {
        const std::uint64_t before = tsc_now();
        engine.apply(command);
        const std::uint64_t after = tsc_now();
        ticks.push_back(after - before);
      }
      g_observed = g_observed + engine.observed();
    }
    sample.p50_ns = nearest_rank(ticks, 0.50);
    sample.p99_ns = nearest_rank(ticks, 0.99);
    return sample;
  }

private:
  std::span<const Command> measured() const {
    return std::span(probe_.full).subspan(probe_.base.size(), probe_.ops);
  }

  const Probe& probe_;
  std::size_t full_events_ = 0;
  double fills_per_op_ = 0;
};

} // namespace

std::unique_ptr<InProcessRunner> make_in_process_runner(std::string_view backend, const Probe& probe) {
  std::string unsupported;
  if (!tools::make_backend(backend, probe.config, {}, unsupported)) return nullptr;
  if (backend == "sw") return std::make_unique<Runner<SwEngine>>(probe);
  if (backend == "ref") return std::make_unique<Runner<ReferenceEngine>>(probe);
  return nullptr;
}

std::string in_process_coverage(std::string_view backend) {
  if (backend == "sw") {
    return "in process: sw::Core<RingSink> (a 64 KiB ring of events, overwritten), prefaulted, "
           "built and given the base stream before the clock starts";
  }
  return "in process: ref::ReferenceModel appending to a reserved vector, built and given the "
         "base stream before the clock starts";
}

double timer_cost_ns() {
  static const double cost = [] {
    std::uint64_t least = std::numeric_limits<std::uint64_t>::max();
    for (int i = 0; i < 10000; ++i) {
      const std::uint64_t before = tsc_now();
      const std::uint64_t after = tsc_now();
      least = std::min(least, after - before);
    }
    return static_cast<double>(least) * ns_per_tick();
  }();
  return cost;
}

} // namespace twinmatch::bench
