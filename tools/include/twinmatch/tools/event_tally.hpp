// Counts of what an event stream says happened: events per type, rejects per reason, cancels
// per reason and traded quantity. Shared by the JSON run report and the demo table.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "twinmatch/protocol.hpp"
#include "twinmatch/tools/record_names.hpp"

namespace twinmatch::tools {

struct EventTally {
  // Indexed by the raw enum byte; index 0 and bytes past the last value are `undefined`.
  std::array<std::uint64_t, kLastEventType + 1> events_by_type{};
  std::array<std::uint64_t, kLastRejectReason + 1> rejects_by_reason{};
  std::array<std::uint64_t, kLastCancelReason + 1> cancels_by_reason{};
  std::uint64_t filled_quantity = 0;
  // Events whose type, or whose reject/cancel reason, the protocol does not define.
  std::uint64_t undefined = 0;
};

EventTally tally_events(std::span<const Event> events);

// Counts `events` into `tally`: a stream tallied a chunk at a time.
void add_to_tally(EventTally& tally, std::span<const Event> events);

} // namespace twinmatch::tools
