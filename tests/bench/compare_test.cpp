// `twinmatch compare`: a planted 10% regression is found and fails the run; an unchanged run
// passes; aggregates are ignored; report JSON compares with its own direction of "better"; a real
// Google Benchmark file is read as written, simulated backends on their simulated counters.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

namespace {

// A real `twinmatch_benchmarks --benchmark_repetitions=3 --benchmark_out=...` file (the command is
// in tests/bench/CMakeLists.txt): NaN in the cv aggregates of zero-valued counters, aggregates,
// an in-process engine (sw), a simulated core (rtl), a simulator without simulated time (hls) and
// group-commit settlement.
std::string real_benchmark_out() {
  std::ifstream file(TWINMATCH_BENCHMARK_OUT_FILE);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

} // namespace

TEST_CASE("compare reads a real --benchmark_out file, NaN included", "[compare]") {
  const std::string text = real_benchmark_out();
  REQUIRE(text.find("NaN") != std::string::npos); // the file still shows what it must handle
  std::map<std::string, SampleSet> samples;
  std::string error;
  REQUIRE(parse_samples(text, "real.json", samples, error));
  // In-process engine: its wall time is the product's latency.
  REQUIRE(samples.contains("BM_PlaceOrder/sw"));
  CHECK(samples["BM_PlaceOrder/sw"].values.size() == 3); // repetitions, aggregates skipped
  CHECK(samples["BM_PlaceOrder/sw"].basis == "wall");
  CHECK(samples["BM_PlaceOrder/sw"].in_geomean);
  // Simulated core: simulated ns and cycles, the wall time only as the simulator's speed.
  REQUIRE(samples.contains("BM_PlaceOrder/rtl [sim ns]"));
  CHECK(samples["BM_PlaceOrder/rtl [sim ns]"].values == std::vector<double>{8, 8, 8});
  CHECK(samples["BM_PlaceOrder/rtl [sim ns]"].basis == "sim @250MHz");
  CHECK(samples["BM_PlaceOrder/rtl [sim cycles]"].values == std::vector<double>{2, 2, 2});
  CHECK_FALSE(samples["BM_PlaceOrder/rtl [sim cycles]"].in_geomean); // counted once, as ns
  CHECK_FALSE(samples.contains("BM_PlaceOrder/rtl"));
  for (const char* name : {"BM_PlaceOrder/rtl [simulator speed]", "BM_BookScan/hls [simulator speed]",
                           "BM_TradeSettlement/sw/sync:group"}) {
    INFO(name);
    REQUIRE(samples.contains(name));
    CHECK_FALSE(samples[name].in_geomean);
    CHECK_FALSE(samples[name].can_fail);
  }
  CHECK(samples.size() == 6);
}

TEST_CASE("compare of a real file with itself: no change, a warning about 3 repetitions",
          "[compare]") {
  const std::string path = write_temp("real.json", real_benchmark_out());
  const std::string json_path = write_temp("comparison.json", "");
  std::string out, err;
  REQUIRE(run_compare_command({path, path, "--fail-above", "5%", "--json", json_path}, out, err) == 0);
  CHECK(out.find("BM_PlaceOrder/rtl [sim ns]") != std::string::npos);
  CHECK(out.find("warning: 4 of 6 rows have fewer than 5 repetitions") != std::string::npos);
  CHECK(out.find("smallest possible p is 0.1") != std::string::npos);
  CHECK(out.find("over 2 rows") != std::string::npos); // sw wall and rtl sim ns only
  std::ifstream json_file(json_path);
  const nlohmann::json json = nlohmann::json::parse(json_file);
  CHECK(json["format"] == "twinmatch-compare");
  CHECK(json["rows"].size() == 6);
  CHECK(json["geomean_rows"] == 2);
  CHECK(json["warnings"].size() == 1);
  CHECK(json["failed"] == false);
}

TEST_CASE("a simulated counter's change counts, the simulator's speed never fails", "[compare]") {
  const std::string old_text = real_benchmark_out();
  // The core takes 3 cycles instead of 2 per placement; every wall time doubles.
  std::string new_text = replaced(old_text, "\"sim_cycles_per_op\": 2.0000000000000000e+00",
                                  "\"sim_cycles_per_op\": 3.0000000000000000e+00");
  new_text = replaced(new_text, "\"sim_ns_per_op@250MHz\": 8.0000000000000000e+00",
                      "\"sim_ns_per_op@250MHz\": 1.2000000000000000e+01");
  std::map<std::string, SampleSet> old_samples, new_samples, slow_simulator;
  std::string error;
  REQUIRE(parse_samples(old_text, "old", old_samples, error));
  REQUIRE(parse_samples(new_text, "new", new_samples, error));
  const CompareResult result = compare(old_samples, new_samples, {0.05, 5.0});
  const auto row = std::find_if(result.rows.begin(), result.rows.end(), [](const CompareRow& r) {
    return r.name == "BM_PlaceOrder/rtl [sim ns]";
  });
  REQUIRE(row != result.rows.end());
  CHECK(row->change_percent == Approx(50.0));
  CHECK(row->no_spread);       // deterministic: 3 + 3 repetitions suffice
  CHECK(row->significant);
  CHECK(row->regression);
  CHECK(result.failed);

  // Only the simulator slower: reported, never a regression, not in the geomean.
  for (auto& [name, set] : old_samples) {
    SampleSet slower = set;
    if (set.basis == "simulator speed" || set.basis.starts_with("disk")) {
      for (double& value : slower.values) value *= 2;
    }
    slow_simulator[name] = slower;
  }
  const CompareResult speed = compare(old_samples, slow_simulator, {0.05, 5.0});
  CHECK_FALSE(speed.failed);
  CHECK(speed.geomean_cost_change_percent == Approx(0.0));
}

TEST_CASE("equal medians are never flagged, every row shows its change and p", "[compare]") {
  std::map<std::string, SampleSet> old_samples, new_samples;
  old_samples["x"] = {"ns", false, std::vector<double>(10, 100.0)};
  new_samples["x"] = {"ns", false, {100, 100, 100, 100, 100, 100, 101, 101, 101, 101}};
  CompareResult result = compare(old_samples, new_samples, {0.05, 0.0});
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows[0].change_percent == 0.0);
  CHECK_FALSE(result.rows[0].significant);
  CHECK_FALSE(result.failed);
  std::string text = render_comparison(result, {});
  CHECK(text.find("+0.00%  =") != std::string::npos);

  // A small, noisy change: the delta and p still print, marked "~".
  new_samples["x"].values = {100.5, 99, 101, 100, 99.5, 101, 100, 98, 102, 100.5};
  result = compare(old_samples, new_samples, {});
  text = render_comparison(result, {});
  CHECK(text.find("+0.25%  ~") != std::string::npos);
  CHECK(text.find(fmt::format("{:.3f} (10+10)", result.rows[0].p_value)) != std::string::npos);
}

TEST_CASE("non-finite numbers become null outside strings only", "[compare]") {
  CHECK(null_for_non_finite(R"({"a": NaN, "b": -NaN, "c": Infinity, "d": -Infinity, "e": 1})") ==
        R"({"a": null, "b": null, "c": null, "d": null, "e": 1})");
  CHECK(null_for_non_finite(R"({"label": "NaN \"Infinity\" inf", "x": [NaN]})") ==
        R"({"label": "NaN \"Infinity\" inf", "x": [null]})");
}

TEST_CASE("report JSON: simulator speed and disk rows stay out of the geomean", "[compare]") {
  const std::string text = R"({"format": "twinmatch-report", "results": [
      {"backend": "rtl", "metric": "place_order_ns", "timebase": "simulator", "unit": "ns", "samples": [1000, 1001]},
      {"backend": "rtl", "metric": "place_order_ns", "timebase": "sim", "unit": "ns", "samples": [8, 8]},
      {"backend": "sw", "metric": "trade_settlement_ns", "timebase": "host", "unit": "ns", "samples": [4e6, 5e6]},
      {"backend": "sw", "metric": "trade_settlement_sync_none_ns", "timebase": "host", "unit": "ns", "samples": [9e3, 9e3]}]})";
  std::map<std::string, SampleSet> samples;
  std::string error;
  REQUIRE(parse_samples(text, "report", samples, error));
  CHECK(samples["rtl/place_order_ns/simulator"].basis == "simulator speed");
  CHECK_FALSE(samples["rtl/place_order_ns/simulator"].in_geomean);
  CHECK(samples["rtl/place_order_ns/sim"].in_geomean);
  CHECK(samples["sw/trade_settlement_ns/host"].basis == "disk (fdatasync)");
  CHECK_FALSE(samples["sw/trade_settlement_ns/host"].can_fail);
  CHECK(samples["sw/trade_settlement_sync_none_ns/host"].in_geomean);
}
