// The targets file: the committed bench/targets.json parses and says what the brief asks;
// malformed files are refused with a message.
#include <catch2/catch.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "twinmatch/bench/targets.hpp"

using namespace twinmatch::bench;

namespace {

const Target& by_id(const TargetTable& table, const std::string& id) {
  const auto found = std::find_if(table.targets.begin(), table.targets.end(),
                                  [&](const Target& target) { return target.id == id; });
  REQUIRE(found != table.targets.end());
  return *found;
}

} // namespace

TEST_CASE("the committed targets file parses", "[targets]") {
  TargetTable table;
  std::string error;
  REQUIRE(load_targets(TWINMATCH_TARGETS_FILE, table, error));
  CHECK(error.empty());
  CHECK(table.nominal_clock_mhz == 250);

  const Target& placement = by_id(table, "orig-placement-host");
  CHECK(placement.metric == "place_order_ns");
  CHECK(placement.comparison == Comparison::Less);
  CHECK(placement.value == 2500);
  CHECK(placement.applies_to("sw", "place_order_ns", Timebase::Host));
  CHECK_FALSE(placement.applies_to("rtl", "place_order_ns", Timebase::Host));
  CHECK_FALSE(placement.applies_to("sw", "place_order_ns", Timebase::Simulated));
  CHECK(placement.met_by(2499));
  CHECK_FALSE(placement.met_by(2500));

  const Target& sw_rate = by_id(table, "sw-commands");
  CHECK(sw_rate.applies_to("sw", "commands_per_s", Timebase::Host));
  CHECK_FALSE(sw_rate.applies_to("hls", "commands_per_s", Timebase::Host));
  CHECK(sw_rate.met_by(20e6));

  CHECK(by_id(table, "orig-settlement").applies_to("rtl", "trade_settlement_ns", Timebase::Host));
  CHECK(by_id(table, "orig-placement-sim").timebase == Timebase::Simulated);
  CHECK(by_id(table, "sw-placement-p99").metric == "place_order_p99_ns");

  // Every target names its backends, and nothing is pending any more. A host latency, rate or
  // allocation target judges only backends whose wall time is the product's (the engines in
  // process); settlement is host software after any backend, so it judges them all.
  CHECK(table.wall_time_is_latency == std::vector<std::string>{"ref", "sw"});
  for (const Target& target : table.targets) {
    INFO(target.id);
    CHECK(target.pending.empty());
    CHECK(std::find(target.backends.begin(), target.backends.end(), "*") == target.backends.end());
    if (target.timebase != Timebase::Host || target.metric.starts_with("trade_settlement")) continue;
    for (const std::string& backend : target.backends) {
      INFO(backend);
      CHECK(table.wall_time_is_latency_of(backend));
    }
  }
  CHECK(by_id(table, "sw-allocs").met_by(0));
  CHECK_FALSE(by_id(table, "sw-allocs").met_by(1));
}

TEST_CASE("malformed targets are refused with a reason", "[targets]") {
  TargetTable table;
  table.nominal_clock_mhz = 123;
  std::string error;
  const std::string good_target =
      R"({"id": "a", "source": "team", "what": "w", "metric": "m", "backends": ["*"],
          "timebase": "host", "op": "<", "value": 1, "unit": "ns"})";
  auto file = [](const std::string& targets) {
    return R"({"nominal_clock_mhz": 250, "wall_time_is_latency": ["sw"], "targets": [)" +
           targets + "]}";
  };
  REQUIRE(parse_targets(file(good_target), "t.json", table, error));
  CHECK(table.targets.size() == 1);

  TargetTable untouched;
  CHECK_FALSE(parse_targets("{not json", "t.json", untouched, error));
  CHECK(error == "t.json: not valid JSON");
  CHECK_FALSE(parse_targets(R"({"targets": []})", "t.json", untouched, error));
  CHECK(error.find("nominal_clock_mhz") != std::string::npos);
  CHECK_FALSE(parse_targets(file(good_target + "," + good_target), "t.json", untouched, error));
  CHECK(error.find("repeats the id") != std::string::npos);

  std::string bad_op = good_target;
  bad_op.replace(bad_op.find("\"<\""), 3, "\"~\"");
  CHECK_FALSE(parse_targets(file(bad_op), "t.json", untouched, error));
  CHECK(error.find("\"op\"") != std::string::npos);

  std::string bad_base = good_target;
  bad_base.replace(bad_base.find("\"host\""), 6, "\"wall\"");
  CHECK_FALSE(parse_targets(file(bad_base), "t.json", untouched, error));
  CHECK(error.find("timebase") != std::string::npos);
  std::string simulator_base = good_target;
  simulator_base.replace(simulator_base.find("\"host\""), 6, "\"simulator\"");
  CHECK_FALSE(parse_targets(file(simulator_base), "t.json", untouched, error));
  CHECK(error.find("never judged") != std::string::npos);
  CHECK_FALSE(parse_targets(R"({"nominal_clock_mhz": 250, "targets": []})", "t.json", untouched,
                            error));
  CHECK(error.find("wall_time_is_latency") != std::string::npos);
  CHECK(untouched.targets.empty());
}

TEST_CASE("labels group targets into matrix rows, one verdict per cell", "[targets]") {
  auto target = [](const std::string& id, const std::string& backends, const std::string& label) {
    return fmt::format(R"({{"id": "{}", {} "source": "team", "what": "w", "metric": "m",
                          "backends": [{}], "timebase": "host", "op": "<", "value": 1,
                          "unit": "ns"}})",
                       id, label.empty() ? "" : fmt::format(R"("label": "{}",)", label), backends);
  };
  auto file = [](const std::string& targets) {
    return fmt::format(R"({{"nominal_clock_mhz": 250, "wall_time_is_latency": ["sw"], "targets": [{}]}})",
                       targets);
  };
  TargetTable table;
  std::string error;
  REQUIRE(parse_targets(file(fmt::format("{},{},{}", target("a", R"("sw")", "fast"),
                                         target("b", R"("rtl")", "fast"), target("c", R"("sw")", ""))),
                        "t.json", table, error));
  CHECK(table.targets[0].row_label() == "fast");
  CHECK(table.targets[2].row_label() == "m < 1 ns"); // no label: the metric and its bound
  CHECK_FALSE(parse_targets(file(fmt::format("{},{}", target("a", R"("sw")", "fast"),
                                             target("b", R"("*")", "fast"))),
                            "t.json", table, error));
  CHECK(error.find("shares the label \"fast\" with \"a\"") != std::string::npos);
  // Without labels, the same metric and bound make the same row: the same rule holds.
  CHECK_FALSE(parse_targets(file(fmt::format("{},{}", target("a", R"("sw")", ""),
                                             target("b", R"("sw", "ref")", ""))),
                            "t.json", table, error));
  CHECK(error.find("shares the label \"m < 1 ns\" with \"a\"") != std::string::npos);
  const std::string numeric_label = R"({"id": "a", "label": 5, "source": "team", "what": "w",
      "metric": "m", "backends": ["sw"], "timebase": "host", "op": "<", "value": 1, "unit": "ns"})";
  CHECK_FALSE(parse_targets(file(numeric_label), "t.json", table, error));
  CHECK(error.find("\"label\" must be a non-empty string") != std::string::npos);

  // The host and simulated forms of one committed requirement share a row.
  REQUIRE(load_targets(TWINMATCH_TARGETS_FILE, table, error));
  CHECK(by_id(table, "orig-placement-host").row_label() == "place_order_ns < 2.5 us");
  CHECK(by_id(table, "orig-placement-sim").row_label() == "place_order_ns < 2.5 us");
}

TEST_CASE("headroom: how many times over a bound is met", "[targets]") {
  Target upper;
  upper.comparison = Comparison::Less;
  upper.value = 2500;
  CHECK(*upper.headroom(500) == Approx(5.0));
  CHECK(*upper.headroom(5000) == Approx(0.5));
  CHECK_FALSE(upper.headroom(0)); // infinitely far below: no ratio
  Target lower = upper;
  lower.comparison = Comparison::GreaterEqual;
  lower.value = 1e6;
  CHECK(*lower.headroom(3e6) == Approx(3.0));
  CHECK(*lower.headroom(0) == Approx(0.0));
  Target none = upper;
  none.comparison = Comparison::LessEqual;
  none.value = 0; // "no allocation": met or not, no ratio
  CHECK_FALSE(none.headroom(0));
  CHECK_FALSE(none.headroom(1));
}
