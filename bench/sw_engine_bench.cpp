// sw_engine benchmarks: throughput per scenario, commands delivered in runs and one call each
// (and the reference model on the same stream, and the floor that writing the stream's events
// alone sets), per-order latency of placing a non-crossing order, the full book scan,
// allocations per op.
// Events go into a fixed ring (kRingEvents) that is overwritten, never a growing buffer.
//
//   taskset -c 0 build/bin/sw_engine_bench --benchmark_repetitions=5
//       --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
// (one command) ends with a table of the engine's throughput over the reference model's on the
// same streams, beside the event-output floor. Interleaving the repetitions matters on a VM
// whose speed drifts by tens of percent.
#include <benchmark/benchmark.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "reference_model.hpp"
#include "tsc_clock.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"
#include "twinmatch/tools/command_builders.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::bench {
namespace {

using sw::Core;
using sw::RingSink;
using sw::VectorSink;

// Every scenario of the shared generator, on the CPU configuration (books and handles spread
// over tens of MiB), on the hardware one (everything cache-resident) and on the CPU one with
// the widest band, 2^32 - 1 ticks (the generator trades it around 2^31: far from zero, and in
// the volatile session over a range of 1.3 billion ticks). range(0) is the scenario, range(1)
// the configuration.
constexpr std::size_t kStreamCommands = 1'000'000;
constexpr CoreConfig kConfigs[] = {kCpuConfig, kHardwareConfig, CoreConfig{64, 0xFFFFFFFFu, 1u << 20, 1'000'000'000}};
constexpr const char* kConfigNames[] = {"cpu", "hw", "cpu-widest-band"};

const CoreConfig& bench_config(const benchmark::State& state) {
  return kConfigs[static_cast<std::size_t>(state.range(1))];
}

// What `make(state)` returns for the state's (scenario, configuration), made once per pair: each
// caller's lambda is a type of its own, so each gets its own cache.
template <class Make>
const auto& per_stream(const benchmark::State& state, Make make) {
  static std::map<std::pair<std::int64_t, std::int64_t>, decltype(make(state))> cache;
  const auto key = std::make_pair(state.range(0), state.range(1));
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, make(state)).first;
  return it->second;
}

const std::vector<Command>& stream(const benchmark::State& state) {
  return per_stream(state, [](const benchmark::State& s) {
    const tools::Scenario scenario = tools::kScenarios[static_cast<std::size_t>(s.range(0))];
    return tools::generate(bench_config(s), scenario, 42, kStreamCommands);
  });
}

std::string scenario_label(const benchmark::State& state) {
  return std::string(tools::scenario_name(tools::kScenarios[static_cast<std::size_t>(state.range(0))])) + "/" +
         kConfigNames[state.range(1)];
}

// Events go into a ring of this many records (64 KiB), overwritten in place.
constexpr std::size_t kRingEvents = 1024;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of this thread: on a shared machine, wall time also counts other processes' slices.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Commands reach the engine in runs of this many, as a host driver hands over a ring's worth;
// the batch call prefetches for the commands ahead within a run (sw::Core::apply(span)).
constexpr std::size_t kDeliveryRun = 256;

// One iteration: a fresh, prefaulted core (not timed) runs the whole stream (timed), in runs of
// kDeliveryRun commands, or one apply() call per command when `one_by_one` (how an application
// calling the engine for each order it receives drives it).
void run_throughput(benchmark::State& state, bool one_by_one) {
  const auto& commands = stream(state);
  double timed = 0;
  double cpu = 0;
  std::uint64_t events = 0;
  reset_allocation_counts();
  for (auto _ : state) {
    auto core = std::make_unique<Core<RingSink>>(bench_config(state), kRingEvents);
    core->prefault();
    count_allocations(true);
    const double cpu_start = thread_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    if (one_by_one) {
      for (const Command& c : commands) core->apply(c);
    } else {
      for (std::size_t i = 0; i < commands.size(); i += kDeliveryRun)
        core->apply(std::span(commands).subspan(i, std::min(kDeliveryRun, commands.size() - i)));
    }
    const double seconds = seconds_since(start);
    cpu += thread_cpu_seconds() - cpu_start;
    count_allocations(false);
    state.SetIterationTime(seconds);
    timed += seconds;
    events += core->sink().count();
    benchmark::DoNotOptimize(core->sink().last());
  }
  const double ops = static_cast<double>(state.iterations()) * static_cast<double>(commands.size());
  state.counters["Mcmd_per_s"] = ops / timed / 1e6;
  state.counters["Mcmd_per_cpu_s"] = ops / cpu / 1e6;
  state.counters["ns_per_cmd"] = timed * 1e9 / ops;
  state.counters["events_per_cmd"] = static_cast<double>(events) / ops;
  report_allocations(state, ops);
  state.SetLabel(scenario_label(state));
}

void BM_Throughput(benchmark::State& state) { run_throughput(state, false); }
void BM_ThroughputOneByOne(benchmark::State& state) { run_throughput(state, true); }

// The reference model on the same stream, its event vector cleared every 1024 commands.
void BM_ReferenceThroughput(benchmark::State& state) {
  const auto& commands = stream(state);
  double timed = 0;
  double cpu = 0;
  reset_allocation_counts();
  for (auto _ : state) {
    auto model = std::make_unique<ref::ReferenceModel>(bench_config(state));
    std::vector<Event> events;
    events.reserve(1 << 16);
    count_allocations(true); // the same counting as the engine's, so the contrast is visible
    const double cpu_start = thread_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    std::size_t n = 0;
    for (const Command& c : commands) {
      model->apply(c, events);
      if (++n % 1024 == 0) events.clear();
    }
    const double seconds = seconds_since(start);
    cpu += thread_cpu_seconds() - cpu_start;
    count_allocations(false);
    state.SetIterationTime(seconds);
    timed += seconds;
    benchmark::DoNotOptimize(events.data());
  }
  const double ops = static_cast<double>(state.iterations()) * static_cast<double>(commands.size());
  state.counters["Mcmd_per_s"] = ops / timed / 1e6;
  state.counters["Mcmd_per_cpu_s"] = ops / cpu / 1e6;
  state.counters["ns_per_cmd"] = timed * 1e9 / ops;
  report_allocations(state, ops);
  state.SetLabel(scenario_label(state));
}

// How many events the engine emits for each command of the stream.
const std::vector<std::uint32_t>& events_per_command(const benchmark::State& state) {
  return per_stream(state, [](const benchmark::State& s) {
    std::vector<Event> events;
    auto core = std::make_unique<Core<VectorSink>>(bench_config(s), events);
    std::vector<std::uint32_t> counts;
    counts.reserve(stream(s).size());
    for (const Command& c : stream(s)) {
      events.clear();
      core->apply(c);
      counts.push_back(static_cast<std::uint32_t>(events.size()));
    }
    return counts;
  });
}

// The floor the wire format sets on this machine: each command's events (as many as the engine
// emits for it) written into the same ring, each record zeroed, typed, flagged and numbered as
// the engine starts every event, with no validation, no book and no matching: the memory
// traffic of the 64-byte records that any engine emitting them pays. The table at the end sets
// it beside ten times the reference model.
void BM_EventOutputFloor(benchmark::State& state) {
  const auto& per_command = events_per_command(state);
  double timed = 0;
  for (auto _ : state) {
    RingSink sink(kRingEvents);
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t seq = 0;
    std::uint64_t cmd_seq = 0;
    for (const std::uint32_t count : per_command) {
      ++cmd_seq;
      for (std::uint32_t k = 0; k < count; ++k) {
        Event& e = sink.next();
        e = Event{};
        e.type = static_cast<std::uint8_t>(EventType::LevelUpdate);
        e.flags = k + 1 == count ? kEventLast : 0;
        e.seq = ++seq;
        e.cmd_seq = cmd_seq;
      }
      benchmark::ClobberMemory(); // one command's records are written before the next one's
    }
    const double seconds = seconds_since(start);
    state.SetIterationTime(seconds);
    timed += seconds;
    benchmark::DoNotOptimize(sink.last());
  }
  const double ops = static_cast<double>(state.iterations()) * static_cast<double>(per_command.size());
  state.counters["Mcmd_per_s"] = ops / timed / 1e6;
  state.counters["ns_per_cmd"] = timed * 1e9 / ops;
  state.SetLabel(scenario_label(state));
}

// ---------------------------------------------------------------- latency and scan

Command new_order(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity) {
  tools::OrderTerms terms;
  terms.handle = handle;
  terms.side = side;
  terms.price = price;
  terms.quantity = quantity;
  return tools::new_order_command(terms);
}

// A book on symbol 0 with `levels_per_side` levels each side, `spacing` ticks apart, two orders
// per level, bids below the mid and asks above. Returns the next unused handle.
std::uint32_t build_book(Core<RingSink>& core, std::uint32_t levels_per_side, std::uint32_t spacing) {
  const std::uint32_t mid = kCpuConfig.price_levels / 2;
  std::uint32_t handle = 0;
  for (std::uint32_t i = 1; i <= levels_per_side; ++i) {
    for (int k = 0; k < 2; ++k) {
      core.apply(new_order(handle++, Side::Buy, mid - i * spacing, 100));
      core.apply(new_order(handle++, Side::Sell, mid + i * spacing, 100));
    }
  }
  return handle;
}

std::uint64_t percentile(std::vector<std::uint64_t>& samples, double fraction) {
  const std::size_t index = std::min(samples.size() - 1, static_cast<std::size_t>(fraction * static_cast<double>(samples.size())));
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index), samples.end());
  return samples[index];
}

// Places non-crossing limit orders into a 1,000-level book (kCpuConfig), 16 at a time, then
// cancels them untimed so the book keeps its size. Each iteration times one batch order by
// order (lfence; rdtsc; apply; lfence; rdtsc: the p*_ns counters, which include the timer's own
// cost and resolution, reported as timer_ns / timer_resolution_ns) and one batch as a whole
// with no timer inside (batch_*_ns_per_order, the honest amortised figure).
void BM_PlaceNonCrossing(benchmark::State& state) {
  constexpr std::uint32_t kBatch = 16;
  auto core = std::make_unique<Core<RingSink>>(kCpuConfig, kRingEvents);
  core->prefault();
  const std::uint32_t first_handle = build_book(*core, 500, 1);
  const std::uint32_t mid = kCpuConfig.price_levels / 2;
  std::minstd_rand rng(7);
  std::vector<Command> batch(kBatch);
  const auto fill_batch = [&] {
    for (std::uint32_t i = 0; i < kBatch; ++i) {
      const bool buy = (rng() & 1) != 0;
      const auto depth = static_cast<std::uint32_t>(1 + rng() % 500); // within the existing levels
      batch[i] = new_order(first_handle + i, buy ? Side::Buy : Side::Sell, buy ? mid - depth : mid + depth,
                           static_cast<std::uint32_t>(1 + rng() % 1000));
    }
  };
  const auto cancel_batch = [&] {
    for (std::uint32_t i = 0; i < kBatch; ++i) core->apply(tools::cancel_command(first_handle + i));
  };
  std::vector<std::uint64_t> per_order;
  std::vector<std::uint64_t> per_batch;
  per_order.reserve(std::size_t{1} << 23);
  per_batch.reserve(std::size_t{1} << 19);
  std::uint64_t timer_cost = ~std::uint64_t{0};
  std::uint64_t resolution = ~std::uint64_t{0};
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t t0 = tsc_now();
    const std::uint64_t t1 = tsc_now();
    timer_cost = std::min(timer_cost, t1 - t0);
    if (t1 != t0) resolution = std::min(resolution, t1 - t0);
  }

  double batch_ticks = 0;
  reset_allocation_counts();
  for (auto _ : state) {
    fill_batch();
    count_allocations(true);
    for (std::uint32_t i = 0; i < kBatch; ++i) {
      const std::uint64_t start = tsc_now();
      core->apply(batch[i]);
      const std::uint64_t end = tsc_now();
      if (per_order.size() < per_order.capacity()) per_order.push_back(end - start);
    }
    count_allocations(false);
    state.PauseTiming();
    cancel_batch();
    fill_batch();
    state.ResumeTiming();
    count_allocations(true);
    const std::uint64_t batch_start = tsc_now();
    for (std::uint32_t i = 0; i < kBatch; ++i) core->apply(batch[i]);
    const std::uint64_t batch_end = tsc_now();
    count_allocations(false);
    if (per_batch.size() < per_batch.capacity()) per_batch.push_back(batch_end - batch_start);
    batch_ticks += static_cast<double>(batch_end - batch_start);
    state.PauseTiming();
    cancel_batch();
    state.ResumeTiming();
  }
  const double tick_ns = ns_per_tick();
  const double orders = static_cast<double>(state.iterations()) * kBatch;
  state.counters["p50_ns"] = static_cast<double>(percentile(per_order, 0.50)) * tick_ns;
  state.counters["p90_ns"] = static_cast<double>(percentile(per_order, 0.90)) * tick_ns;
  state.counters["p99_ns"] = static_cast<double>(percentile(per_order, 0.99)) * tick_ns;
  state.counters["p999_ns"] = static_cast<double>(percentile(per_order, 0.999)) * tick_ns;
  state.counters["timer_ns"] = static_cast<double>(timer_cost) * tick_ns;
  state.counters["timer_resolution_ns"] = static_cast<double>(resolution) * tick_ns;
  state.counters["batch_p50_ns_per_order"] = static_cast<double>(percentile(per_batch, 0.50)) * tick_ns / kBatch;
  state.counters["batch_p99_ns_per_order"] = static_cast<double>(percentile(per_batch, 0.99)) * tick_ns / kBatch;
  state.counters["batch_mean_ns_per_order"] = batch_ticks * tick_ns / orders;
  report_allocations(state, 2 * orders);
}

// Snapshot (depth 0) of symbol 0 holding `levels` levels in all, half each side, `spacing`
// ticks apart: one SnapshotRow per level plus SnapshotEnd into the ring.
void BM_Snapshot(benchmark::State& state) {
  const auto levels = static_cast<std::uint32_t>(state.range(0));
  const auto spacing = static_cast<std::uint32_t>(state.range(1));
  auto core = std::make_unique<Core<RingSink>>(kCpuConfig, kRingEvents);
  core->prefault();
  build_book(*core, levels / 2, spacing);
  const Command snapshot = tools::snapshot_command(0, 0);
  reset_allocation_counts();
  count_allocations(true);
  for (auto _ : state) {
    core->apply(snapshot);
    benchmark::DoNotOptimize(core->sink().last());
  }
  count_allocations(false);
  if (core->sink().last().order_count != levels) state.SkipWithError("snapshot did not report every level");
  state.counters["rows"] = levels;
  report_allocations(state, static_cast<double>(state.iterations()));
}

void throughput_args(benchmark::internal::Benchmark* b) {
  for (std::int64_t config = 0; config < std::ssize(kConfigs); ++config)
    for (std::size_t i = 0; i < tools::kScenarios.size(); ++i) b->Args({static_cast<std::int64_t>(i), config});
  b->UseManualTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_Throughput)->Apply(throughput_args);
BENCHMARK(BM_ThroughputOneByOne)->Apply(throughput_args);
BENCHMARK(BM_ReferenceThroughput)->Apply(throughput_args)->Iterations(1);
BENCHMARK(BM_EventOutputFloor)->Apply(throughput_args);
BENCHMARK(BM_PlaceNonCrossing)->Iterations(200000);
BENCHMARK(BM_Snapshot)->Args({1000, 1})->Args({1000, 7})->Args({2000, 3})->Unit(benchmark::kMicrosecond);

// The console output plus, at the end, the engine's throughput over the reference model's on
// the same streams (wall and thread-CPU time), and the event-output floor beside ten times the
// reference, from the runs' own counters.
class SpeedupReporter final : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      // Single runs, or the median of repetitions.
      const bool usable = run.run_type == Run::RT_Iteration || run.aggregate_name == "median";
      if (!usable || run.error_occurred) continue;
      const std::string name = run.run_name.str();
      if (name.rfind("BM_EventOutputFloor/", 0) == 0) {
        floor_[run.report_label] = run.counters.at("Mcmd_per_s").value;
        continue;
      }
      auto* side = name.rfind("BM_Throughput/", 0) == 0            ? &engine_
                   : name.rfind("BM_ReferenceThroughput/", 0) == 0 ? &reference_
                                                                   : nullptr;
      if (side == nullptr) continue;
      auto& figures = (*side)[run.report_label];
      figures.first = run.counters.at("Mcmd_per_s").value;
      figures.second = run.counters.at("Mcmd_per_cpu_s").value;
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    if (engine_.empty() || reference_.empty()) return;
    std::printf("\nsw_engine over the reference model, same stream (Mcmd/s wall | thread-CPU):\n");
    for (const auto& [label, sw] : engine_) {
      const auto ref = reference_.find(label);
      if (ref == reference_.end()) continue;
      std::printf("  %-18s sw %7.2f | %7.2f   ref %6.2f | %6.2f   speedup %5.1fx | %5.1fx", label.c_str(),
                  sw.first, sw.second, ref->second.first, ref->second.second, sw.first / ref->second.first,
                  sw.second / ref->second.second);
      const auto floor = floor_.find(label);
      if (floor != floor_.end())
        std::printf("   10x ref %6.1f, event floor %6.1f%s", 10 * ref->second.first, floor->second,
                    10 * ref->second.first > floor->second ? " (10x is above the floor)" : "");
      std::printf("\n");
    }
  }

private:
  std::map<std::string, std::pair<double, double>> engine_;
  std::map<std::string, std::pair<double, double>> reference_;
  std::map<std::string, double> floor_; // BM_EventOutputFloor's Mcmd/s
};

} // namespace
} // namespace twinmatch::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  twinmatch::bench::CountingMemoryManager memory_manager;
  benchmark::RegisterMemoryManager(&memory_manager);
  twinmatch::bench::SpeedupReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::RegisterMemoryManager(nullptr);
  benchmark::Shutdown();
  return 0;
}
