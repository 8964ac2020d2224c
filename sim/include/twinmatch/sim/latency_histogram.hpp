// Exact counts of cycle latencies, for nearest-rank percentiles of a run of any length in
// bounded memory: one counter per distinct value (dense for the usual few-cycle latencies,
// a map above), never one entry per command.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace twinmatch::sim {

class LatencyHistogram {
public:
  void add(std::uint32_t cycles) {
    ++count_;
    max_ = std::max(max_, cycles);
    if (cycles < kDense) {
      if (cycles >= dense_.size()) dense_.resize(cycles + 1, 0);
      ++dense_[cycles];
    } else {
      ++sparse_[cycles];
    }
  }

  std::uint64_t count() const { return count_; }
  std::uint32_t max() const { return max_; }

  // The nearest-rank percentile (the smallest value with at least p of the samples at or
  // below it), 0 when empty.
  std::uint32_t percentile(double p) const {
    if (count_ == 0) return 0;
    std::uint64_t rank = static_cast<std::uint64_t>(p * static_cast<double>(count_) + 0.999999);
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t value = 0; value < dense_.size(); ++value) {
      seen += dense_[value];
      if (seen >= rank) return static_cast<std::uint32_t>(value);
    }
    for (const auto& [value, times] : sparse_) {
      seen += times;
      if (seen >= rank) return value;
    }
    return max_;
  }

private:
  static constexpr std::uint32_t kDense = 4096;
  std::vector<std::uint64_t> dense_;
  std::map<std::uint32_t, std::uint64_t> sparse_;
  std::uint64_t count_ = 0;
  std::uint32_t max_ = 0;
};

} // namespace twinmatch::sim
