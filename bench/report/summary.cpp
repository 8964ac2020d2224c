// The report's first screen: when, which commit, what machine, then the verdict matrix, so a
// reader sees at once which backend meets which target and by how much. The long table of every
// figure follows it (report.cpp).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "twinmatch/bench/report.hpp"

namespace twinmatch::bench {
namespace {

struct Matrix {
  std::vector<std::string> rows;    // target labels, in the targets file's order
  std::vector<std::string> columns; // backends judged by some target, in the report's order
  std::map<std::pair<std::size_t, std::size_t>, const Verdict*> cells;
};

std::size_t index_of(std::vector<std::string>& names, const std::string& name) {
  const auto found = std::find(names.begin(), names.end(), name);
  if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
  names.push_back(name);
  return names.size() - 1;
}

Matrix build_matrix(const ReportData& report, const std::vector<Verdict>& verdicts) {
  Matrix matrix;
  for (const BackendSummary& backend : report.backends) {
    const bool judged = std::any_of(verdicts.begin(), verdicts.end(), [&](const Verdict& verdict) {
      return verdict.backend == backend.name;
    });
    if (judged) matrix.columns.push_back(backend.name);
  }
  // Two targets in one cell only when neither judges it (n/a, pending): keep the more telling.
  auto rank = [](const Verdict& verdict) {
    return verdict.status == "n/a" ? 0 : verdict.status == "pending" ? 1 : 2;
  };
  for (const Verdict& verdict : verdicts) {
    const std::size_t row = index_of(matrix.rows, verdict.target->row_label());
    const std::size_t column = index_of(matrix.columns, verdict.backend);
    const Verdict*& cell = matrix.cells[{row, column}];
    if (!cell || rank(verdict) > rank(*cell)) cell = &verdict;
  }
  return matrix;
}

// A rate without its noun (the row says what is counted): "8.12 M/s".
std::string compact_value(double value, const std::string& unit) {
  if (unit.find("/s") == std::string::npos) return format_value(value, unit);
  if (value >= 1e9) return fmt::format("{:.3g} G/s", value / 1e9);
  if (value >= 1e6) return fmt::format("{:.3g} M/s", value / 1e6);
  if (value >= 1e3) return fmt::format("{:.3g} k/s", value / 1e3);
  return fmt::format("{:.3g} /s", value);
}

struct Cell {
  std::string verdict; // "PASS 4.97x"
  std::string value;   // "12.1 ns", "8 ns sim"
};

Cell cell_of(const Verdict& verdict) {
  if (verdict.status != "PASS" && verdict.status != "FAIL") return {verdict.status, ""};
  Cell cell{verdict.status, compact_value(verdict.measured, verdict.result->unit)};
  if (verdict.headroom) cell.verdict += fmt::format(" {}", format_headroom(*verdict.headroom));
  if (verdict.target->timebase == Timebase::Simulated) cell.value += " sim";
  return cell;
}

std::string header_lines(const ReportData& report) {
  return fmt::format("twinmatch report, {}, commit {}\nMachine: {}, {} cores; {}, {}, {}\n",
                     report.machine.timestamp_utc,
                     report.machine.commit.empty() ? "unknown" : report.machine.commit,
                     report.machine.cpu_model, report.machine.cores, report.machine.compiler,
                     report.machine.build_type, report.machine.flags);
}

std::string tally(const std::vector<Verdict>& verdicts) {
  std::map<std::string, int> counts;
  for (const Verdict& verdict : verdicts) ++counts[verdict.status];
  std::vector<std::string> parts;
  for (const char* status : {"PASS", "FAIL", "pending", "n/a"}) {
    if (counts[status] > 0) parts.push_back(fmt::format("{} {}", counts[status], status));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string miss_line(const Verdict& verdict) {
  return fmt::format("{} on {}: {}{}, needs {}{}", verdict.target->id, verdict.backend,
                     format_value(verdict.measured, verdict.result->unit),
                     verdict.target->timebase == Timebase::Simulated ? " (simulated)" : "",
                     verdict.target->describe_bound(),
                     verdict.headroom ? fmt::format(" ({})", format_headroom(*verdict.headroom))
                                      : std::string{});
}

// A line per missed target: the backend alone, or how many missed it and the range.
std::vector<std::string> miss_lines(const std::vector<Verdict>& verdicts) {
  std::vector<std::string> lines;
  std::vector<const Target*> done;
  for (const Verdict& first : verdicts) {
    if (first.status != "FAIL" ||
        std::find(done.begin(), done.end(), first.target) != done.end()) {
      continue;
    }
    done.push_back(first.target);
    std::vector<const Verdict*> misses;
    for (const Verdict& verdict : verdicts) {
      if (verdict.status == "FAIL" && verdict.target == first.target) misses.push_back(&verdict);
    }
    if (misses.size() == 1) {
      lines.push_back(miss_line(first));
      continue;
    }
    const auto [low, high] = std::minmax_element(
        misses.begin(), misses.end(),
        [](const Verdict* a, const Verdict* b) { return a->measured < b->measured; });
    std::vector<std::string> backends;
    for (const Verdict* miss : misses) backends.push_back(miss->backend);
    std::string headroom;
    if ((*low)->headroom && (*high)->headroom) {
      const auto [least, most] = std::minmax((*low)->headroom.value(), (*high)->headroom.value());
      headroom = fmt::format(" ({} .. {})", format_headroom(least), format_headroom(most));
    }
    lines.push_back(fmt::format("{} on {} backends ({}): {} .. {}, needs {}{}", first.target->id,
                                misses.size(), fmt::join(backends, ", "),
                                format_value((*low)->measured, first.result->unit),
                                format_value((*high)->measured, first.result->unit),
                                first.target->describe_bound(), headroom));
  }
  return lines;
}

constexpr std::string_view kLegend =
    "Each cell: the verdict, the headroom (how many times over the target is met; below 1x it is "
    "missed)\nand the median over the repetitions; \"sim\": simulated time, else the host's.";

} // namespace

std::string format_headroom(double headroom) {
  if (headroom >= 1000) return fmt::format("{:.0f}x", headroom);
  return fmt::format("{:.3g}x", headroom);
}

std::string render_summary(const ReportData& report, std::size_t width) {
  const std::vector<Verdict> verdicts = evaluate(report);
  const Matrix matrix = build_matrix(report, verdicts);
  std::string text = header_lines(report);
  text += fmt::format("Verdicts against {}: {}\n{}\n", report.targets_source, tally(verdicts),
                      kLegend);

  std::size_t label_width = std::string_view("target").size();
  for (const std::string& row : matrix.rows) label_width = std::max(label_width, row.size());
  std::vector<std::size_t> column_widths;
  for (std::size_t column = 0; column < matrix.columns.size(); ++column) {
    std::size_t column_width = matrix.columns[column].size();
    for (std::size_t row = 0; row < matrix.rows.size(); ++row) {
      const auto cell = matrix.cells.find({row, column});
      if (cell == matrix.cells.end()) continue;
      const Cell texts = cell_of(*cell->second);
      column_width = std::max({column_width, texts.verdict.size(), texts.value.size()});
    }
    column_widths.push_back(column_width + 2);
  }
  auto trimmed = [](std::string line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    line += '\n';
    return line;
  };
  // Blocks of columns that fit the width, each repeating the label column.
  for (std::size_t first = 0; first < matrix.columns.size();) {
    std::size_t last = first;
    std::size_t used = label_width + 2 + column_widths[first];
    while (last + 1 < matrix.columns.size() && used + column_widths[last + 1] <= width) {
      used += column_widths[++last];
    }
    std::string heading = fmt::format("{:<{}}", "target", label_width + 2);
    std::string rule = fmt::format("{:<{}}", std::string(label_width, '-'), label_width + 2);
    for (std::size_t column = first; column <= last; ++column) {
      heading += fmt::format("{:<{}}", matrix.columns[column], column_widths[column]);
      rule += fmt::format("{:<{}}", std::string(column_widths[column] - 2, '-'),
                          column_widths[column]);
    }
    text += '\n';
    text += trimmed(heading);
    text += trimmed(rule);
    for (std::size_t row = 0; row < matrix.rows.size(); ++row) {
      std::string verdict_line = fmt::format("{:<{}}", matrix.rows[row], label_width + 2);
      std::string value_line(label_width + 2, ' ');
      bool any = false;
      for (std::size_t column = first; column <= last; ++column) {
        const auto cell = matrix.cells.find({row, column});
        const Cell texts = cell == matrix.cells.end() ? Cell{} : cell_of(*cell->second);
        any = any || cell != matrix.cells.end();
        verdict_line += fmt::format("{:<{}}", texts.verdict, column_widths[column]);
        value_line += fmt::format("{:<{}}", texts.value, column_widths[column]);
      }
      if (!any) continue; // no backend of this block is judged by this row's targets
      text += trimmed(verdict_line);
      if (value_line.find_first_not_of(' ') != std::string::npos) text += trimmed(value_line);
    }
    first = last + 1;
  }
  if (any_failure(verdicts)) {
    text += "\nMissed:\n";
    for (const std::string& line : miss_lines(verdicts)) text += fmt::format("  {}\n", line);
  }
  return text;
}

std::string render_summary_markdown(const ReportData& report) {
  const std::vector<Verdict> verdicts = evaluate(report);
  const Matrix matrix = build_matrix(report, verdicts);
  std::string md = "# twinmatch performance report\n\n";
  md += fmt::format("- Made: {}, commit `{}`\n", report.machine.timestamp_utc,
                    report.machine.commit.empty() ? "unknown" : report.machine.commit);
  md += fmt::format("- Machine: {}, {} cores\n", report.machine.cpu_model, report.machine.cores);
  md += fmt::format("- Compiler: {}, build type {}, flags `{}`\n", report.machine.compiler,
                    report.machine.build_type, report.machine.flags);
  md += fmt::format("- Verdicts against {}: {}\n\n## Verdicts\n\n{}\n\n", report.targets_source,
                    tally(verdicts), kLegend);
  md += fmt::format("| target | {} |\n|---|", fmt::join(matrix.columns, " | "));
  for (std::size_t column = 0; column < matrix.columns.size(); ++column) md += "---|";
  md += "\n";
  for (std::size_t row = 0; row < matrix.rows.size(); ++row) {
    md += fmt::format("| {} |", matrix.rows[row]);
    for (std::size_t column = 0; column < matrix.columns.size(); ++column) {
      const auto cell = matrix.cells.find({row, column});
      if (cell == matrix.cells.end()) {
        md += " |";
        continue;
      }
      const Cell texts = cell_of(*cell->second);
      const std::string verdict = texts.verdict.starts_with("FAIL")
                                      ? fmt::format("**{}**", texts.verdict)
                                      : texts.verdict;
      md += texts.value.empty() ? fmt::format(" {} |", verdict)
                                : fmt::format(" {}<br>{} |", verdict, texts.value);
    }
    md += "\n";
  }
  if (any_failure(verdicts)) {
    md += "\nMissed:\n\n";
    for (const std::string& line : miss_lines(verdicts)) md += fmt::format("- {}\n", line);
  }
  return md;
}

} // namespace twinmatch::bench
