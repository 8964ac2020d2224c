// The performance targets (bench/targets.json): the original requirements table and the team's
// stricter goals, each naming the metric, the backends and the time base it applies to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinmatch::bench {

// Host: wall-clock time or counted allocations on the host where that IS the product's cost
// (an in-process engine, or host software such as settlement). Simulated: cycles at the core's
// clock, or a link model's simulated time. SimulatorWall: the host's wall time (or allocations)
// of a simulation run, i.e. the simulator's speed: shown, never judged (no target may name it).
enum class Timebase { Host, Simulated, SimulatorWall };
std::string_view timebase_name(Timebase timebase); // "host" / "sim" / "simulator"

enum class Comparison { Less, LessEqual, Greater, GreaterEqual };

struct Target {
  std::string id;
  std::string source;    // "original" or "team"
  std::string what;      // the requirement in words
  std::string metric;    // a metric name the report produces, e.g. "place_order_ns"
  std::vector<std::string> backends; // names, or "*" for every backend
  Timebase timebase = Timebase::Host;
  Comparison comparison = Comparison::Less;
  double value = 0;
  std::string unit;
  std::string pending;   // non-empty: not measurable yet, and why
  // The verdict matrix's row: targets sharing a label share a row, one per backend (e.g. the
  // host and simulated forms of one requirement). Empty: the metric and the bound.
  std::string label;

  bool applies_to(std::string_view backend, std::string_view metric_name, Timebase base) const;
  bool names_backend(std::string_view backend) const; // listed, or "*"
  bool met_by(double measured) const;
  // How many times over the measured value meets the bound: bound / measured for an upper
  // bound, measured / bound for a lower one; above 1 passes (at 1, "<" fails and "<=" passes).
  // None when the ratio means nothing: a bound of 0, or a measured 0 under an upper bound.
  std::optional<double> headroom(double measured) const;
  std::string describe_bound() const; // e.g. "< 2.5 us"
  std::string_view op_symbol() const; // "<", "<=", ">", ">="
  std::string row_label() const;      // label, else "metric < bound"
};

struct TargetTable {
  double nominal_clock_mhz = 0; // for simulated ns when a backend does not report its clock
  // Backends whose host wall time is the product's latency (in-process engines); every other
  // backend's wall time is a simulator's speed (Timebase::SimulatorWall).
  std::vector<std::string> wall_time_is_latency;
  std::vector<Target> targets;

  bool wall_time_is_latency_of(std::string_view backend) const;
};

// Parses the JSON text of a targets file; false and a message naming `source` on any problem.
bool parse_targets(std::string_view json_text, std::string_view source, TargetTable& out,
                   std::string& error);
bool load_targets(const std::string& path, TargetTable& out, std::string& error);

} // namespace twinmatch::bench
