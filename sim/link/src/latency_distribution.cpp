#include "twinmatch/link/latency_distribution.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace twinmatch::link {

void LatencyDistribution::add(std::uint64_t value) {
  ++count_;
  max_ = std::max(max_, value);
  const auto width = static_cast<unsigned>(std::bit_width(value));
  const unsigned octave = width <= kExactBits ? 0 : width - kExactBits;
  if (octave >= octaves_.size()) octaves_.resize(octave + 1);
  std::vector<std::uint64_t>& counters = octaves_[octave];
  if (counters.empty()) counters.assign(octave == 0 ? 2 * kOctaveCounters : kOctaveCounters, 0);
  ++counters[octave == 0 ? value : (value >> octave) - kOctaveCounters];
}

std::uint64_t LatencyDistribution::percentile(double fraction) const {
  if (count_ == 0) return 0;
  const auto rank = std::clamp<std::uint64_t>(
      static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(count_))), 1, count_);
  std::uint64_t seen = 0;
  for (unsigned octave = 0; octave < octaves_.size(); ++octave) {
    const std::vector<std::uint64_t>& counters = octaves_[octave];
    for (std::uint64_t slot = 0; slot < counters.size(); ++slot) {
      seen += counters[slot];
      if (seen < rank) continue;
      if (octave == 0) return slot;
      return (slot + kOctaveCounters) << octave;
    }
  }
  return max_;
}

} // namespace twinmatch::link
