#include "drop_in_run.hpp"

#include <sys/resource.h>
#include <unistd.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

#include "alloc_counter.hpp"
#include "tsc_clock.hpp"

namespace twinmatch::venue {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// Calls timed in TSC ticks: exact counts below kExact ticks, the rest only in the maximum and
// in the percentile's tail (a call that slow is reported as kExact ticks or, if among the top
// 0.1%, as the maximum).
class TickHistogram {
public:
  void add(std::uint64_t ticks) {
    ++counts_[std::min<std::uint64_t>(ticks, kExact)];
    max_ = std::max(max_, ticks);
    ++total_;
  }
  double quantile_ticks(double q) const {
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_) + 0.999999);
    std::uint64_t seen = 0;
    for (std::size_t ticks = 0; ticks < counts_.size(); ++ticks) {
      seen += counts_[ticks];
      if (seen >= std::max<std::uint64_t>(rank, 1)) return ticks == kExact ? double(max_) : double(ticks);
    }
    return double(max_);
  }
  std::uint64_t max() const { return max_; }

private:
  static constexpr std::size_t kExact = 1 << 16;
  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(kExact + 1);
  std::uint64_t max_ = 0;
  std::uint64_t total_ = 0;
};

// Resident memory of the process, in MiB (/proc/self/statm's second field, in pages).
double resident_mib() {
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  const int read = std::fscanf(statm, "%lu %lu", &size, &resident);
  std::fclose(statm);
  return read == 2 ? static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20) : 0;
}

volatile std::uint64_t g_observed = 0;

// The cold and the warm pass run this one copy of the loop. As two copies inlined into
// measure_with, the same engine on the same messages ran deep_static's warm pass 17% slower (in
// CPU time) than its cold one, and than this function: the copies differed only in where the
// compiler put them and their locals (see docs/profiling-log.md, session 10).
template <class Driver>
[[gnu::noinline]] void run_pass(Driver& driver, std::span<const Message> messages, Fold& fold) {
  for (const Message& m : messages) driver.call(m, fold);
}

template <class Driver>
DropInSample measure_with(std::span<const Message> messages, const CoreConfig& config, std::uint32_t band_base) {
  DropInSample sample;
  const double count = static_cast<double>(messages.size());
  const double resident_before = resident_mib();
  const auto built = Clock::now();
  Driver driver(config);
  sample.construct_ms = seconds_since(built) * 1e3;
  if (band_base != 0) driver.set_band(band_base);

  Fold cold;
  const auto cold_start = Clock::now();
  run_pass(driver, messages, cold);
  sample.cold_messages_per_s = count / seconds_since(cold_start);
  driver.empty_book();

  Fold warm;
  const bench::AllocationCount allocs_before = bench::allocations_so_far();
  const long faults_before = minor_faults();
  const double cpu_start = thread_cpu_seconds();
  const auto warm_start = Clock::now();
  run_pass(driver, messages, warm);
  const double warm_seconds = seconds_since(warm_start);
  sample.messages_per_cpu_s = count / (thread_cpu_seconds() - cpu_start);
  sample.faults_per_message = static_cast<double>(minor_faults() - faults_before) / count;
  sample.allocs_per_message =
      static_cast<double>(bench::allocations_so_far().allocations - allocs_before.allocations) / count;
  sample.messages_per_s = count / warm_seconds;
  sample.events_per_message = static_cast<double>(warm.events) / count;
  sample.checksum = warm.sum;
  sample.resident_mib = resident_mib() - resident_before;
  driver.empty_book();

  TickHistogram histogram;
  Fold timed;
  for (const Message& m : messages) {
    const std::uint64_t before = bench::tsc_now();
    driver.call(m, timed);
    histogram.add(bench::tsc_now() - before);
  }
  const double ns = bench::ns_per_tick();
  sample.p50_ns = histogram.quantile_ticks(0.5) * ns;
  sample.p99_ns = histogram.quantile_ticks(0.99) * ns;
  sample.p999_ns = histogram.quantile_ticks(0.999) * ns;
  sample.max_ns = static_cast<double>(histogram.max()) * ns;
  g_observed = cold.sum + warm.sum + timed.sum;
  return sample;
}

} // namespace

std::string_view api_name(Api api) { return api == Api::CAbi ? "c_abi" : "engine"; }

DropInSample measure_drop_in(Api api, std::span<const Message> messages, const CoreConfig& config,
                             std::uint32_t band_base) {
  return api == Api::CAbi ? measure_with<CAbiDriver>(messages, config, band_base)
                          : measure_with<EngineDriver>(messages, config, band_base);
}

double default_create_ms() {
  const auto start = Clock::now();
  twinmatch_engine* engine = twinmatch_create(nullptr);
  const double ms = seconds_since(start) * 1e3;
  if (engine == nullptr) throw std::runtime_error("twinmatch_create(NULL) failed");
  twinmatch_destroy(engine);
  return ms;
}

Creation create_and_destroy(const CoreConfig& config) {
  const twinmatch_config c{config.symbols, config.price_levels, config.handles, config.max_quantity};
  const double resident_before = resident_mib();
  const auto start = Clock::now();
  twinmatch_engine* engine = twinmatch_create(&c);
  const double ms = seconds_since(start) * 1e3;
  if (engine == nullptr) throw std::runtime_error("twinmatch_create refused the configuration");
  const double resident = resident_mib() - resident_before;
  twinmatch_destroy(engine);
  return Creation{ms, resident};
}

double drop_in_timer_ns() {
  static const double cost = [] {
    std::uint64_t least = std::numeric_limits<std::uint64_t>::max();
    for (int i = 0; i < 10000; ++i) {
      const std::uint64_t before = bench::tsc_now();
      least = std::min(least, bench::tsc_now() - before);
    }
    return static_cast<double>(least) * bench::ns_per_tick();
  }();
  return cost;
}

} // namespace twinmatch::venue
