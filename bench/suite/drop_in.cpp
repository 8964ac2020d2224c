#include "drop_in.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "band_fit.hpp"
#include "drop_in_run.hpp"

namespace twinmatch::bench {
namespace {

using venue::Api;
using venue::DropInSample;
using venue::Session;

void run_benchmark(benchmark::State& state, Session session, Api api, const CoreConfig& config,
                   std::uint32_t band_base = 0) {
  const auto messages = drop_in_session(session);
  DropInSample total;
  for (auto _ : state) {
    DropInSample s;
    try {
      s = venue::measure_drop_in(api, messages, config, band_base);
    } catch (const std::exception& error) { // a configuration the engine refuses
      state.SkipWithError(error.what());
      return;
    }
    state.SetIterationTime(static_cast<double>(messages.size()) / s.messages_per_s);
    total.construct_ms += s.construct_ms;
    total.resident_mib += s.resident_mib;
    total.cold_messages_per_s += s.cold_messages_per_s;
    total.messages_per_s += s.messages_per_s;
    total.messages_per_cpu_s += s.messages_per_cpu_s;
    total.allocs_per_message += s.allocs_per_message;
    total.faults_per_message += s.faults_per_message;
    total.events_per_message = s.events_per_message;
    total.p50_ns += s.p50_ns;
    total.p99_ns += s.p99_ns;
    total.p999_ns += s.p999_ns;
    total.max_ns = std::max(total.max_ns, s.max_ns);
  }
  const auto n = static_cast<double>(state.iterations());
  state.counters["M_msgs_per_s"] = total.messages_per_s / n / 1e6;
  state.counters["M_msgs_per_cpu_s"] = total.messages_per_cpu_s / n / 1e6;
  state.counters["cold_M_msgs_per_s"] = total.cold_messages_per_s / n / 1e6;
  state.counters["construct_ms"] = total.construct_ms / n;
  state.counters["rss_MiB"] = total.resident_mib / n;
  state.counters["allocs_per_msg"] = total.allocs_per_message / n;
  state.counters["faults_per_msg"] = total.faults_per_message / n;
  state.counters["events_per_msg"] = total.events_per_message;
  state.counters["p50_ns"] = total.p50_ns / n;
  state.counters["p99_ns"] = total.p99_ns / n;
  state.counters["p999_ns"] = total.p999_ns / n;
  state.counters["max_ns"] = total.max_ns;
  state.counters["timer_ns"] = venue::drop_in_timer_ns();
  state.SetLabel(fmt::format("{} messages, warm pass; percentiles timer included", messages.size()));
}

// The band-width comparison: the same session on bands of 2^14, 2^17 and 2^32 - 1 ticks (a
// narrow band moved to the session's lowest price: band_fit.hpp); only the sessions whose
// prices fit in 2^14 ticks. The claim: the same speed and memory at every width.
void register_band_width_benchmarks() {
  constexpr Session kNarrowSessions[] = {Session::SteadyDrift, Session::DeepStatic};
  constexpr std::uint32_t kWidths[] = {1u << 14, 1u << 17, 0xFFFFFFFFu};
  for (const Session session : kNarrowSessions) {
    for (const std::uint32_t width : kWidths) {
      benchmark::RegisterBenchmark(
          fmt::format("BM_DropInBand/{}/c_abi/price_levels:{}", venue::session_name(session), width).c_str(),
          [session, width](benchmark::State& state) {
            const CoreConfig config{1, width, venue::kVenueConfig.handles, venue::kVenueConfig.max_quantity};
            const std::optional<std::uint32_t> base = venue::band_base_for(drop_in_session(session), width);
            if (!base) {
              state.SkipWithError("the band cannot hold the session's prices");
              return;
            }
            run_benchmark(state, session, Api::CAbi, config, *base);
          })
          ->UseManualTime()
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond);
    }
  }
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

} // namespace

std::span<const venue::Message> drop_in_session(Session session) {
  static std::map<Session, std::vector<venue::Message>> cache;
  auto it = cache.find(session);
  if (it == cache.end()) it = cache.emplace(session, venue::generate(session, kDropInSeed, kDropInMessages)).first;
  return it->second;
}

void register_drop_in_benchmarks() {
  benchmark::RegisterBenchmark("BM_DropInCreateDefault", [](benchmark::State& state) {
    double total = 0;
    for (auto _ : state) {
      const double ms = venue::default_create_ms();
      state.SetIterationTime(ms / 1e3);
      total += ms;
    }
    state.counters["create_ms"] = total / static_cast<double>(state.iterations());
  })->UseManualTime()->Iterations(5)->Unit(benchmark::kMillisecond);
  // Construction of the named configurations, and the memory an engine holds before any order.
  const std::pair<const char*, CoreConfig> kBuilt[] = {
      {"cpu", kCpuConfig},
      {"venue", venue::kVenueConfig},
      {"band32", CoreConfig{1, 0xFFFFFFFFu, venue::kVenueConfig.handles, venue::kVenueConfig.max_quantity}},
      {"band32_64_symbols", CoreConfig{64, 0xFFFFFFFFu, kCpuConfig.handles, kCpuConfig.max_quantity}}};
  for (const auto& built : kBuilt) {
    const CoreConfig config = built.second; // a structured binding cannot be captured before clang 16
    benchmark::RegisterBenchmark(fmt::format("BM_DropInCreate/{}", built.first).c_str(), [config](benchmark::State& state) {
      double total_ms = 0, total_mib = 0;
      for (auto _ : state) {
        const venue::Creation c = venue::create_and_destroy(config);
        state.SetIterationTime(c.ms / 1e3);
        total_ms += c.ms;
        total_mib += c.resident_mib;
      }
      const auto n = static_cast<double>(state.iterations());
      state.counters["create_ms"] = total_ms / n;
      state.counters["rss_MiB"] = total_mib / n;
    })->UseManualTime()->Iterations(5)->Unit(benchmark::kMillisecond);
  }
  for (const Session session : venue::kSessions) {
    for (const Api api : venue::kApis) {
      benchmark::RegisterBenchmark(
          fmt::format("BM_DropIn/{}/{}", venue::session_name(session), venue::api_name(api)).c_str(),
          [session, api](benchmark::State& state) { run_benchmark(state, session, api, venue::kVenueConfig); })
          ->UseManualTime()
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond);
    }
  }
  register_band_width_benchmarks();
  // The same session at other capacities and price ranges: the cost should not follow them.
  constexpr std::uint32_t kHandles[] = {1u << 16, 1u << 20, 1u << 24};
  constexpr std::uint32_t kPriceLevels[] = {131072, 1u << 20, 0xFFFFFFFFu}; // the last: a 2^32 - 1 band
  for (const std::uint32_t handles : kHandles) {
    for (const std::uint32_t levels : kPriceLevels) {
      const CoreConfig config{1, levels, handles, venue::kVenueConfig.max_quantity};
      benchmark::RegisterBenchmark(
          fmt::format("BM_DropInConfig/steady_drift/c_abi/handles:{}/price_levels:{}", handles, levels).c_str(),
          [config](benchmark::State& state) { run_benchmark(state, Session::SteadyDrift, Api::CAbi, config); })
          ->UseManualTime()
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond);
    }
  }
}

std::string describe_drop_in() {
  return fmt::format("drop-in: each venue session (bench/venue: {} messages, seed {}) through the C ABI, one "
                     "call per message, every event and client id read; on CoreConfig{{{}, {}, {}, {}}}",
                     kDropInMessages, kDropInSeed, venue::kVenueConfig.symbols, venue::kVenueConfig.price_levels,
                     venue::kVenueConfig.handles, venue::kVenueConfig.max_quantity);
}

void measure_drop_in_sessions(int repetitions, ReportData& report, std::FILE* progress) {
  struct Series {
    std::vector<double> rate, cpu_rate, cold, p50, p99, p999, max, construct, create_default, allocs, faults;
  };
  std::map<Session, Series> series;
  Series worst;
  const auto start = std::chrono::steady_clock::now();
  for (const Session session : venue::kSessions) drop_in_session(session); // generated before timing
  // Sessions interleaved within each repetition: the machine's drift hits every session alike.
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    double rate = 1e300, cpu_rate = 1e300, p50 = 0, p99 = 0, p999 = 0, construct = 0, allocs = 0, faults = 0;
    for (const Session session : venue::kSessions) {
      const DropInSample s = venue::measure_drop_in(Api::CAbi, drop_in_session(session), venue::kVenueConfig);
      Series& mine = series[session];
      mine.rate.push_back(s.messages_per_s);
      mine.cpu_rate.push_back(s.messages_per_cpu_s);
      mine.cold.push_back(s.cold_messages_per_s);
      mine.p50.push_back(s.p50_ns);
      mine.p99.push_back(s.p99_ns);
      mine.p999.push_back(s.p999_ns);
      mine.max.push_back(s.max_ns);
      rate = std::min(rate, s.messages_per_s);
      cpu_rate = std::min(cpu_rate, s.messages_per_cpu_s);
      p50 = std::max(p50, s.p50_ns);
      p99 = std::max(p99, s.p99_ns);
      p999 = std::max(p999, s.p999_ns);
      construct = std::max(construct, s.construct_ms);
      allocs = std::max(allocs, s.allocs_per_message);
      faults = std::max(faults, s.faults_per_message);
    }
    worst.rate.push_back(rate);
    worst.cpu_rate.push_back(cpu_rate);
    worst.p50.push_back(p50);
    worst.p99.push_back(p99);
    worst.p999.push_back(p999);
    worst.construct.push_back(construct * 1e6);
    worst.create_default.push_back(venue::default_create_ms() * 1e6);
    worst.allocs.push_back(allocs);
    worst.faults.push_back(faults);
  }
  const std::string how = fmt::format(
      "C ABI, one call per message, every event and client id read; warm pass (the engine ran the "
      "session once, then a mass cancel emptied it); {}", describe_drop_in());
  const std::string timed = fmt::format(
      "each call timed alone between two lfence-ordered rdtsc reads, timer included ({:.1f} ns back to back)",
      venue::drop_in_timer_ns());
  const auto add = [&](std::string metric, std::string unit, bool higher, std::vector<double> samples,
                       std::string note) {
    report.results.push_back({"sw", std::move(metric), Timebase::Host, std::move(unit), higher,
                              std::move(samples), std::move(note)});
  };
  add("dropin_min_messages_per_s", "messages/s", true, worst.rate,
      "the slowest session of each repetition; " + how);
  add("dropin_min_messages_per_cpu_s", "messages/s", true, worst.cpu_rate,
      "the slowest session of each repetition, per second of the thread's CPU time; " + how);
  add("dropin_max_p50_ns", "ns", false, worst.p50, "the worst session's median call; " + timed + "; " + how);
  add("dropin_max_p99_ns", "ns", false, worst.p99, "the worst session's p99 call; " + timed + "; " + how);
  add("dropin_max_p999_ns", "ns", false, worst.p999,
      "the worst session's p99.9 call; " + timed + "; " + how);
  add("dropin_create_default_ns", "ns", false, worst.create_default,
      "twinmatch_create(NULL): the default configuration (kCpuConfig), built once per repetition");
  add("dropin_construct_ns", "ns", false, worst.construct,
      "twinmatch_create on the sessions' configuration, the slowest session of each repetition");
  add("dropin_allocs_per_message", "allocs/op", false, worst.allocs,
      "operator new calls per message of the warm pass, the worst session");
  add("dropin_faults_per_message", "faults/op", false, worst.faults,
      "minor page faults per message of the warm pass, the worst session");
  for (const auto& [session, s] : series) {
    const std::string name(venue::session_name(session));
    add("dropin_" + name + "_messages_per_s", "messages/s", true, s.rate, how);
    add("dropin_" + name + "_messages_per_cpu_s", "messages/s", true, s.cpu_rate,
        "messages per second of the thread's CPU time (time spent waiting for the core excluded); " + how);
    add("dropin_" + name + "_cold_messages_per_s", "messages/s", true, s.cold,
        "the first pass on a fresh engine (first touches, growth); " + how);
    add("dropin_" + name + "_p50_ns", "ns", false, s.p50, timed);
    add("dropin_" + name + "_p99_ns", "ns", false, s.p99, timed);
    add("dropin_" + name + "_p999_ns", "ns", false, s.p999, timed);
    add("dropin_" + name + "_max_ns", "ns", false, s.max, timed);
  }
  if (progress != nullptr) {
    fmt::print(progress, "report: {:<8} {:<16} {} repetitions in {:.1f} s (slowest session: {:.1f} M/s)\n",
               "sw", "drop-in", repetitions,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
               median_of(worst.rate) / 1e6);
  }
}

} // namespace twinmatch::bench
