// Order statistics and the Mann-Whitney U test, for comparing repeated measurements.
// After Go's benchstat: report the median, compare two sets of repetitions with a rank test.
#pragma once

#include <span>
#include <vector>

namespace twinmatch::bench {

// The q-quantile (0 <= q <= 1) by linear interpolation between order statistics (the method
// numpy and R call type 7). NaN for an empty sample.
double quantile(std::span<const double> values, double q);
double median(std::span<const double> values);

enum class UMethod { Exact, Asymptotic };

struct MannWhitney {
  double u_first = 0;  // U statistic of the first sample: pairs (x, y) with x > y, ties 1/2
  double u_second = 0; // n1 * n2 - u_first
  double p_value = 1;  // two-sided
  UMethod method = UMethod::Exact;
};

// Two-sided Mann-Whitney U test, as scipy.stats.mannwhitneyu(x, y, method="auto") computes it:
// the exact distribution of U when there are no ties and either sample has at most 8 values;
// otherwise the normal approximation with tie correction and continuity correction.
// p = 1 when either sample is empty or every value is tied.
MannWhitney mann_whitney_u(std::span<const double> first, std::span<const double> second);

} // namespace twinmatch::bench
