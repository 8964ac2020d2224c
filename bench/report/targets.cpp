#include "twinmatch/bench/targets.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "read_text_file.hpp"
#include "twinmatch/bench/report.hpp"

namespace twinmatch::bench {

std::string_view timebase_name(Timebase timebase) {
  switch (timebase) {
  case Timebase::Host: return "host";
  case Timebase::Simulated: return "sim";
  case Timebase::SimulatorWall: return "simulator";
  }
  return "?";
}

bool TargetTable::wall_time_is_latency_of(std::string_view backend) const {
  return std::find(wall_time_is_latency.begin(), wall_time_is_latency.end(), backend) !=
         wall_time_is_latency.end();
}

bool Target::applies_to(std::string_view backend, std::string_view metric_name,
                        Timebase base) const {
  if (metric != metric_name || timebase != base) return false;
  return names_backend(backend);
}

bool Target::names_backend(std::string_view backend) const {
  return std::any_of(backends.begin(), backends.end(),
                     [&](const std::string& name) { return name == "*" || name == backend; });
}

bool Target::met_by(double measured) const {
  switch (comparison) {
  case Comparison::Less: return measured < value;
  case Comparison::LessEqual: return measured <= value;
  case Comparison::Greater: return measured > value;
  case Comparison::GreaterEqual: return measured >= value;
  }
  return false;
}

std::optional<double> Target::headroom(double measured) const {
  const bool upper = comparison == Comparison::Less || comparison == Comparison::LessEqual;
  const double denominator = upper ? measured : value;
  if (value <= 0 || denominator <= 0 || std::isnan(measured)) return std::nullopt;
  return (upper ? value : measured) / denominator;
}

std::string_view Target::op_symbol() const {
  static constexpr std::string_view kSymbols[] = {"<", "<=", ">", ">="};
  return kSymbols[static_cast<int>(comparison)];
}

std::string Target::describe_bound() const {
  return fmt::format("{} {}", op_symbol(), format_value(value, unit));
}

std::string Target::row_label() const {
  return label.empty() ? fmt::format("{} {}", metric, describe_bound()) : label;
}

namespace {

std::optional<Comparison> comparison_from(std::string_view text) {
  if (text == "<") return Comparison::Less;
  if (text == "<=") return Comparison::LessEqual;
  if (text == ">") return Comparison::Greater;
  if (text == ">=") return Comparison::GreaterEqual;
  return std::nullopt;
}

std::optional<Timebase> timebase_from(std::string_view text) {
  if (text == "host") return Timebase::Host;
  if (text == "sim") return Timebase::Simulated;
  return std::nullopt;
}

bool parse_target(const nlohmann::json& entry, Target& target, std::string& problem) {
  for (const char* key : {"id", "source", "what", "metric", "timebase", "op", "unit"}) {
    if (!entry.contains(key) || !entry[key].is_string()) {
      problem = fmt::format("needs a string \"{}\"", key);
      return false;
    }
  }
  if (!entry.contains("value") || !entry["value"].is_number()) {
    problem = "needs a number \"value\"";
    return false;
  }
  if (!entry.contains("backends") || !entry["backends"].is_array() || entry["backends"].empty()) {
    problem = "needs a non-empty array \"backends\" (names or \"*\")";
    return false;
  }
  target.id = entry["id"];
  target.source = entry["source"];
  target.what = entry["what"];
  target.metric = entry["metric"];
  target.unit = entry["unit"];
  target.value = entry["value"];
  for (const nlohmann::json& name : entry["backends"]) {
    if (!name.is_string()) {
      problem = "\"backends\" holds a non-string";
      return false;
    }
    target.backends.push_back(name);
  }
  const auto timebase = timebase_from(entry["timebase"].get<std::string>());
  if (!timebase) {
    problem = "\"timebase\" must be \"host\" or \"sim\" (a simulator's wall time is its "
              "speed, never judged)";
    return false;
  }
  target.timebase = *timebase;
  const auto comparison = comparison_from(entry["op"].get<std::string>());
  if (!comparison) {
    problem = "\"op\" must be one of <, <=, >, >=";
    return false;
  }
  target.comparison = *comparison;
  if (entry.contains("pending")) {
    if (!entry["pending"].is_string() || entry["pending"].get<std::string>().empty()) {
      problem = "\"pending\" must be a non-empty string saying why";
      return false;
    }
    target.pending = entry["pending"];
  }
  if (entry.contains("label")) {
    if (!entry["label"].is_string() || entry["label"].get<std::string>().empty()) {
      problem = "\"label\" must be a non-empty string (the verdict matrix's row)";
      return false;
    }
    target.label = entry["label"];
  }
  return true;
}

// Two targets in one row of the verdict matrix that judge a common backend.
bool shares_a_cell(const Target& a, const Target& b) {
  if (a.row_label() != b.row_label()) return false;
  return std::any_of(a.backends.begin(), a.backends.end(), [&](const std::string& name) {
    return name == "*" ? !b.backends.empty() : b.names_backend(name);
  });
}

} // namespace

bool parse_targets(std::string_view json_text, std::string_view source, TargetTable& out,
                   std::string& error) {
  const nlohmann::json root = nlohmann::json::parse(json_text, nullptr, false);
  if (root.is_discarded()) {
    error = fmt::format("{}: not valid JSON", source);
    return false;
  }
  if (!root.is_object() || !root.contains("nominal_clock_mhz") ||
      !root["nominal_clock_mhz"].is_number() || root["nominal_clock_mhz"].get<double>() <= 0) {
    error = fmt::format("{}: needs a positive number \"nominal_clock_mhz\"", source);
    return false;
  }
  if (!root.contains("targets") || !root["targets"].is_array()) {
    error = fmt::format("{}: needs an array \"targets\"", source);
    return false;
  }
  TargetTable table;
  table.nominal_clock_mhz = root["nominal_clock_mhz"];
  if (!root.contains("wall_time_is_latency") || !root["wall_time_is_latency"].is_array()) {
    error = fmt::format("{}: needs an array \"wall_time_is_latency\" (the backends whose host "
                        "wall time is the product's latency)",
                        source);
    return false;
  }
  for (const nlohmann::json& name : root["wall_time_is_latency"]) {
    if (!name.is_string()) {
      error = fmt::format("{}: \"wall_time_is_latency\" holds a non-string", source);
      return false;
    }
    table.wall_time_is_latency.push_back(name);
  }
  for (std::size_t i = 0; i < root["targets"].size(); ++i) {
    const nlohmann::json& entry = root["targets"][i];
    Target target;
    std::string problem;
    if (!entry.is_object()) {
      problem = "is not an object";
    } else if (parse_target(entry, target, problem)) {
      const bool duplicate = std::any_of(table.targets.begin(), table.targets.end(),
                                         [&](const Target& t) { return t.id == target.id; });
      const auto same_cell = std::find_if(table.targets.begin(), table.targets.end(),
                                          [&](const Target& t) { return shares_a_cell(t, target); });
      if (!duplicate && same_cell == table.targets.end()) {
        table.targets.push_back(std::move(target));
        continue;
      }
      problem = duplicate ? fmt::format("repeats the id \"{}\"", target.id)
                          : fmt::format("shares the label \"{}\" with \"{}\" on a backend both "
                                        "judge (one verdict per matrix cell)",
                                        target.row_label(), same_cell->id);
    }
    error = fmt::format("{}: target {} {}", source, i, problem);
    return false;
  }
  out = std::move(table);
  return true;
}

bool load_targets(const std::string& path, TargetTable& out, std::string& error) {
  std::string text;
  return read_text_file(path, text, error) && parse_targets(text, path, out, error);
}

} // namespace twinmatch::bench
