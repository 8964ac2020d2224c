// The waveform window shared by the rtl backend (sim/rtl_sim.cpp) and the clocked RTL core of
// `--link dma` (sim/link): options trace_from= / trace_to=, and which cycles they cover.
#pragma once

#include <cstdint>
#include <string>

namespace twinmatch::sim {

// One end of the waveform window: a cycle (0 = the first cycle after reset release, as in the
// cycle log), or a command by sequence number (from: the cycle it is accepted; to: the cycle its
// last event leaves), or no bound (from: reset release; to: the end of the run).
struct TraceBound {
  enum class Kind { None, Cycle, Command };
  Kind kind = Kind::None;
  std::uint64_t value = 0;
};

// The default start: the first command, without the reset sweep.
inline constexpr TraceBound kTraceFromFirstCommand{TraceBound::Kind::Command, 1};

// "N": cycle N; "cmd:N": command N (commands count from 1). False for anything else.
bool parse_trace_bound(const std::string& text, TraceBound& bound);

// Why a window cannot be used (from after to), or empty.
std::string trace_window_error(const TraceBound& from, const TraceBound& to);

// Which cycles a waveform covers, decided cycle by cycle as the run goes, since a command's
// cycles are known only when they happen.
class TraceWindow {
public:
  TraceWindow(const TraceBound& from, const TraceBound& to) : from_(from), to_(to) {}

  // Whether cycle `cycle` is in the window; cycles come in increasing order. `accepted` /
  // `retired`: the command accepted / the command whose last event leaves in this cycle, 0 if
  // none.
  bool covers(std::uint64_t cycle, std::uint64_t accepted, std::uint64_t retired);
  // Whether no cycle after the last one asked about can be covered.
  bool ended() const { return closed_; }

private:
  TraceBound from_;
  TraceBound to_;
  bool opened_ = false;
  bool closed_ = false;
};

} // namespace twinmatch::sim
