#include "twinmatch/tools/event_tally.hpp"

namespace twinmatch::tools {
namespace {

// Counts `value` in `counts` when the enum defines it, else in `undefined`.
template <std::size_t N>
void count(std::array<std::uint64_t, N>& counts, std::uint8_t value, std::uint64_t& undefined) {
  if (value >= 1 && value < N) {
    ++counts[value];
  } else {
    ++undefined;
  }
}

} // namespace

EventTally tally_events(std::span<const Event> events) {
  EventTally tally;
  add_to_tally(tally, events);
  return tally;
}

void add_to_tally(EventTally& tally, std::span<const Event> events) {
  for (const Event& event : events) {
    count(tally.events_by_type, event.type, tally.undefined);
    switch (static_cast<EventType>(event.type)) {
    case EventType::Rejected:
      count(tally.rejects_by_reason, event.reason, tally.undefined);
      break;
    case EventType::Cancelled:
      count(tally.cancels_by_reason, event.reason, tally.undefined);
      break;
    case EventType::Fill:
      tally.filled_quantity += event.quantity;
      break;
    default:
      break;
    }
  }
}

} // namespace twinmatch::tools
