// Latencies of a run of any length in bounded memory, for nearest-rank percentiles: a counting
// histogram in the HdrHistogram shape. Values below 2^16 (65.536 ns in ps) have a counter each,
// so their percentiles are exact; above, each octave [2^(15+k), 2^(16+k)) has 2^15 counters
// 2^k wide, and a percentile there is its counter's low end: at most 2^k - 1 below the value,
// under 2^-15 (31 ppm) of it (at most 15 ps at 1 us), and exact when the value is a multiple of
// 2^k (a whole number of ns, multiples of 8 ps, is exact below 2^19 ps, 524 ns; a multiple of the
// 4 ns core clock, 32 ps, below 2^21 ps, 2.1 us). Counters are made an octave at a time as values
// reach it: 512 KiB below 2^16, 256 KiB an octave above, never more than 12.5 MiB.
#pragma once

#include <cstdint>
#include <vector>

namespace twinmatch::link {

class LatencyDistribution {
public:
  void add(std::uint64_t value);
  std::uint64_t count() const { return count_; }
  std::uint64_t max() const { return max_; }
  // The smallest value with at least `fraction` of the samples at or below it (within the
  // error above); 0 when empty.
  std::uint64_t percentile(double fraction) const;

private:
  static constexpr unsigned kExactBits = 16;
  static constexpr std::uint64_t kOctaveCounters = std::uint64_t{1} << (kExactBits - 1);
  // octaves_[0]: one counter per value below 2^16; octaves_[k]: values in [2^(15+k), 2^(16+k)).
  std::vector<std::vector<std::uint64_t>> octaves_;
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

} // namespace twinmatch::link
