// Argument handling and exit status of `twinmatch compare`.
#include <charconv>
#include <fstream>

#include <fmt/format.h>

#include "twinmatch/bench/compare.hpp"

namespace twinmatch::bench {
namespace {

constexpr std::string_view kUsage =
    "usage: twinmatch compare OLD.json NEW.json [--alpha A] [--fail-above PERCENT] [--json FILE]\n"
    "  OLD/NEW: Google Benchmark JSON as --benchmark_out writes it (--benchmark_repetitions=N,\n"
    "           N >= 5; simulated backends compared on their sim_* counters) or twinmatch\n"
    "           report JSON\n"
    "  --alpha A             significance level of the Mann-Whitney U test (default 0.05)\n"
    "  --fail-above PERCENT  exit 1 on a significant regression larger than PERCENT (e.g. 5%)\n"
    "  --json FILE           also write the comparison as JSON to FILE\n";

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  double value = 0;
  const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (code != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

} // namespace

int run_compare_command(const std::vector<std::string>& args, std::string& out,
                        std::string& err) {
  CompareOptions options;
  std::vector<std::string> files;
  std::string json_path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out += kUsage;
      return 0;
    }
    if (arg == "--alpha" || arg == "--fail-above") {
      const auto value = i + 1 < args.size() ? parse_number(args[i + 1]) : std::nullopt;
      const bool valid = value && (arg == "--alpha" ? (*value > 0 && *value < 1) : *value >= 0);
      if (!valid) {
        err += fmt::format("twinmatch compare: {} needs a {} value\n{}", arg,
                           arg == "--alpha" ? "0 < A < 1" : "non-negative percent", kUsage);
        return 2;
      }
      (arg == "--alpha" ? options.alpha : options.fail_above_percent.emplace()) = *value;
      ++i;
      continue;
    }
    if (arg == "--json") {
      if (i + 1 >= args.size()) {
        err += fmt::format("twinmatch compare: --json needs a file\n{}", kUsage);
        return 2;
      }
      json_path = args[++i];
      continue;
    }
    if (arg.starts_with("--")) {
      err += fmt::format("twinmatch compare: unknown option {}\n{}", arg, kUsage);
      return 2;
    }
    files.push_back(arg);
  }
  if (files.size() != 2) {
    err += fmt::format("twinmatch compare: needs exactly two files, got {}\n{}", files.size(),
                       kUsage);
    return 2;
  }
  std::map<std::string, SampleSet> old_samples;
  std::map<std::string, SampleSet> new_samples;
  std::string error;
  std::vector<std::string> skipped_old, skipped_new;
  if (!load_samples(files[0], old_samples, error, &skipped_old) ||
      !load_samples(files[1], new_samples, error, &skipped_new)) {
    err += fmt::format("twinmatch compare: {}\n", error);
    return 2;
  }
  const CompareResult comparison = compare(old_samples, new_samples, options);
  if (comparison.rows.empty()) {
    err += "twinmatch compare: the two files have no benchmark in common\n";
    return 2;
  }
  out += render_comparison(comparison, options);
  for (const std::string& failed : skipped_old) out += fmt::format("failed in old: {}\n", failed);
  for (const std::string& failed : skipped_new) out += fmt::format("failed in new: {}\n", failed);
  if (!json_path.empty()) {
    std::ofstream file(json_path, std::ios::binary);
    file << render_comparison_json(comparison, options);
    if (!file.flush()) {
      err += fmt::format("twinmatch compare: {}: cannot write\n", json_path);
      return 2;
    }
  }
  return comparison.failed ? 1 : 0;
}

} // namespace twinmatch::bench
