// The run's latency histogram gives the same nearest-rank percentiles as sorting every sample.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "twinmatch/sim/latency_histogram.hpp"

using twinmatch::sim::LatencyHistogram;

namespace {

std::uint32_t sorted_percentile(const std::vector<std::uint32_t>& sorted, double p) {
  std::size_t rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

} // namespace

TEST_CASE("latency histogram: percentiles equal those of the sorted samples", "[rtl][latency]") {
  std::mt19937_64 rng(7);
  // Mostly a few cycles, with a tail past the dense range.
  std::geometric_distribution<std::uint32_t> usual(0.3);
  std::uniform_int_distribution<std::uint32_t> tail(1, 200000);
  for (const std::size_t samples : {1u, 2u, 99u, 100u, 101u, 12345u}) {
    LatencyHistogram histogram;
    std::vector<std::uint32_t> all;
    for (std::size_t i = 0; i < samples; ++i) {
      const std::uint32_t cycles = i % 37 == 5 ? tail(rng) : usual(rng);
      histogram.add(cycles);
      all.push_back(cycles);
    }
    std::sort(all.begin(), all.end());
    INFO(samples << " samples");
    CHECK(histogram.count() == samples);
    CHECK(histogram.max() == all.back());
    for (const double p : {0.0, 0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
      INFO("p " << p);
      CHECK(histogram.percentile(p) == sorted_percentile(all, p));
    }
  }
}

TEST_CASE("latency histogram: empty gives zeros", "[rtl][latency]") {
  const LatencyHistogram histogram;
  CHECK(histogram.count() == 0);
  CHECK(histogram.max() == 0);
  CHECK(histogram.percentile(0.99) == 0);
}
