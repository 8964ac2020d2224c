// `twinmatch compare`: a planted 10% regression is found and fails the run; an unchanged run
// passes; aggregates are ignored; report JSON compares with its own direction of "better".
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "twinmatch/bench/compare.hpp"

using namespace twinmatch::bench;

namespace {

const std::vector<double> kBaseline{100, 101, 99, 102, 100, 98, 101, 100, 99, 100};

// Google Benchmark JSON with one entry per repetition plus the aggregates it also writes.
std::string benchmark_json(const std::vector<double>& place_ns, const std::vector<double>& scan_us) {
  std::vector<std::string> entries;
  auto add = [&](const std::string& name, const std::vector<double>& times, const char* unit) {
    for (std::size_t i = 0; i < times.size(); ++i) {
      entries.push_back(fmt::format(
          R"({{"name": "{0}", "run_name": "{0}", "run_type": "iteration", "repetitions": {1},
               "repetition_index": {2}, "real_time": {3}, "cpu_time": {3}, "time_unit": "{4}"}})",
          name, times.size(), i, times[i], unit));
    }
    entries.push_back(fmt::format(
        R"({{"name": "{0}_mean", "run_name": "{0}", "run_type": "aggregate",
             "aggregate_name": "mean", "real_time": 1e9, "cpu_time": 1e9, "time_unit": "{1}"}})",
        name, unit));
  };
  add("BM_PlaceOrder/ref", place_ns, "ns");
  add("BM_BookScan/ref", scan_us, "us");
  return fmt::format(R"({{"context": {{}}, "benchmarks": [{}]}})", fmt::join(entries, ","));
}

std::vector<double> scaled(const std::vector<double>& values, double factor) {
  std::vector<double> out;
  for (double value : values) out.push_back(value * factor);
  return out;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("twinmatch_compare_test_{}_{}", ::getpid(), name);
  std::ofstream(path) << text;
  return path.string();
}

} // namespace

TEST_CASE("compare reads per-repetition entries and skips aggregates", "[compare]") {
  std::map<std::string, SampleSet> samples;
  std::string error;
  REQUIRE(parse_samples(benchmark_json(kBaseline, scaled(kBaseline, 0.01)), "old.json", samples,
                        error));
  REQUIRE(samples.size() == 2);
  CHECK(samples["BM_PlaceOrder/ref"].values == kBaseline);
  CHECK(samples["BM_BookScan/ref"].values.size() == kBaseline.size());
  CHECK(samples["BM_BookScan/ref"].values[0] == Approx(1000.0)); // 1 us in ns

  CHECK_FALSE(parse_samples(R"({"benchmarks": []})", "empty.json", samples, error));
  CHECK(error.find("no per-repetition") != std::string::npos);
  CHECK_FALSE(parse_samples("[1, 2]", "odd.json", samples, error));
}

TEST_CASE("a planted 10% regression is significant and fails --fail-above 5%", "[compare]") {
  const std::string old_file = write_temp("old.json", benchmark_json(kBaseline, kBaseline));
  const std::string slow_file =
      write_temp("slow.json", benchmark_json(scaled(kBaseline, 1.10), kBaseline));
  std::string out, err;
  CHECK(run_compare_command({old_file, slow_file, "--fail-above", "5%"}, out, err) == 1);
  CHECK(err.empty());
  CHECK(out.find("+10.00%") != std::string::npos);
  CHECK(out.find("REGRESSION") != std::string::npos);

  // Without a threshold the regression is reported, not failed.
  out.clear();
  CHECK(run_compare_command({old_file, slow_file}, out, err) == 0);
  // A threshold above the change does not fail either.
  out.clear();
  CHECK(run_compare_command({old_file, slow_file, "--fail-above", "15"}, out, err) == 0);
}

TEST_CASE("no change is not significant and passes", "[compare]") {
  std::vector<double> reshuffled{100, 99, 101, 100, 102, 98, 100, 99, 101, 100};
  const std::string old_file = write_temp("a.json", benchmark_json(kBaseline, kBaseline));
  const std::string same_file = write_temp("b.json", benchmark_json(reshuffled, kBaseline));
  std::string out, err;
  CHECK(run_compare_command({old_file, same_file, "--fail-above", "5%"}, out, err) == 0);
  CHECK(out.find("REGRESSION") == std::string::npos);
  CHECK(out.find("~") != std::string::npos);
  CHECK(out.find("geomean") != std::string::npos);
}

TEST_CASE("report JSON: a throughput drop is a regression, a rise is not", "[compare]") {
  auto report = [](const std::vector<double>& rates) {
    return fmt::format(R"({{"format": "twinmatch-report", "results": [{{"backend": "sw",
        "metric": "commands_per_s", "timebase": "host", "unit": "commands/s",
        "better": "higher", "samples": [{}]}}]}})",
                       fmt::join(rates, ","));
  };
  std::map<std::string, SampleSet> old_samples, slower, faster;
  std::string error;
  REQUIRE(parse_samples(report(scaled(kBaseline, 1e5)), "old", old_samples, error));
  REQUIRE(parse_samples(report(scaled(kBaseline, 0.8e5)), "slower", slower, error));
  REQUIRE(parse_samples(report(scaled(kBaseline, 1.2e5)), "faster", faster, error));
  REQUIRE(old_samples.contains("sw/commands_per_s/host"));
  const CompareOptions options{0.05, 5.0};
  const CompareResult worse = compare(old_samples, slower, options);
  CHECK(worse.failed);
  CHECK(worse.rows.at(0).change_percent == Approx(-20.0));
  CHECK(worse.geomean_cost_change_percent == Approx(25.0)); // cost ratio 1 / 0.8
  const CompareResult better = compare(old_samples, faster, options);
  CHECK_FALSE(better.failed);
  CHECK(better.rows.at(0).significant);
}

TEST_CASE("compare refuses bad arguments with exit status 2", "[compare]") {
  std::string out, err;
  CHECK(run_compare_command({"only-one.json"}, out, err) == 2);
  CHECK(run_compare_command({"a.json", "b.json", "--fail-above", "x"}, out, err) == 2);
  CHECK(run_compare_command({"/nonexistent/a.json", "/nonexistent/b.json"}, out, err) == 2);
  CHECK(err.find("cannot open") != std::string::npos);
}
