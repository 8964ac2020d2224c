// The Google Benchmark suite: every probe of workloads.hpp registered once per backend variant
// (variants.hpp: BM_PlaceOrder/sw, BM_PlaceOrder/rtl, BM_PlaceOrder/sw+dma, ...), measured the
// way `twinmatch report` measures it:
//   - an engine whose wall time is the product's latency (targets.json wall_time_is_latency:
//     sw, ref) runs in process (in_process.hpp): an iteration is one sample, the fastest of 5
//     or more batch runs, set-up excluded; placement adds per-command TSC percentiles;
//   - any other backend (a simulator) runs through Backend::run (measure.hpp): an iteration is
//     the fastest of 5 or more base runs and of as many full runs; its manual time is the
//     difference. That wall time is the simulator's speed; sim_* counters are simulated time.
// Iterations are fixed (kIterations): a simulated run takes milliseconds, so letting Google
// Benchmark scale iterations to a minimum manual time would take minutes.
// Counters, per measured command:
//   ns_per_op            wall time on the host (in process: the product's; else the simulator's)
//   p50_ns, p99_ns       (in process, placement) per-command latency, timer cost included
//   timer_ns             that timer's own cost, back to back
//   allocs_per_op        operator new calls, bytes_per_op their bytes
//   matches_per_s        (throughput) Fill events per second of wall time
//   sim_cycles_per_op    simulated cycles, when the backend reports them
//   sim_ns_per_op@<clk>  those cycles at the backend's reported clock, else the nominal clock
//   sim_ns_per_op        simulated time a backend reports directly (a link model's duration)
// The MemoryManager adds Google Benchmark's own allocs_per_iter/max_bytes_used for a whole
// iteration (fresh cores included), next to the per-command counters above.
// BM_DropIn/<session>/<c_abi|engine> (drop_in.hpp): a venue session through the drop-in API, one
// call per message; M_msgs_per_s of the warm pass, per-call p50/p99/p999/max_ns (timer included).
// BM_DropInConfig/steady_drift/c_abi/handles:<n>/price_levels:<n>: the same at other capacities.
// BM_DropInBand/<session>/c_abi/price_levels:<n>: the same messages on bands of 2^14, 2^17, 2^32 - 1
// ticks (the cost must not follow the width); BM_DropInCreate/<config>: construction and memory.
// BM_TradeSettlement/<variant>/sync:<group|none> (settlement.hpp): an iteration settles the
// batches of that backend's events for the throughput stream, journal written under the build
// directory; its manual time is the median batch, p50_us/p99_us the percentiles over batches.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "alloc_counter.hpp"
#include "drop_in.hpp"
#include "in_process.hpp"
#include "measure.hpp"
#include "settlement.hpp"
#include "twinmatch/bench/report.hpp"
#include "twinmatch/bench/targets.hpp"
#include "twinmatch/tools/backends.hpp"
#include "variants.hpp"
#include "workloads.hpp"

namespace twinmatch::bench {
namespace {

constexpr benchmark::IterationCount kIterations = 10;

class WholeIterationMemoryManager final : public benchmark::MemoryManager {
public:
  void Start() override { start_ = allocations_so_far(); }
  void Stop(Result& result) override {
    const AllocationCount now = allocations_so_far();
    result.num_allocs = static_cast<std::int64_t>(now.allocations - start_.allocations);
    result.total_allocated_bytes = static_cast<std::int64_t>(now.bytes - start_.bytes);
    result.max_bytes_used = 0; // peak use is not tracked: operator delete does not know sizes
  }
  void Stop(Result* result) override { Stop(*result); }

private:
  AllocationCount start_;
};

void run_in_process(benchmark::State& state, InProcessRunner& runner, const Probe& probe) {
  const int timed_runs = probe.metric == "place_order" ? 3 : 0;
  double wall_ns = 0, allocs = 0, bytes = 0, fills = 0, p50 = 0, p99 = 0;
  for (auto _ : state) {
    const InProcessSample sample = runner.sample(5, 20e6, timed_runs);
    state.SetIterationTime(sample.batch_ns_per_op * static_cast<double>(probe.ops) / 1e9);
    wall_ns += sample.batch_ns_per_op;
    allocs += sample.allocs_per_op;
    bytes += sample.bytes_per_op;
    fills += sample.fills_per_op;
    p50 += sample.p50_ns;
    p99 += sample.p99_ns;
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["ns_per_op"] = wall_ns / iterations;
  state.counters["allocs_per_op"] = allocs / iterations;
  state.counters["bytes_per_op"] = bytes / iterations;
  if (fills > 0) state.counters["matches_per_s"] = fills / (wall_ns / 1e9);
  if (timed_runs > 0) {
    state.counters["p50_ns"] = p50 / iterations;
    state.counters["p99_ns"] = p99 / iterations;
    state.counters["timer_ns"] = timer_cost_ns();
  }
  state.SetLabel(fmt::format("in process, {} ops/iteration", probe.ops));
}

void run_probe(benchmark::State& state, const BackendVariant& variant, const Probe& probe,
               double nominal_clock_mhz, bool in_process) {
  if (in_process) {
    if (const auto runner = make_in_process_runner(variant.backend, probe)) {
      run_in_process(state, *runner, probe);
      return;
    }
  }
  std::string error;
  const auto backend = tools::make_backend(variant.backend, probe.config, variant.options, error);
  if (!backend) {
    state.SkipWithError(error.c_str());
    return;
  }
  ProbeRunner runner(*backend, probe, nominal_clock_mhz);
  if (!runner.error().empty()) {
    state.SkipWithError(runner.error().c_str());
    return;
  }
  double wall_ns = 0, allocs = 0, bytes = 0, fills = 0, cycles = 0, sim_ns = 0;
  OpSample last;
  for (auto _ : state) {
    last = runner.sample();
    // A batch shorter than the clock's resolution would be negative from noise; the suite sizes
    // batches well above it, and the clamp keeps Google Benchmark's arithmetic valid.
    state.SetIterationTime(std::max(last.wall_ns_per_op, 0.0) * static_cast<double>(probe.ops) / 1e9);
    wall_ns += last.wall_ns_per_op;
    allocs += last.allocs_per_op;
    bytes += last.bytes_per_op;
    fills += last.fills_per_op;
    cycles += last.sim_cycles_per_op.value_or(0);
    sim_ns += last.sim_ns_per_op.value_or(0);
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["ns_per_op"] = wall_ns / iterations;
  state.counters["allocs_per_op"] = allocs / iterations;
  state.counters["bytes_per_op"] = bytes / iterations;
  if (fills > 0) state.counters["matches_per_s"] = fills / (wall_ns / 1e9);
  if (last.sim_cycles_per_op) {
    state.counters["sim_cycles_per_op"] = cycles / iterations;
    const std::string clock = last.sim_basis.substr(0, last.sim_basis.find(' '));
    state.counters[fmt::format("sim_ns_per_op@{}MHz", clock)] = sim_ns / iterations;
  } else if (last.sim_ns_per_op) {
    state.counters["sim_ns_per_op"] = sim_ns / iterations;
  }
  state.SetLabel(fmt::format("Backend::run (simulator speed), {} ops/iteration", probe.ops));
}

void register_probe(const BackendVariant& variant, const Probe& probe, const TargetTable& targets) {
  const double clock_mhz = targets.nominal_clock_mhz;
  const bool in_process = targets.wall_time_is_latency_of(variant.label);
  benchmark::RegisterBenchmark(
      fmt::format("{}/{}", probe.benchmark, variant.label).c_str(),
      [variant, &probe, clock_mhz, in_process](benchmark::State& state) {
        run_probe(state, variant, probe, clock_mhz, in_process);
      })
      ->UseManualTime()
      ->Iterations(kIterations)
      ->Unit(benchmark::kMicrosecond);
}

void run_settlement(benchmark::State& state, const BackendVariant& variant, const Probe& probe,
                    durable::SyncPolicy sync) {
  std::string error;
  const auto backend = tools::make_backend(variant.backend, probe.config, variant.options, error);
  if (!backend) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(probe.full, events, metrics);
  SettlementRunner runner(probe.config, probe.full, std::move(events),
                          fmt::format("{}/settlement-bench-{}", TWINMATCH_BUILD_DIR, variant.label));
  // Group commit pays an fdatasync per batch: fewer batches per iteration.
  const std::size_t batches = sync == durable::SyncPolicy::Group ? 64 : probe.full.size();
  double p50 = 0, p99 = 0, trades = 0;
  for (auto _ : state) {
    const SettlementSample sample = runner.sample(sync, batches);
    if (!runner.error().empty()) {
      state.SkipWithError(runner.error().c_str());
      return;
    }
    state.SetIterationTime(sample.p50_ns / 1e9);
    p50 += sample.p50_ns;
    p99 += sample.p99_ns;
    trades += sample.trades_per_batch;
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["p50_us"] = p50 / iterations / 1e3;
  state.counters["p99_us"] = p99 / iterations / 1e3;
  state.counters["trades_per_batch"] = trades / iterations;
  state.SetLabel(fmt::format("batches of {} commands", kSettlementBatchCommands));
}

void register_settlement(const BackendVariant& variant, const Probe& probe) {
  for (const auto sync : {durable::SyncPolicy::Group, durable::SyncPolicy::None}) {
    benchmark::RegisterBenchmark(
        fmt::format("BM_TradeSettlement/{}/sync:{}", variant.label, durable::sync_policy_name(sync))
            .c_str(),
        [variant, &probe, sync](benchmark::State& state) { run_settlement(state, variant, probe, sync); })
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMicrosecond);
  }
}

} // namespace
} // namespace twinmatch::bench

int main(int argc, char** argv) {
  using namespace twinmatch;
  using namespace twinmatch::bench;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  TargetTable targets;
  std::string error;
  if (!load_targets(TWINMATCH_TARGETS_FILE, targets, error)) {
    fmt::print(stderr, "twinmatch_benchmarks: {}\n", error);
    return 1;
  }
  const MachineInfo machine = probe_machine();
  benchmark::AddCustomContext("twinmatch_compiler", machine.compiler);
  benchmark::AddCustomContext("twinmatch_flags", machine.flags);
  benchmark::AddCustomContext("twinmatch_nominal_clock_mhz", fmt::format("{:g}", targets.nominal_clock_mhz));

  // Probes live until the end of main: the registered benchmarks refer to them.
  static const std::vector<Probe> probes = standard_probes();
  static const Probe deep_scan = deep_scan_probe();
  static const TargetTable table = targets;
  for (const BackendVariant& variant : backend_variants(kHardwareConfig)) {
    for (const Probe& probe : probes) register_probe(variant, probe, table);
    register_settlement(variant, probes.front());
  }
  for (const BackendVariant& variant : backend_variants(kCpuConfig)) {
    register_probe(variant, deep_scan, table);
  }
  register_drop_in_benchmarks();
  WholeIterationMemoryManager memory_manager;
  benchmark::RegisterMemoryManager(&memory_manager);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::RegisterMemoryManager(nullptr);
  benchmark::Shutdown();
  return 0;
}
