#include "hls_core.hpp"

#include <algorithm>
#include <span>

namespace twinmatch::link {

namespace {

// Cycles from taking the command to taking the next one, after docs/hls.md's latency table
// ("design intent, not measured"): k = orders filled or cancelled, m = level updates,
// r = snapshot rows. The table's "about" figures are taken as exact.
std::uint32_t design_cycles(const Command& command, std::span<const Event> caused) {
  std::uint32_t orders = 0;
  std::uint32_t levels = 0;
  std::uint32_t rows = 0;
  bool rejected = false;
  for (const Event& event : caused) {
    switch (static_cast<EventType>(event.type)) {
    case EventType::Fill: ++orders; break;
    case EventType::Cancelled: ++orders; break;
    case EventType::LevelUpdate: ++levels; break;
    case EventType::SnapshotRow: ++rows; break;
    case EventType::Rejected: rejected = true; break;
    default: break;
    }
  }
  if (rejected) return 4;
  const std::uint32_t sweep = orders == 0 ? 8 : 8 + orders + 2 * levels + 4;
  const bool fill_or_kill = command.tif == static_cast<std::uint8_t>(TimeInForce::Fok);
  switch (static_cast<Opcode>(command.opcode)) {
  case Opcode::NewOrder: return sweep + (fill_or_kill ? levels + 1 + 4 : 0);
  case Opcode::Cancel: return 7;
  case Opcode::Modify: return caused.size() <= 2 && orders == 0 ? 6 : 7 + sweep;
  case Opcode::MassCancel:
  case Opcode::SetBand: return 4 + orders + 2 * levels + 4 + 4;
  case Opcode::Snapshot: return 4 + rows + 4 + 4;
  }
  return 4;
}

} // namespace

void HlsCore::execute(const Command& command, CoreStep& step) {
  hlscore::process_command(*state_, command, out_);
  while (!out_.empty()) step.events.push_back(out_.read());
  streaming_timing(step);
  step.next_command_cycles =
      std::max(design_cycles(command, step.events), step.next_command_cycles);
}

} // namespace twinmatch::link
