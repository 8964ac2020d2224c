// Settlement latency per batch, durable journal write included:
//   BM_TradeSettlement/batch:<commands>/sync:<group|none>
// Each iteration journals one batch of commands (one pwrite(), and one fdatasync under group
// commit) and settles its trades from the events the reference model produced for it beforehand,
// so the figure is the post-trade cost alone, matching excluded.
//   BM_TradeSettlement/batch:<commands>/no_journal: the ledger alone, for comparison. Every batch is timed by hand;
// the counters give the median, p99 and max in microseconds over all timed batches.
//   BM_DurableSubmit/engine:<ref|sw>/batch:<commands>/sync:<group|none>: the same plus matching,
//   through DurableEngine<Engine>::submit (ref is the plain oracle, sw the fast core).
//   BM_TradeSettlement/batch:<commands>/sync:pipelined/every_us:<t>: open loop, one batch due every
//   t microseconds (on time or as soon as the previous submit returns); the time per iteration is
//   the caller's cost (write and settle), the p50/p99/max counters are the latency from a batch's
//   due time to the moment its acknowledgement (the flusher thread's fdatasync) is observed
//   (polled every 50 us).
//   BM_DeviceFlush/bytes:<n>: the floor under group commit, measured next to it: pwrite of n
//   bytes into a file written full of zeros and fsync'ed beforehand, then fdatasync; no twinmatch
//   code. n = 1024, 4096, 16384 are the journal records of 16, 64 and 256 commands.
#include <algorithm>
#include <chrono>
#include <deque>
#include <thread>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"
#include "twinmatch/tools/generator.hpp"

namespace {

using namespace twinmatch;
using Clock = std::chrono::steady_clock;

constexpr CoreConfig kCore = kHardwareConfig;
constexpr std::size_t kCommands = 200000;

durable::SettlementConfig bench_terms() {
  return durable::SettlementConfig::uniform(kCore, {.base_price = 10000, .tick_value = 5,
                                                    .taker_bps = 20, .maker_bps = -5});
}

struct Batch {
  std::span<const Command> commands;
  std::span<const Event> events;
  std::size_t trades;
};

// A volatile session (many sweeps) and its events, cut into batches of `size` commands.
struct Session {
  std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Volatile, 11, kCommands);
  std::vector<Event> events;
  std::vector<std::size_t> first_event; // per command, and one past the end

  Session() {
    durable::ReferenceEngine engine(kCore);
    for (const Command& command : commands) {
      first_event.push_back(events.size());
      engine.apply(command, events);
    }
    first_event.push_back(events.size());
  }

  std::vector<Batch> batches(std::size_t size) const {
    std::vector<Batch> cut;
    for (std::size_t start = 0; start + size <= commands.size(); start += size) {
      const std::size_t begin = first_event[start];
      const std::size_t end = first_event[start + size];
      const auto events_of = std::span(events).subspan(begin, end - begin);
      const auto trades = static_cast<std::size_t>(std::count_if(
          events_of.begin(), events_of.end(),
          [](const Event& e) { return e.type == static_cast<std::uint8_t>(EventType::Fill); }));
      cut.push_back({std::span(commands).subspan(start, size), events_of, trades});
    }
    return cut;
  }
};

const Session& session() {
  static const Session shared;
  return shared;
}

std::string fresh_directory(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("twinmatch-bench-{}", name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// Median, p99 and max of the timed batches, in microseconds, as counters.
void report_latency(benchmark::State& state, std::vector<double>& micros, double trades,
                    double batches) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  const auto at = [&](double quantile) {
    const auto index = static_cast<std::size_t>(quantile * static_cast<double>(micros.size() - 1));
    return micros[index];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
  state.counters["batches"] = static_cast<double>(micros.size());
  state.counters["trades_per_batch"] = trades / batches;
}

// `sync` empty: no journal at all.
void trade_settlement(benchmark::State& state, std::size_t batch_size,
                      std::optional<durable::SyncPolicy> sync) {
  const std::vector<Batch> batches = session().batches(batch_size);
  const std::string dir = fresh_directory("settlement");
  std::string error;
  auto journal = sync ? durable::JournalWriter::open(dir, kCore, {}, *sync,
                                                           durable::kDefaultSegmentRecords, error)
                      : nullptr;
  auto ledger = durable::Settlement::create(kCore, bench_terms(), error);
  if ((sync && !journal) || !ledger) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::vector<double> micros;
  double trades = 0;
  std::size_t next = 0;
  for (auto _ : state) {
    const Batch& batch = batches[next++ % batches.size()];
    const auto start = Clock::now();
    const bool ok = (!journal || journal->append(batch.commands, error)) &&
                    ledger->settle_batch(batch.commands, batch.events);
    const auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (!ok) {
      state.SkipWithError((error + ledger->error()).c_str());
      break;
    }
    state.SetIterationTime(elapsed);
    micros.push_back(elapsed * 1e6);
    trades += static_cast<double>(batch.trades);
  }
  report_latency(state, micros, trades, static_cast<double>(micros.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(trades));
  std::filesystem::remove_all(dir);
}

void pipelined_settlement(benchmark::State& state, std::size_t batch_size,
                          std::chrono::microseconds every) {
  // Acknowledgements are looked for between batches and every 50 us while waiting (sleeping, not
  // spinning: the flusher needs the CPU on a 2-core machine), so each is seen up to ~0.1 ms late.
  constexpr std::chrono::microseconds kPoll{50};
  const std::vector<Batch> batches = session().batches(batch_size);
  const std::string dir = fresh_directory("pipelined");
  std::string error;
  auto journal = durable::JournalWriter::open(dir, kCore, {}, durable::SyncPolicy::Pipelined,
                                              durable::kDefaultSegmentRecords, error);
  auto ledger = durable::Settlement::create(kCore, bench_terms(), error);
  if (!journal || !ledger) {
    state.SkipWithError(error.c_str());
    return;
  }
  struct Pending {
    std::uint64_t last_seq;
    Clock::time_point due;
  };
  std::deque<Pending> pending;
  std::vector<double> micros;
  const auto collect = [&] {
    const std::uint64_t acknowledged = journal->acknowledged_seq();
    const auto now = Clock::now();
    while (!pending.empty() && pending.front().last_seq <= acknowledged) {
      micros.push_back(std::chrono::duration<double, std::micro>(now - pending.front().due).count());
      pending.pop_front();
    }
  };
  double trades = 0;
  std::size_t next = 0;
  auto due = Clock::now();
  for (auto _ : state) {
    while (Clock::now() < due) {
      collect();
      std::this_thread::sleep_for(kPoll);
    }
    const Batch& batch = batches[next++ % batches.size()];
    const auto start = Clock::now();
    const bool ok = journal->append(batch.commands, error) &&
                    ledger->settle_batch(batch.commands, batch.events);
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - start).count());
    if (!ok) {
      state.SkipWithError((error + ledger->error()).c_str());
      break;
    }
    pending.push_back({journal->next_seq() - 1, due});
    due += every;
    trades += static_cast<double>(batch.trades);
    collect();
  }
  while (!pending.empty()) {
    collect();
    std::this_thread::sleep_for(kPoll);
  }
  report_latency(state, micros, trades, static_cast<double>(micros.size()));
  journal.reset();
  std::filesystem::remove_all(dir);
}

void device_flush(benchmark::State& state, std::size_t bytes) {
  constexpr std::size_t kWrites = 3000;
  const std::string dir = fresh_directory("flush");
  const std::string path = dir + "/probe";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const std::vector<char> zeros(kWrites * bytes, 0);
  const std::vector<char> data(bytes, 'x');
  if (fd < 0 || ::pwrite(fd, zeros.data(), zeros.size(), 0) != static_cast<ssize_t>(zeros.size()) ||
      ::fsync(fd) != 0) {
    state.SkipWithError("cannot prepare the probe file");
    if (fd >= 0) ::close(fd);
    return;
  }
  std::vector<double> micros;
  std::size_t next = 0;
  for (auto _ : state) {
    const auto offset = static_cast<off_t>((next++ % kWrites) * bytes);
    const auto start = Clock::now();
    const bool ok = ::pwrite(fd, data.data(), bytes, offset) == static_cast<ssize_t>(bytes) &&
                    ::fdatasync(fd) == 0;
    const auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (!ok) {
      state.SkipWithError("pwrite or fdatasync failed");
      break;
    }
    state.SetIterationTime(elapsed);
    micros.push_back(elapsed * 1e6);
  }
  report_latency(state, micros, 0, static_cast<double>(micros.size()));
  ::close(fd);
  std::filesystem::remove_all(dir);
}

template <class Engine>
void durable_submit(benchmark::State& state, std::size_t batch_size, durable::SyncPolicy sync) {
  const std::vector<Batch> batches = session().batches(batch_size);
  const std::string dir = fresh_directory("submit");
  durable::RecoveryReport report;
  std::string error;
  auto engine = durable::DurableEngine<Engine>::open(
      dir, kCore, bench_terms(), {.sync = sync}, report, nullptr, error);
  if (!engine) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::vector<double> micros;
  std::vector<Event> events;
  double trades = 0;
  std::size_t next = 0;
  for (auto _ : state) {
    const Batch& batch = batches[next++]; // Iterations() below stays within the session
    events.clear();
    const auto start = Clock::now();
    const bool ok = engine->submit(batch.commands, events, error);
    const auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (!ok) {
      state.SkipWithError(error.c_str());
      break;
    }
    state.SetIterationTime(elapsed);
    micros.push_back(elapsed * 1e6);
    trades += static_cast<double>(batch.trades);
  }
  report_latency(state, micros, trades, static_cast<double>(micros.size()));
  std::filesystem::remove_all(dir);
}

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  for (const std::size_t batch : {16, 64, 256}) {
    benchmark::RegisterBenchmark(fmt::format("BM_TradeSettlement/batch:{}/no_journal", batch).c_str(),
                                 [=](benchmark::State& state) { trade_settlement(state, batch, {}); })
        ->UseManualTime()
        ->Iterations(3000)
        ->Unit(benchmark::kMicrosecond);
  }
  for (const std::size_t batch : {16, 64, 256}) {
    constexpr std::chrono::microseconds kEvery{200};
    benchmark::RegisterBenchmark(
        fmt::format("BM_TradeSettlement/batch:{}/sync:pipelined/every_us:{}", batch, kEvery.count()).c_str(),
        [=](benchmark::State& state) { pipelined_settlement(state, batch, kEvery); })
        ->UseManualTime()
        ->Iterations(3000)
        ->Unit(benchmark::kMicrosecond);
  }
  for (const std::size_t bytes : {1024, 4096, 16384}) {
    benchmark::RegisterBenchmark(fmt::format("BM_DeviceFlush/bytes:{}", bytes).c_str(),
                                 [=](benchmark::State& state) { device_flush(state, bytes); })
        ->UseManualTime()
        ->Iterations(3000)
        ->Unit(benchmark::kMicrosecond);
  }
  for (const auto sync : {durable::SyncPolicy::Group, durable::SyncPolicy::None}) {
    for (const std::size_t batch : {16, 64, 256}) {
      const std::string suffix =
          fmt::format("batch:{}/sync:{}", batch, durable::sync_policy_name(sync));
      benchmark::RegisterBenchmark(("BM_TradeSettlement/" + suffix).c_str(),
                                   [=](benchmark::State& state) { trade_settlement(state, batch, sync); })
          ->UseManualTime()
          ->Iterations(3000)
          ->Unit(benchmark::kMicrosecond);
      const auto submit = [&](std::string_view engine, auto function) {
        benchmark::RegisterBenchmark(fmt::format("BM_DurableSubmit/engine:{}/{}", engine, suffix).c_str(),
                                     [=](benchmark::State& state) { function(state, batch, sync); })
            ->UseManualTime()
            ->Iterations(static_cast<benchmark::IterationCount>(kCommands / 256 - 1))
            ->Unit(benchmark::kMicrosecond);
      };
      submit("ref", durable_submit<durable::ReferenceEngine>);
      submit("sw", durable_submit<durable::SwCoreEngine>);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
