// The report's chart, two panels on logarithmic axes: latencies (every time per command that is
// one: host wall time of the in-process engines and host software, simulated time) and rates
// (throughputs). A row per backend under a heading per metric and time base: a box from the 25th
// to the 75th percentile, a bar at the median, a dot per repetition, and a red dashed line at
// each target that judges the row. A simulator's speed and a link's cost per command at
// saturation are not latencies and are left out (the tables hold them). Plain SVG written by
// hand: no plotting library.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "twinmatch/bench/report.hpp"
#include "twinmatch/bench/stats.hpp"

namespace twinmatch::bench {
namespace {

constexpr double kWidth = 960;
constexpr double kLeft = 110;   // backend names, right-aligned before the plot
constexpr double kRight = 90;   // the median in words right of the last dot
constexpr double kRowHeight = 20;
constexpr double kHeadingHeight = 22;
constexpr double kAxisHeight = 46;
constexpr double kPanelGap = 30;
constexpr double kLineHeight = 16;
constexpr std::array<std::string_view, 8> kPalette{"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                                   "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
constexpr std::string_view kTargetColour = "#c00000";
constexpr double kCharWidth = 7;       // of a 12 px sans-serif character, at most roughly

std::string escape_xml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string_view colour_of(const ReportData& report, const std::string& backend) {
  for (std::size_t i = 0; i < report.backends.size(); ++i) {
    if (report.backends[i].name == backend) return kPalette[i % kPalette.size()];
  }
  return "#444444";
}

// Nanoseconds per unit of a time, or nothing for any other unit.
std::optional<double> ns_per(const std::string& unit) {
  if (unit == "ns") return 1.0;
  if (unit == "us") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  return std::nullopt;
}

bool is_rate(const std::string& unit) { return unit.find("/s") != std::string::npos; }

// One panel: what it draws and how its values are put on one axis.
struct Panel {
  std::string title;
  std::string axis_label;
  bool (*holds)(const MetricResult&);
  double (*scale)(const std::string& unit); // to the axis's unit: ns, or per second
  std::string (*tick)(double value);
};

bool drawn(const MetricResult& result) {
  return !result.samples.empty() && result.timebase != Timebase::SimulatorWall;
}

const std::array<Panel, 2> kPanels{
    Panel{"Latency per command (log scale)", "latency",
          [](const MetricResult& r) { return drawn(r) && ns_per(r.unit) && !r.not_a_latency; },
          [](const std::string& unit) { return ns_per(unit).value_or(1); },
          [](double ns) { return format_value(ns, "ns"); }},
    Panel{"Throughput (log scale)", "per second (each heading names what is counted)",
          [](const MetricResult& r) { return drawn(r) && is_rate(r.unit); },
          [](const std::string&) { return 1.0; },
          [](double rate) {
            if (rate >= 1e9) return fmt::format("{:.3g} G/s", rate / 1e9);
            if (rate >= 1e6) return fmt::format("{:.3g} M/s", rate / 1e6);
            if (rate >= 1e3) return fmt::format("{:.3g} k/s", rate / 1e3);
            return fmt::format("{:.3g} /s", rate);
          }},
};

std::string group_of(const MetricResult& result) {
  return result.metric + "/" + std::string(timebase_name(result.timebase));
}

std::string heading_of(const MetricResult& result) {
  const char* basis = result.timebase == Timebase::Simulated ? "simulated time"
                                                              : "host wall time";
  if (!ns_per(result.unit) && !is_rate(result.unit)) basis = "counted";
  return fmt::format("{} ({}, {})", result.metric, basis, result.unit);
}

// The bounds of the targets that judge some row of a group, e.g. "< 60 ns".
std::vector<std::string> bounds_of(const ReportData& report, const std::string& group) {
  std::vector<std::string> bounds;
  for (const MetricResult& result : report.results) {
    if (group_of(result) != group) continue;
    for (const Target& target : report.targets.targets) {
      const std::string bound = target.describe_bound();
      if (target.pending.empty() &&
          target.applies_to(result.backend, result.metric, result.timebase) &&
          std::find(bounds.begin(), bounds.end(), bound) == bounds.end()) {
        bounds.push_back(bound);
      }
    }
  }
  return bounds;
}

struct Layout {
  double first_decade = 0;
  double last_decade = 1;
  double x_of(double value) const {
    const double plot_width = kWidth - kLeft - kRight;
    const double clamped = std::max(value, std::pow(10.0, first_decade));
    return kLeft + (std::log10(clamped) - first_decade) / (last_decade - first_decade) * plot_width;
  }
};

// Draws one panel from `top`; returns its height (0 when it has no rows).
double draw_panel(const ReportData& report, const Panel& panel, double top, std::string& svg) {
  // Rows grouped by metric and time base, in the order the results came.
  std::vector<std::string> groups;
  for (const MetricResult& result : report.results) {
    if (!panel.holds(result)) continue;
    if (std::find(groups.begin(), groups.end(), group_of(result)) == groups.end()) {
      groups.push_back(group_of(result));
    }
  }
  if (groups.empty()) return 0;
  std::vector<const MetricResult*> rows;
  double low = std::numeric_limits<double>::infinity();
  double high = 0;
  auto include = [&](double value) {
    if (value > 0) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  };
  for (const std::string& group : groups) {
    for (const MetricResult& result : report.results) {
      if (!panel.holds(result) || group_of(result) != group) continue;
      rows.push_back(&result);
      for (double sample : result.samples) include(sample * panel.scale(result.unit));
      for (const Target& target : report.targets.targets) {
        if (target.pending.empty() &&
            target.applies_to(result.backend, result.metric, result.timebase)) {
          include(target.value * panel.scale(target.unit));
        }
      }
    }
  }
  if (high <= 0) {
    low = 1;
    high = 10;
  }
  Layout layout;
  // A margin on both ends, so nothing sits on the frame (a 1 M/s target, say).
  layout.first_decade = std::floor(std::log10(low) - 0.05);
  layout.last_decade = std::max(layout.first_decade + 1, std::ceil(std::log10(high) + 0.05));

  svg += fmt::format("<text x=\"10\" y=\"{:.1f}\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
                     top + 14, escape_xml(panel.title));
  const double plot_top = top + 22;
  const double plot_height = static_cast<double>(rows.size()) * kRowHeight +
                             static_cast<double>(groups.size()) * kHeadingHeight;
  const double axis_y = plot_top + plot_height;
  for (double decade = layout.first_decade; decade <= layout.last_decade; ++decade) {
    const double x = layout.x_of(std::pow(10.0, decade));
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                       "stroke=\"#e4e4e4\"/>\n",
                       x, plot_top, axis_y);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", x,
                       axis_y + 16, escape_xml(panel.tick(std::pow(10.0, decade))));
  }
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#333\"/>\n",
                     kLeft, axis_y, kWidth - kRight);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     kLeft + (kWidth - kLeft - kRight) / 2, axis_y + 34,
                     escape_xml(panel.axis_label));

  double y = plot_top;
  std::string current_group;
  for (const MetricResult* result : rows) {
    if (group_of(*result) != current_group) {
      current_group = group_of(*result);
      svg += fmt::format("<line x1=\"10\" y1=\"{0:.1f}\" x2=\"{1}\" y2=\"{0:.1f}\" stroke=\"#bbb\"/>\n",
                         y + 2, kWidth - 10);
      const std::string heading = heading_of(*result);
      const std::vector<std::string> bounds = bounds_of(report, current_group);
      const std::string targets =
          bounds.empty() ? "" : fmt::format("target {}", fmt::join(bounds, ", "));
      svg += fmt::format("<text x=\"10\" y=\"{:.1f}\" font-weight=\"bold\" fill=\"#333\">{}"
                         "<tspan dx=\"12\" fill=\"{}\" font-weight=\"normal\">{}</tspan></text>\n",
                         y + 16, escape_xml(heading), kTargetColour, escape_xml(targets));
      y += kHeadingHeight;
    }
    const double mid = y + kRowHeight / 2;
    const std::string_view colour = colour_of(report, result->backend);
    const double scale = panel.scale(result->unit);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLeft - 8,
                       mid + 4, escape_xml(result->backend));
    std::vector<double> values;
    for (double sample : result->samples) values.push_back(sample * scale);
    const double q1 = layout.x_of(quantile(values, 0.25));
    const double q3 = layout.x_of(quantile(values, 0.75));
    const double middle = layout.x_of(median(values));
    const bool simulated = result->timebase == Timebase::Simulated;
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"12\" "
                       "fill=\"{}\" fill-opacity=\"0.25\" stroke=\"{}\"{}/>\n",
                       q1, mid - 6, std::max(q3 - q1, 1.0), colour, colour,
                       simulated ? " stroke-dasharray=\"4 2\"" : "");
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                       "stroke=\"{3}\" stroke-width=\"2.5\"/>\n",
                       middle, mid - 8, mid + 8, colour);
    for (double value : values) {
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>\n",
                         layout.x_of(value), mid, colour);
    }
    for (const Target& target : report.targets.targets) {
      if (!target.pending.empty() ||
          !target.applies_to(result->backend, result->metric, result->timebase)) {
        continue;
      }
      const double x = layout.x_of(target.value * panel.scale(target.unit));
      svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                         "stroke=\"{3}\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>\n",
                         x, mid - kRowHeight / 2, mid + kRowHeight / 2, kTargetColour);
    }
    const double rightmost = layout.x_of(*std::max_element(values.begin(), values.end()));
    const std::string value = panel.tick(median(values));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333\">{}</text>\n",
                       std::min(std::max(rightmost, q3) + 8,
                                kWidth - 4 - kCharWidth * static_cast<double>(value.size())),
                       mid + 4, escape_xml(value));
    y += kRowHeight;
  }
  return axis_y + kAxisHeight - top;
}

const std::array<std::string_view, 3> kSubtitle{
    "Dot: one repetition; box: 25th to 75th percentile; bar: median. Dashed box: simulated time at "
    "the stated clock; solid:",
    "host wall time (in-process engines, settlement). Red dashed line: a target that judges the "
    "row (bounds in red by each heading).",
    "Not drawn: a simulator's speed and a link's time per command at saturation (not latencies; "
    "see report.md)."};

} // namespace

std::string render_latency_svg(const ReportData& report) {
  std::string body;
  double y = 24 + kLineHeight * static_cast<double>(kSubtitle.size()) + 12;
  for (const Panel& panel : kPanels) {
    const double height = draw_panel(report, panel, y, body);
    if (height > 0) y += height + kPanelGap;
  }
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1:.0f}\" "
      "viewBox=\"0 0 {0} {1:.0f}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"{0}\" height=\"{1:.0f}\" fill=\"white\"/>\n"
      "<text x=\"10\" y=\"20\" font-size=\"16\" font-weight=\"bold\">twinmatch: latency and "
      "throughput per backend</text>\n",
      kWidth, y);
  for (std::size_t line = 0; line < kSubtitle.size(); ++line) {
    svg += fmt::format("<text x=\"10\" y=\"{:.0f}\" fill=\"#555\">{}</text>\n",
                       38 + kLineHeight * static_cast<double>(line), escape_xml(kSubtitle[line]));
  }
  svg += body;
  svg += "</svg>\n";
  return svg;
}

} // namespace twinmatch::bench
