// The order statistics and the Mann-Whitney U test against values computed independently:
// scipy's documented example, and brute-force enumeration of every rank arrangement.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "twinmatch/bench/stats.hpp"

using namespace twinmatch::bench;

TEST_CASE("quantile interpolates between order statistics", "[stats]") {
  const std::vector<double> values{7, 1, 3, 5};
  CHECK(quantile(values, 0.0) == 1.0);
  CHECK(quantile(values, 1.0) == 7.0);
  CHECK(median(values) == Approx(4.0));
  CHECK(quantile(values, 0.25) == Approx(2.5));
  const std::vector<double> odd{9, 2, 4};
  CHECK(median(odd) == 4.0);
  CHECK(std::isnan(median(std::vector<double>{})));
}

TEST_CASE("Mann-Whitney: scipy's documented example uses the exact distribution", "[stats]") {
  // scipy.stats.mannwhitneyu docs: males vs females, U = 17, exact p = 0.1111...
  const std::vector<double> males{19, 22, 16, 29, 24};
  const std::vector<double> females{20, 11, 17, 12};
  const MannWhitney result = mann_whitney_u(males, females);
  CHECK(result.method == UMethod::Exact);
  CHECK(result.u_first == 17.0);
  CHECK(result.u_second == 3.0);
  CHECK(result.p_value == Approx(0.1111111111111111).epsilon(1e-12));
}

TEST_CASE("Mann-Whitney: exact p against brute-force enumeration", "[stats]") {
  // 6 vs 7 values without ties; counting all C(13, 6) = 1716 splits gives p = 38/1716.
  const std::vector<double> first{1.1, 2.2, 3.3, 4.4, 5.5, 6.6};
  const std::vector<double> second{1.5, 7.7, 8.8, 9.9, 10.1, 11.2, 12.3};
  const MannWhitney result = mann_whitney_u(first, second);
  CHECK(result.method == UMethod::Exact);
  CHECK(result.u_first == 5.0);
  CHECK(result.p_value == Approx(38.0 / 1716.0).epsilon(1e-12));
  // The test is symmetric in its samples.
  CHECK(mann_whitney_u(second, first).p_value == Approx(result.p_value).epsilon(1e-12));
}

TEST_CASE("Mann-Whitney: normal approximation with ties and continuity correction",
          "[stats]") {
  const std::vector<double> first{10, 12, 12, 14, 15, 15, 15, 18, 20, 21};
  const std::vector<double> second{11, 16, 16, 17, 19, 22, 23, 23, 25, 26};
  const MannWhitney result = mann_whitney_u(first, second);
  CHECK(result.method == UMethod::Asymptotic);
  CHECK(result.u_first == 20.0);
  CHECK(result.p_value == Approx(0.02535949819353886).epsilon(1e-9));
}

TEST_CASE("Mann-Whitney: ten against ten fully separated (scipy: 1.8267e-4)", "[stats]") {
  std::vector<double> low, high;
  for (int i = 1; i <= 10; ++i) {
    low.push_back(i);
    high.push_back(i + 10);
  }
  const MannWhitney result = mann_whitney_u(low, high);
  CHECK(result.method == UMethod::Asymptotic);
  CHECK(result.u_first == 0.0);
  CHECK(result.p_value == Approx(0.0001826717911095504).epsilon(1e-9));
}

TEST_CASE("Mann-Whitney: no evidence gives p = 1", "[stats]") {
  const std::vector<double> same{5, 5, 5, 5};
  CHECK(mann_whitney_u(same, same).p_value == 1.0);
  CHECK(mann_whitney_u(same, std::vector<double>{}).p_value == 1.0);
  // Three against three can never reach p < 0.1: the smallest exact p is 2/20.
  const std::vector<double> a{1, 2, 3}, b{4, 5, 6};
  CHECK(mann_whitney_u(a, b).p_value == Approx(0.1));
}
