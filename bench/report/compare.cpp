#include "twinmatch/bench/compare.hpp"

#include <cmath>

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

bool parse_google_benchmark(const nlohmann::json& root, std::string_view source,
                            std::map<std::string, SampleSet>& out, std::string& error) {
  std::map<std::string, SampleSet> samples;
  for (const nlohmann::json& entry : root["benchmarks"]) {
    if (!entry.is_object()) continue;
    if (entry.value("run_type", "iteration") != "iteration") continue; // an aggregate
    if (entry.contains("error_occurred") && entry["error_occurred"].get<bool>()) continue;
    if (!entry.contains("real_time") || !entry["real_time"].is_number() ||
        !entry.contains("time_unit") || !entry["time_unit"].is_string()) {
      error = fmt::format("{}: a benchmark entry lacks real_time or time_unit", source);
      return false;
    }
    const auto scale = nanoseconds_per(entry["time_unit"].get<std::string>());
    if (!scale) {
      error = fmt::format("{}: unknown time_unit '{}'", source,
                          entry["time_unit"].get<std::string>());
      return false;
    }
    const std::string name = entry.value("run_name", entry.value("name", std::string{}));
    SampleSet& set = samples[name];
    set.unit = "ns";
    set.values.push_back(entry["real_time"].get<double>() * *scale);
  }
  if (samples.empty()) {
    error = fmt::format("{}: no per-repetition benchmark entries (run without "
                        "--benchmark_report_aggregates_only)",
                        source);
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
    const std::string name = fmt::format("{}/{}/{}", result.value("backend", "?"),
                                         result.value("metric", "?"),
                                         result.value("timebase", "?"));
    SampleSet set;
    set.unit = result.value("unit", "");
    set.higher_is_better = result.value("better", "lower") == "higher";
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

std::string signed_percent(double percent) { return fmt::format("{:+.2f}%", percent); }

} // namespace

bool parse_samples(std::string_view json_text, std::string_view source,
                   std::map<std::string, SampleSet>& out, std::string& error) {
  const nlohmann::json root = nlohmann::json::parse(json_text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    error = fmt::format("{}: not a JSON object", source);
    return false;
  }
  if (root.contains("benchmarks") && root["benchmarks"].is_array()) {
    return parse_google_benchmark(root, source, out, error);
  }
  if (root.value("format", "") == "twinmatch-report" && root.contains("results") &&
      root["results"].is_array()) {
    return parse_report(root, source, out, error);
  }
  error = fmt::format("{}: neither Google Benchmark JSON nor a twinmatch report", source);
  return false;
}

bool load_samples(const std::string& path, std::map<std::string, SampleSet>& out,
                  std::string& error) {
  std::string text;
  return read_text_file(path, text, error) && parse_samples(text, path, out, error);
}

CompareResult compare(const std::map<std::string, SampleSet>& old_samples,
                   const std::map<std::string, SampleSet>& new_samples,
                   const CompareOptions& options) {
  CompareResult comparison;
  double log_cost_sum = 0;
  std::size_t ratios = 0;
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
    row.old_median = median(old_set.values);
    row.new_median = median(new_set.values);
    row.old_count = old_set.values.size();
    row.new_count = new_set.values.size();
    row.change_percent = row.old_median != 0
                             ? (row.new_median - row.old_median) / std::abs(row.old_median) * 100
                             : 0;
    row.p_value = mann_whitney_u(old_set.values, new_set.values).p_value;
    row.significant = row.p_value < options.alpha;
    const double worse_percent = old_set.higher_is_better ? -row.change_percent : row.change_percent;
    row.regression = row.significant && options.fail_above_percent &&
                     worse_percent > *options.fail_above_percent;
    comparison.failed = comparison.failed || row.regression;
    if (row.old_median > 0 && row.new_median > 0) {
      const double ratio = row.new_median / row.old_median;
      log_cost_sum += std::log(old_set.higher_is_better ? 1 / ratio : ratio);
      ++ratios;
    }
    comparison.rows.push_back(row);
  }
  for (const auto& [name, set] : new_samples) {
    if (!old_samples.contains(name)) comparison.only_new.push_back(name);
  }
  if (ratios > 0) {
    comparison.geomean_cost_change_percent =
        (std::exp(log_cost_sum / static_cast<double>(ratios)) - 1) * 100;
  }
  return comparison;
}

std::string render_comparison(const CompareResult& comparison, const CompareOptions& options) {
  std::size_t name_width = std::string_view("geomean (cost)").size();
  for (const CompareRow& row : comparison.rows) name_width = std::max(name_width, row.name.size());
  std::string text = fmt::format("{:<{}}  {:>16}  {:>16}  {:>9}  {}\n", "benchmark", name_width,
                                 "old median", "new median", "change", "p-value (n old, new)");
  for (const CompareRow& row : comparison.rows) {
    text += fmt::format("{:<{}}  {:>16}  {:>16}  {:>9}  p={:.3f} (n={}+{}){}\n", row.name,
                        name_width, format_value(row.old_median, row.unit),
                        format_value(row.new_median, row.unit),
                        row.significant ? signed_percent(row.change_percent) : "~", row.p_value,
                        row.old_count, row.new_count, row.regression ? "  REGRESSION" : "");
  }
  text += fmt::format("{:<{}}  {:>16}  {:>16}  {:>9}  (cost ratio: positive is worse)\n",
                      "geomean (cost)", name_width, "", "",
                      signed_percent(comparison.geomean_cost_change_percent));
  for (const std::string& name : comparison.only_old) text += fmt::format("only in old: {}\n", name);
  for (const std::string& name : comparison.only_new) text += fmt::format("only in new: {}\n", name);
  text += fmt::format("\"~\": not significant at alpha {} (two-sided Mann-Whitney U).", options.alpha);
  if (options.fail_above_percent) {
    text += fmt::format(" Fails on a significant regression above {}%.", *options.fail_above_percent);
  }
  text += "\n";
  return text;
}

} // namespace twinmatch::bench
