#include "expected_events.hpp"

namespace twinmatch::test {
namespace {

template <typename Enum>
std::uint8_t raw(Enum value) {
  return static_cast<std::uint8_t>(value);
}

Event event_of(EventType type) {
  Event event{};
  event.type = raw(type);
  return event;
}

// What every event about one order names.
Event order_event(EventType type, std::uint32_t handle, Side side, std::uint16_t symbol,
                  std::uint32_t price, std::uint32_t quantity) {
  Event event = event_of(type);
  event.handle = handle;
  event.side = raw(side);
  event.symbol = symbol;
  event.price = price;
  event.quantity = quantity;
  return event;
}

// What every event about one price level names.
Event level_event(EventType type, Side side, std::uint16_t symbol, std::uint32_t price,
                  std::uint64_t quantity, std::uint32_t orders) {
  Event event = event_of(type);
  event.side = raw(side);
  event.symbol = symbol;
  event.price = price;
  event.level_quantity = quantity;
  event.order_count = orders;
  return event;
}

// The last event of a command over a whole book: how many rows or orders it covered.
Event count_event(EventType type, std::uint16_t symbol, std::uint32_t count) {
  Event event = event_of(type);
  event.symbol = symbol;
  event.order_count = count;
  return event;
}

} // namespace

Event accepted(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity) {
  Event event = order_event(EventType::Accepted, handle, side, symbol, price, quantity);
  event.remaining = quantity;
  return event;
}

Event fill(std::uint32_t taker, Side side, std::uint16_t symbol, std::uint32_t maker,
           std::uint32_t price, std::uint32_t quantity, std::uint32_t remaining,
           std::uint32_t maker_remaining) {
  Event event = order_event(EventType::Fill, taker, side, symbol, price, quantity);
  event.maker_handle = maker;
  event.remaining = remaining;
  event.maker_remaining = maker_remaining;
  return event;
}

Event cancelled(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                std::uint32_t quantity, CancelReason reason) {
  Event event = order_event(EventType::Cancelled, handle, side, symbol, price, quantity);
  event.reason = raw(reason);
  return event;
}

Event modified(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity) {
  Event event = order_event(EventType::Modified, handle, side, symbol, price, quantity);
  event.remaining = quantity;
  return event;
}

Event rejected(std::uint32_t handle, std::uint16_t symbol, RejectReason reason) {
  Event event = event_of(EventType::Rejected);
  event.handle = handle;
  event.symbol = symbol;
  event.reason = raw(reason);
  return event;
}

Event rejected(const Command& command, RejectReason reason) {
  return rejected(command.handle, command.symbol, reason);
}

Event level_update(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders) {
  return level_event(EventType::LevelUpdate, side, symbol, price, quantity, orders);
}

Event snapshot_row(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders) {
  return level_event(EventType::SnapshotRow, side, symbol, price, quantity, orders);
}

Event snapshot_end(std::uint16_t symbol, std::uint32_t rows) {
  return count_event(EventType::SnapshotEnd, symbol, rows);
}

Event mass_cancel_done(std::uint16_t symbol, std::uint32_t orders) {
  return count_event(EventType::MassCancelDone, symbol, orders);
}

Event band_set(std::uint16_t symbol, std::uint32_t base, std::uint32_t cancelled) {
  Event event = count_event(EventType::BandSet, symbol, cancelled);
  event.price = base;
  return event;
}

void number_events(std::vector<Event>& events, const Command& command, std::uint64_t& last_seq,
                   std::uint64_t cmd_seq) {
  for (Event& event : events) {
    event.seq = ++last_seq;
    event.cmd_seq = cmd_seq;
    event.cmd_opcode = command.opcode;
    event.flags = 0;
  }
  if (!events.empty()) events.back().flags = kEventLast;
}

} // namespace twinmatch::test
