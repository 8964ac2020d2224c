#include "twinmatch/sim/trace_window.hpp"

#include <charconv>
#include <string_view>
#include <system_error>

namespace twinmatch::sim {
namespace {

bool parse_count(std::string_view text, std::uint64_t& value) {
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  return status == std::errc{} && end == text.data() + text.size() && !text.empty();
}

} // namespace

bool parse_trace_bound(const std::string& text, TraceBound& bound) {
  constexpr std::string_view kCommand = "cmd:";
  if (text.starts_with(kCommand)) {
    bound.kind = TraceBound::Kind::Command;
    return parse_count(std::string_view(text).substr(kCommand.size()), bound.value) && bound.value != 0;
  }
  bound.kind = TraceBound::Kind::Cycle;
  return parse_count(text, bound.value);
}

std::string trace_window_error(const TraceBound& from, const TraceBound& to) {
  if (from.kind == to.kind && to.kind != TraceBound::Kind::None && from.value > to.value) {
    return "trace_from is after trace_to";
  }
  return {};
}

bool TraceWindow::covers(std::uint64_t cycle, std::uint64_t accepted, std::uint64_t retired) {
  if (closed_) return false;
  if (to_.kind == TraceBound::Kind::Cycle && cycle > to_.value) {
    closed_ = true;
    return false;
  }
  if (!opened_) {
    opened_ = from_.kind == TraceBound::Kind::None ||
              (from_.kind == TraceBound::Kind::Cycle && cycle >= from_.value) ||
              (from_.kind == TraceBound::Kind::Command && accepted != 0 && accepted >= from_.value);
  }
  if (to_.kind == TraceBound::Kind::Command && retired != 0 && retired >= to_.value) closed_ = true;
  if (to_.kind == TraceBound::Kind::Cycle && cycle >= to_.value) closed_ = true;
  return opened_;
}

} // namespace twinmatch::sim
