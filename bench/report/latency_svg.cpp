// The latency chart: every backend's per-command latency samples on one logarithmic axis,
// one row per (command, backend, time base; a simulator's speed is no latency and is left out), a box from the 25th to the 75th percentile, a bar
// at the median and a dot per repetition. Plain SVG written by hand: no plotting library.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "twinmatch/bench/report.hpp"
#include "twinmatch/bench/stats.hpp"

namespace twinmatch::bench {
namespace {

constexpr double kWidth = 960;
constexpr double kLeft = 300;  // room for the row labels
constexpr double kRight = 80; // room for the last median label
constexpr double kTop = 50;
constexpr double kRowHeight = 22;
constexpr double kGroupGap = 14;
constexpr double kAxisHeight = 50;
constexpr std::array<std::string_view, 8> kPalette{"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                                   "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

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

bool is_latency(const MetricResult& result) {
  return result.unit == "ns" && !result.samples.empty() &&
         result.timebase != Timebase::SimulatorWall;
}

} // namespace

std::string render_latency_svg(const ReportData& report) {
  // Latency rows, grouped by metric then time base, in the order the results came.
  std::vector<const MetricResult*> rows;
  std::vector<std::string> groups;
  for (const MetricResult& result : report.results) {
    if (!is_latency(result)) continue;
    const std::string group = result.metric + "/" + std::string(timebase_name(result.timebase));
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  double low = std::numeric_limits<double>::infinity();
  double high = 0;
  for (const std::string& group : groups) {
    for (const MetricResult& result : report.results) {
      if (!is_latency(result)) continue;
      if (result.metric + "/" + std::string(timebase_name(result.timebase)) != group) continue;
      rows.push_back(&result);
      for (double sample : result.samples) {
        if (sample > 0) {
          low = std::min(low, sample);
          high = std::max(high, sample);
        }
      }
    }
  }
  if (rows.empty() || high <= 0) {
    low = 1;
    high = 1000;
  }
  const double first_decade = std::floor(std::log10(low));
  const double last_decade = std::max(first_decade + 1, std::ceil(std::log10(high)));
  const double plot_width = kWidth - kLeft - kRight;
  auto x_of = [&](double ns) {
    const double clamped = std::max(ns, std::pow(10.0, first_decade));
    return kLeft + (std::log10(clamped) - first_decade) / (last_decade - first_decade) * plot_width;
  };

  const double plot_height = static_cast<double>(rows.size()) * kRowHeight +
                             static_cast<double>(groups.size()) * kGroupGap;
  const double height = kTop + plot_height + kAxisHeight;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n"
      "<text x=\"{2}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Latency per command, "
      "every backend (log scale)</text>\n"
      "<text x=\"{2}\" y=\"38\" fill=\"#555\">dot: one repetition (mean of a batch of that "
      "command); box: 25th-75th percentile; bar: median. wall = host wall-clock time, sim = "
      "simulated cycles at the stated clock.</text>\n",
      kWidth, height, 10);

  // Decade grid and axis labels.
  const double axis_y = kTop + plot_height;
  for (double decade = first_decade; decade <= last_decade; ++decade) {
    const double x = x_of(std::pow(10.0, decade));
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#ddd\"/>\n",
                       x, kTop, axis_y);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x,
                       axis_y + 16, format_value(std::pow(10.0, decade), "ns"));
  }
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#333\"/>\n",
                     kLeft, axis_y, kWidth - kRight);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">latency per command</text>\n",
                     kLeft + plot_width / 2, axis_y + 36);

  double y = kTop;
  std::string current_group;
  for (const MetricResult* result : rows) {
    const std::string group = result->metric + "/" + std::string(timebase_name(result->timebase));
    if (group != current_group) {
      current_group = group;
      y += kGroupGap;
      svg += fmt::format("<line x1=\"10\" y1=\"{0:.1f}\" x2=\"{1}\" y2=\"{0:.1f}\" "
                         "stroke=\"#bbb\"/>\n",
                         y - kGroupGap / 2, kWidth - kRight);
    }
    const double mid = y + kRowHeight / 2;
    const bool simulated = result->timebase == Timebase::Simulated;
    const std::string_view colour = colour_of(report, result->backend);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{} · {} ({})</text>\n",
                       kLeft - 8, mid + 4, escape_xml(result->metric), escape_xml(result->backend),
                       simulated ? "sim" : "wall");
    const double q1 = x_of(quantile(result->samples, 0.25));
    const double q3 = x_of(quantile(result->samples, 0.75));
    const double middle = x_of(median(result->samples));
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                       "fill=\"{}\" fill-opacity=\"0.25\" stroke=\"{}\"{}/>\n",
                       q1, mid - 7, std::max(q3 - q1, 1.0), 14.0, colour, colour,
                       simulated ? " stroke-dasharray=\"4 2\"" : "");
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                       "stroke=\"{3}\" stroke-width=\"2.5\"/>\n",
                       middle, mid - 9, mid + 9, colour);
    for (double sample : result->samples) {
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>\n",
                         x_of(sample), mid, colour);
    }
    // The median in words, right of the farthest dot.
    const double rightmost =
        x_of(*std::max_element(result->samples.begin(), result->samples.end()));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333\">{}</text>\n",
                       std::min(std::max(rightmost, q3) + 8, kWidth - kRight - 50), mid + 4,
                       format_value(median(result->samples), "ns"));
    y += kRowHeight;
  }
  svg += "</svg>\n";
  return svg;
}

} // namespace twinmatch::bench
