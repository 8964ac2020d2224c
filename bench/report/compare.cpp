#include "twinmatch/bench/compare.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "read_text_file.hpp"

#include "twinmatch/bench/report.hpp"
#include "twinmatch/bench/stats.hpp"

namespace twinmatch::bench {
namespace {

std::optional<double> nanoseconds_per(std::string_view time_unit) {
  if (time_unit == "ns") return 1.0;
  if (time_unit == "us") return 1e3;
  if (time_unit == "ms") return 1e6;
  if (time_unit == "s") return 1e9;
  return std::nullopt;
}

// "BM_PlaceOrder/sw/iterations:10/manual_time" -> "BM_PlaceOrder/sw": the fixed iteration count
// and the timing mode say nothing about what is measured, and a changed count must not hide a
// benchmark from its comparison.
std::string benchmark_name(const std::string& run_name) {
  const auto decoration = [](std::string_view part) {
    constexpr std::string_view kIterations = "iterations:";
    if (part == "manual_time" || part == "real_time") return true;
    if (!part.starts_with(kIterations) || part.size() == kIterations.size()) return false;
    return part.substr(kIterations.size()).find_first_not_of("0123456789") == std::string_view::npos;
  };
  const std::string_view whole(run_name);
  std::size_t end = whole.find('/');
  std::string name(whole.substr(0, end));
  while (end != std::string_view::npos) {
    const std::size_t next = whole.find('/', end + 1);
    const std::string_view part = whole.substr(end + 1, next == std::string_view::npos ? next : next - end - 1);
    if (!decoration(part)) name.append("/").append(part);
    end = next;
  }
  return name;
}

void add_sample(std::map<std::string, SampleSet>& samples, const std::string& name,
                std::string unit, std::string basis, bool product_cost, double value) {
  SampleSet& set = samples[name];
  set.unit = std::move(unit);
  set.basis = std::move(basis);
  set.in_geomean = product_cost;
  set.can_fail = product_cost;
  set.values.push_back(value);
}

// The simulated counters benchmarks.cpp writes: cycles and ns per command ("sim_ns_per_op@250MHz"
// at a clock, or plain "sim_ns_per_op" from a link model's simulated time).
struct SimulatedCounters {
  std::optional<double> cycles;
  std::optional<double> ns;
  std::string ns_basis = "sim";
};

SimulatedCounters simulated_counters(const nlohmann::json& entry) {
  SimulatedCounters counters;
  for (const auto& [key, value] : entry.items()) {
    if (!value.is_number()) continue; // null: NaN or Infinity in the file
    if (key == "sim_cycles_per_op") counters.cycles = value.get<double>();
    if (key.starts_with("sim_ns_per_op")) {
      counters.ns = value.get<double>();
      if (const auto at = key.find('@'); at != std::string::npos) {
        counters.ns_basis = "sim @" + key.substr(at + 1);
      }
    }
  }
  return counters;
}

bool parse_google_benchmark(const nlohmann::json& root, std::string_view source,
                            std::map<std::string, SampleSet>& out, std::string& error,
                            std::vector<std::string>* skipped) {
  std::map<std::string, SampleSet> samples;
  for (const nlohmann::json& entry : root["benchmarks"]) {
    if (!entry.is_object()) continue;
    if (entry.value("run_type", "iteration") != "iteration") continue; // an aggregate
    const std::string run_name = entry.contains("run_name") && entry["run_name"].is_string()
                                     ? entry["run_name"].get<std::string>()
                                     : entry.value("name", std::string{});
    const std::string name = benchmark_name(run_name);
    if (entry.value("error_occurred", false)) {
      if (skipped) skipped->push_back(fmt::format("{}: {}", name, entry.value("error_message", "")));
      continue;
    }
    if (!entry.contains("real_time") || !entry["real_time"].is_number() ||
        !entry.contains("time_unit") || !entry["time_unit"].is_string()) {
      error = fmt::format("{}: {} lacks a numeric real_time or a time_unit", source, run_name);
      return false;
    }
    const auto scale = nanoseconds_per(entry["time_unit"].get<std::string>());
    if (!scale) {
      error = fmt::format("{}: unknown time_unit '{}'", source,
                          entry["time_unit"].get<std::string>());
      return false;
    }
    const double wall_ns = entry["real_time"].get<double>() * *scale;
    const SimulatedCounters simulated = simulated_counters(entry);
    const bool simulator = simulated.cycles || simulated.ns ||
                           entry.value("label", "").find("simulator speed") != std::string::npos;
    if (simulator) {
      // The product's figure is the simulated one; the wall time is how fast the simulator ran.
      if (simulated.ns) add_sample(samples, name + " [sim ns]", "ns", simulated.ns_basis, true, *simulated.ns);
      if (simulated.cycles) {
        add_sample(samples, name + " [sim cycles]", "cycles", "sim cycles", true, *simulated.cycles);
        // Cycles and ns at one clock change by the same ratio: the mean counts them once.
        samples[name + " [sim cycles]"].in_geomean = !simulated.ns;
      }
      add_sample(samples, name + " [simulator speed]", "ns", "simulator speed", false, wall_ns);
    } else if (name.starts_with("BM_TradeSettlement/") &&
               name.find("sync:group") != std::string::npos) {
      add_sample(samples, name, "ns", "disk (fdatasync)", false, wall_ns);
    } else {
      add_sample(samples, name, "ns", "wall", true, wall_ns);
    }
  }
  if (samples.empty()) {
    error = fmt::format("{}: no per-repetition benchmark entries{} (run without "
                        "--benchmark_report_aggregates_only)",
                        source, skipped && !skipped->empty() ? " that succeeded" : "");
    return false;
  }
  out = std::move(samples);
  return true;
}

bool parse_report(const nlohmann::json& root, std::string_view source,
                  std::map<std::string, SampleSet>& out, std::string& error) {
  std::map<std::string, SampleSet> samples;
  for (const nlohmann::json& result : root["results"]) {
    if (!result.is_object() || !result.contains("samples") || !result["samples"].is_array()) {
      error = fmt::format("{}: a result lacks its samples", source);
      return false;
    }
    const std::string metric = result.value("metric", "?");
    const std::string timebase = result.value("timebase", "?");
    const std::string name =
        fmt::format("{}/{}/{}", result.value("backend", "?"), metric, timebase);
    SampleSet set;
    set.unit = result.value("unit", "");
    set.higher_is_better = result.value("better", "lower") == "higher";
    set.basis = timebase == "sim" ? "sim" : "host";
    if (timebase == "simulator") set.basis = "simulator speed";
    // Group commit waits on the disk's fdatasync; sync=none is host software alone.
    if (metric.starts_with("trade_settlement") && metric.find("sync_none") == std::string::npos) {
      set.basis = "disk (fdatasync)";
    }
    set.in_geomean = set.can_fail = set.basis == "sim" || set.basis == "host";
    for (const nlohmann::json& value : result["samples"]) {
      if (!value.is_number()) {
        error = fmt::format("{}: {} has a non-numeric sample", source, name);
        return false;
      }
      set.values.push_back(value.get<double>());
    }
    if (!set.values.empty()) samples[name] = std::move(set);
  }
  out = std::move(samples);
  return true;
}

bool no_spread(const std::vector<double>& values) {
  return values.size() >= 2 && std::all_of(values.begin(), values.end(),
                                           [&](double value) { return value == values.front(); });
}

// The smallest two-sided p the exact test can give for n1 + n2 values: 2 / C(n1 + n2, n1).
double smallest_p(std::size_t n1, std::size_t n2) {
  double arrangements = 1;
  for (std::size_t i = 1; i <= n1; ++i) {
    arrangements = arrangements * static_cast<double>(n2 + i) / static_cast<double>(i);
  }
  return std::min(1.0, 2 / arrangements);
}

// Enough digits that a small change does not print as 0.00%.
std::string signed_percent(double percent) {
  if (percent != 0 && std::abs(percent) < 0.01) return fmt::format("{:+.2g}%", percent);
  return fmt::format("{:+.2f}%", percent);
}

std::string verdict_of(const CompareRow& row) {
  if (row.regression) return "REGRESSION";
  if (row.old_median == row.new_median) return "=";
  if (!row.significant) return "~";
  return row.worse ? "worse" : "better";
}

std::string value_text(double value, const std::string& unit) {
  return unit == "cycles" ? fmt::format("{:.4g} cycles", value) : format_value(value, unit);
}

} // namespace

std::string null_for_non_finite(std::string_view text) {
  static constexpr std::array<std::string_view, 8> kTokens{"-Infinity", "Infinity", "-NaN", "NaN",
                                                           "-nan", "nan", "-inf", "inf"};
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      ++i;
      continue;
    }
    if (c == '"') in_string = true;
    const auto token = std::find_if(kTokens.begin(), kTokens.end(),
                                    [&](std::string_view t) { return text.substr(i).starts_with(t); });
    if (token != kTokens.end()) {
      out += "null";
      i += token->size();
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

bool parse_samples(std::string_view json_text, std::string_view source,
                   std::map<std::string, SampleSet>& out, std::string& error,
                   std::vector<std::string>* skipped) {
  const nlohmann::json root =
      nlohmann::json::parse(null_for_non_finite(json_text), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    error = fmt::format("{}: {}", source, root.is_discarded() ? "not valid JSON" : "not a JSON object");
    return false;
  }
  if (root.contains("benchmarks") && root["benchmarks"].is_array()) {
    return parse_google_benchmark(root, source, out, error, skipped);
  }
  if (root.value("format", "") == "twinmatch-report" && root.contains("results") &&
      root["results"].is_array()) {
    return parse_report(root, source, out, error);
  }
  error = fmt::format("{}: neither Google Benchmark JSON nor a twinmatch report", source);
  return false;
}

bool load_samples(const std::string& path, std::map<std::string, SampleSet>& out,
                  std::string& error, std::vector<std::string>* skipped) {
  std::string text;
  return read_text_file(path, text, error) && parse_samples(text, path, out, error, skipped);
}

CompareResult compare(const std::map<std::string, SampleSet>& old_samples,
                      const std::map<std::string, SampleSet>& new_samples,
                      const CompareOptions& options) {
  CompareResult comparison;
  double log_cost_sum = 0;
  std::vector<std::string> few;
  std::size_t fewest_old = 0, fewest_new = 0;
  for (const auto& [name, old_set] : old_samples) {
    const auto found = new_samples.find(name);
    if (found == new_samples.end()) {
      comparison.only_old.push_back(name);
      continue;
    }
    const SampleSet& new_set = found->second;
    CompareRow row;
    row.name = name;
    row.unit = old_set.unit;
    row.basis = old_set.basis;
    row.higher_is_better = old_set.higher_is_better;
    row.in_geomean = old_set.in_geomean && new_set.in_geomean;
    row.can_fail = old_set.can_fail && new_set.can_fail;
    row.old_median = median(old_set.values);
    row.new_median = median(new_set.values);
    row.old_count = old_set.values.size();
    row.new_count = new_set.values.size();
    row.change_percent = row.old_median != 0
                             ? (row.new_median - row.old_median) / std::abs(row.old_median) * 100
                             : 0;
    row.p_value = mann_whitney_u(old_set.values, new_set.values).p_value;
    // A counter without spread (simulated cycles) has no noise to rule out.
    row.no_spread = no_spread(old_set.values) && no_spread(new_set.values);
    row.significant = row.old_median != row.new_median && (row.p_value < options.alpha || row.no_spread);
    const double worse_percent = row.higher_is_better ? -row.change_percent : row.change_percent;
    row.worse = row.significant && worse_percent > 0;
    row.regression = row.worse && row.can_fail && options.fail_above_percent &&
                     worse_percent > *options.fail_above_percent;
    comparison.failed = comparison.failed || row.regression;
    if (row.in_geomean && row.old_median > 0 && row.new_median > 0) {
      const double ratio = row.new_median / row.old_median;
      log_cost_sum += std::log(row.higher_is_better ? 1 / ratio : ratio);
      ++comparison.geomean_rows;
    }
    if (!row.no_spread && std::min(row.old_count, row.new_count) < kFewRepetitions) {
      few.push_back(name);
      fewest_old = row.old_count;
      fewest_new = row.new_count;
    }
    comparison.rows.push_back(row);
  }
  for (const auto& [name, set] : new_samples) {
    if (!old_samples.contains(name)) comparison.only_new.push_back(name);
  }
  if (comparison.geomean_rows > 0) {
    comparison.geomean_cost_change_percent =
        (std::exp(log_cost_sum / static_cast<double>(comparison.geomean_rows)) - 1) * 100;
  }
  if (!few.empty()) {
    comparison.warnings.push_back(fmt::format(
        "{} of {} rows have fewer than {} repetitions on a side (e.g. {} + {}: the smallest "
        "possible p is {:.3g}), so a real change may show as ~; take 10 (first: {})",
        few.size(), comparison.rows.size(), kFewRepetitions, fewest_old, fewest_new,
        smallest_p(fewest_old, fewest_new), few.front()));
  }
  return comparison;
}

std::string render_comparison(const CompareResult& comparison, const CompareOptions& options) {
  std::size_t name_width = std::string_view("benchmark").size();
  std::size_t basis_width = std::string_view("basis").size();
  std::size_t value_width = std::string_view("old median").size();
  for (const CompareRow& row : comparison.rows) {
    name_width = std::max(name_width, row.name.size());
    basis_width = std::max(basis_width, row.basis.size());
    value_width = std::max({value_width, value_text(row.old_median, row.unit).size(),
                            value_text(row.new_median, row.unit).size()});
  }
  auto line = [&](std::string_view name, std::string_view basis, const std::string& old_median,
                  const std::string& new_median, const std::string& change,
                  const std::string& verdict, const std::string& p) {
    std::string text = fmt::format("{:<{}}  {:<{}}  {:>{}}  {:>{}}  {:>9}  {:<10}  {}", name,
                                   name_width, basis, basis_width, old_median, value_width,
                                   new_median, value_width, change, verdict, p);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };
  std::string text = line("benchmark", "basis", "old median", "new median", "change", "", "p (n old+new)");
  for (const CompareRow& row : comparison.rows) {
    text += line(row.name, row.basis, value_text(row.old_median, row.unit),
                 value_text(row.new_median, row.unit), signed_percent(row.change_percent),
                 verdict_of(row),
                 fmt::format("{:.3f} ({}+{}){}{}", row.p_value, row.old_count, row.new_count,
                             row.no_spread ? ", no spread" : "",
                             row.in_geomean ? "" : ", not in geomean"));
  }
  text += line("geomean (cost)", "", "", "", signed_percent(comparison.geomean_cost_change_percent),
               "", fmt::format("over {} rows; positive is worse", comparison.geomean_rows));
  if (!comparison.only_old.empty()) {
    text += fmt::format("only in old ({}): {}\n", comparison.only_old.size(),
                        fmt::join(comparison.only_old, ", "));
  }
  if (!comparison.only_new.empty()) {
    text += fmt::format("only in new ({}): {}\n", comparison.only_new.size(),
                        fmt::join(comparison.only_new, ", "));
  }
  text += fmt::format(
      "\"~\": the medians differ but not significantly at alpha {} (two-sided Mann-Whitney U); "
      "\"=\": equal medians. Rows without spread on either side (simulated counters) count any "
      "difference. The geomean leaves out a simulator's speed, the disk's fdatasync and cycles "
      "(their sim ns row counts); those never fail the run.",
      options.alpha);
  if (options.fail_above_percent) {
    text += fmt::format(" Fails on a significant regression above {}%.", *options.fail_above_percent);
  }
  text += "\n";
  for (const std::string& warning : comparison.warnings) text += "warning: " + warning + "\n";
  return text;
}

std::string render_comparison_json(const CompareResult& comparison, const CompareOptions& options) {
  using Json = nlohmann::ordered_json;
  Json root{{"format", "twinmatch-compare"}, {"version", 1}, {"alpha", options.alpha}};
  root["fail_above_percent"] =
      options.fail_above_percent ? Json(*options.fail_above_percent) : Json(nullptr);
  root["rows"] = Json::array();
  for (const CompareRow& row : comparison.rows) {
    root["rows"].push_back({{"name", row.name},
                            {"basis", row.basis},
                            {"unit", row.unit},
                            {"better", row.higher_is_better ? "higher" : "lower"},
                            {"old_median", row.old_median},
                            {"new_median", row.new_median},
                            {"change_percent", row.change_percent},
                            {"p_value", row.p_value},
                            {"old_count", row.old_count},
                            {"new_count", row.new_count},
                            {"no_spread", row.no_spread},
                            {"significant", row.significant},
                            {"verdict", verdict_of(row)},
                            {"in_geomean", row.in_geomean},
                            {"can_fail", row.can_fail},
                            {"regression", row.regression}});
  }
  root["geomean_cost_change_percent"] = comparison.geomean_cost_change_percent;
  root["geomean_rows"] = comparison.geomean_rows;
  root["only_old"] = comparison.only_old;
  root["only_new"] = comparison.only_new;
  root["warnings"] = comparison.warnings;
  root["failed"] = comparison.failed;
  return root.dump(2) + "\n";
}

} // namespace twinmatch::bench
