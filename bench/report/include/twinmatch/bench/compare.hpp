// `twinmatch compare OLD.json NEW.json`: per benchmark the median of each side, the change, and
// a Mann-Whitney U test over the repetitions; "~" where the difference is not significant.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinmatch::bench {

// The repetitions of one benchmark (or one report metric), and what the figure is: that decides
// whether it joins the geometric mean and whether a regression in it can fail the run.
struct SampleSet {
  std::string unit;
  bool higher_is_better = false;
  std::vector<double> values;
  std::string basis = "wall";  // "wall", "sim", "sim cycles", "simulator speed", "disk", ...
  bool in_geomean = true;      // the product's cost: an engine's wall time or simulated time
  bool can_fail = true;        // false for a simulator's speed or the disk's fdatasync
};

// Benchmark name -> repetitions. Reads Google Benchmark JSON as it writes it (NaN and Infinity
// for counters with no value, aggregates, failed runs) or a `twinmatch report` JSON (every
// result's samples, named backend/metric/timebase). From Google Benchmark, per repetition
// entry: an in-process engine's real_time; for a simulated backend (sim_* counters) its
// simulated ns ("NAME [sim ns]") and cycles ("NAME [sim cycles]") per command, and its wall time
// as the simulator's speed ("NAME [simulator speed]", as for one whose label says "simulator
// speed"); group-commit settlement as "disk". Failed runs are listed in `skipped`. False and a
// message naming `source` otherwise.
bool parse_samples(std::string_view json_text, std::string_view source,
                   std::map<std::string, SampleSet>& out, std::string& error,
                   std::vector<std::string>* skipped = nullptr);
bool load_samples(const std::string& path, std::map<std::string, SampleSet>& out,
                  std::string& error, std::vector<std::string>* skipped = nullptr);

// Google Benchmark writes NaN, -NaN, Infinity and -Infinity, which JSON does not allow: the
// text with those bare tokens (outside strings) replaced by null.
std::string null_for_non_finite(std::string_view json_text);

struct CompareOptions {
  double alpha = 0.05;
  std::optional<double> fail_above_percent; // a significant regression beyond this fails
};

// Fewer repetitions than this on a side: a rank test can hardly find anything (3 + 3: the
// smallest two-sided p is 0.1), so compare warns.
constexpr std::size_t kFewRepetitions = 5;

struct CompareRow {
  std::string name;
  std::string unit;
  std::string basis;
  bool higher_is_better = false;
  double old_median = 0;
  double new_median = 0;
  double change_percent = 0; // (new - old) / old
  double p_value = 1;
  std::size_t old_count = 0;
  std::size_t new_count = 0;
  bool no_spread = false;    // every repetition equal on each side (a simulated counter)
  // The medians differ and the difference is real: p < alpha, or no spread on either side.
  bool significant = false;
  bool worse = false;        // significant, in the costly direction
  bool in_geomean = true;
  bool can_fail = true;
  bool regression = false;   // worse, can fail, and beyond fail_above_percent
};

struct CompareResult {
  std::vector<CompareRow> rows;          // benchmarks present on both sides, by name
  std::vector<std::string> only_old;
  std::vector<std::string> only_new;
  std::vector<std::string> warnings;     // e.g. too few repetitions
  // Geometric mean over the in_geomean rows of the cost ratio (new/old for lower-is-better,
  // old/new for higher-is-better), as a change: positive means worse.
  double geomean_cost_change_percent = 0;
  std::size_t geomean_rows = 0;
  bool failed = false;                   // some row is a regression
};

CompareResult compare(const std::map<std::string, SampleSet>& old_samples,
                      const std::map<std::string, SampleSet>& new_samples,
                      const CompareOptions& options);

std::string render_comparison(const CompareResult& comparison, const CompareOptions& options);
std::string render_comparison_json(const CompareResult& comparison, const CompareOptions& options);

} // namespace twinmatch::bench

namespace twinmatch::bench {

// The whole `twinmatch compare` command: arguments after the subcommand name, text for stdout
// and stderr (warnings), and the exit status: 0 no failing regression, 1 a significant
// regression beyond --fail-above, 2 bad arguments, unreadable input or an unwritable --json.
int run_compare_command(const std::vector<std::string>& args, std::string& out, std::string& err);

} // namespace twinmatch::bench
