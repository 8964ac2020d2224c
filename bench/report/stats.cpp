#include "twinmatch/bench/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace twinmatch::bench {

double quantile(std::span<const double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const double position = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

double median(std::span<const double> values) { return quantile(values, 0.5); }

namespace {

struct Ranked {
  double rank_sum_first = 0; // sum of the mid-ranks of the first sample
  double tie_term = 0;       // sum over tie groups of t^3 - t
};

Ranked rank(std::span<const double> first, std::span<const double> second) {
  struct Value {
    double value;
    bool from_first;
  };
  std::vector<Value> all;
  all.reserve(first.size() + second.size());
  for (double value : first) all.push_back({value, true});
  for (double value : second) all.push_back({value, false});
  std::sort(all.begin(), all.end(),
            [](const Value& a, const Value& b) { return a.value < b.value; });
  Ranked ranked;
  for (std::size_t start = 0; start < all.size();) {
    std::size_t end = start;
    while (end < all.size() && all[end].value == all[start].value) ++end;
    const double ties = static_cast<double>(end - start);
    const double mid_rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (std::size_t i = start; i < end; ++i) {
      if (all[i].from_first) ranked.rank_sum_first += mid_rank;
    }
    ranked.tie_term += ties * ties * ties - ties;
    start = end;
  }
  return ranked;
}

// P(U <= u) under the null hypothesis without ties, by counting the arrangements of n1 + n2
// ranks: ways(n1, n2, u) = ways(n1 - 1, n2, u - n2) + ways(n1, n2 - 1, u).
double exact_cdf(std::size_t n1, std::size_t n2, std::size_t u) {
  const std::size_t max_u = n1 * n2;
  // ways[j][k]: arrangements of i values of the first sample and j of the second with U = k.
  std::vector<std::vector<double>> ways(n2 + 1, std::vector<double>(max_u + 1, 0.0));
  for (std::size_t j = 0; j <= n2; ++j) ways[j][0] = 1.0; // i = 0
  for (std::size_t i = 1; i <= n1; ++i) {
    std::vector<std::vector<double>> next(n2 + 1, std::vector<double>(max_u + 1, 0.0));
    next[0][0] = 1.0;
    for (std::size_t j = 1; j <= n2; ++j) {
      for (std::size_t k = 0; k <= i * j; ++k) {
        next[j][k] = next[j - 1][k] + (k >= j ? ways[j][k - j] : 0.0);
      }
    }
    ways = std::move(next);
  }
  const std::vector<double>& counts = ways[n2];
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  double below = 0;
  for (std::size_t k = 0; k <= std::min(u, max_u); ++k) below += counts[k];
  return below / total;
}

} // namespace

MannWhitney mann_whitney_u(std::span<const double> first, std::span<const double> second) {
  MannWhitney result;
  if (first.empty() || second.empty()) return result;
  const double n1 = static_cast<double>(first.size());
  const double n2 = static_cast<double>(second.size());
  const Ranked ranked = rank(first, second);
  result.u_first = ranked.rank_sum_first - n1 * (n1 + 1) / 2;
  result.u_second = n1 * n2 - result.u_first;
  const double u_big = std::max(result.u_first, result.u_second);

  const bool ties = ranked.tie_term > 0;
  if (!ties && (first.size() <= 8 || second.size() <= 8)) {
    result.method = UMethod::Exact;
    // Two-sided: twice the upper tail P(U >= u_big) = P(U <= n1 n2 - u_big) by symmetry.
    const auto u_small = static_cast<std::size_t>(std::llround(n1 * n2 - u_big));
    result.p_value = std::min(1.0, 2 * exact_cdf(first.size(), second.size(), u_small));
    return result;
  }
  result.method = UMethod::Asymptotic;
  const double n = n1 + n2;
  const double mean = n1 * n2 / 2;
  const double variance = n1 * n2 / 12 * ((n + 1) - ranked.tie_term / (n * (n - 1)));
  if (variance <= 0) return result; // every value tied: no evidence of a difference
  const double z = (u_big - mean - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return result;
}

} // namespace twinmatch::bench
