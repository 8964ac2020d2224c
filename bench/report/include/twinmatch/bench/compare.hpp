// `twinmatch compare OLD.json NEW.json`: per benchmark the median of each side, the change, and
// a Mann-Whitney U test over the repetitions; "~" where the difference is not significant.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinmatch::bench {

// The repetitions of one benchmark (or one report metric).
struct SampleSet {
  std::string unit;
  bool higher_is_better = false;
  std::vector<double> values;
};

// Benchmark name -> repetitions. Reads Google Benchmark JSON (the per-repetition "iteration"
// entries' real_time in ns; aggregates are skipped) or a `twinmatch report` JSON (every result's
// samples, named backend/metric/timebase). False and a message naming `source` otherwise.
bool parse_samples(std::string_view json_text, std::string_view source,
                   std::map<std::string, SampleSet>& out, std::string& error);
bool load_samples(const std::string& path, std::map<std::string, SampleSet>& out,
                  std::string& error);

struct CompareOptions {
  double alpha = 0.05;
  std::optional<double> fail_above_percent; // a significant regression beyond this fails
};

struct CompareRow {
  std::string name;
  std::string unit;
  double old_median = 0;
  double new_median = 0;
  double change_percent = 0; // (new - old) / old
  double p_value = 1;
  std::size_t old_count = 0;
  std::size_t new_count = 0;
  bool significant = false;
  bool regression = false;   // significant, worse, and beyond fail_above_percent
};

struct CompareResult {
  std::vector<CompareRow> rows;          // benchmarks present on both sides, by name
  std::vector<std::string> only_old;
  std::vector<std::string> only_new;
  // Geometric mean over the rows of the cost ratio (new/old for lower-is-better, old/new for
  // higher-is-better), as a change: positive means worse.
  double geomean_cost_change_percent = 0;
  bool failed = false;                   // some row is a regression
};

CompareResult compare(const std::map<std::string, SampleSet>& old_samples,
                   const std::map<std::string, SampleSet>& new_samples,
                   const CompareOptions& options);

std::string render_comparison(const CompareResult& comparison, const CompareOptions& options);

} // namespace twinmatch::bench

namespace twinmatch::bench {

// The whole `twinmatch compare` command: arguments after the subcommand name, text for stdout
// and stderr, and the exit status: 0 no failing regression, 1 a significant regression beyond
// --fail-above, 2 bad arguments or unreadable input.
int run_compare_command(const std::vector<std::string>& args, std::string& out, std::string& err);

} // namespace twinmatch::bench
