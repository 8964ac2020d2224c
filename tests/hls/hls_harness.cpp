#include "hls_harness.hpp"

#include <algorithm>
#include <cstring>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "twinmatch/tools/command_builders.hpp"

namespace twinmatch::hlstest {

std::string describe(const Event& e) {
  return fmt::format("{{type {} flags {} side {} reason {} symbol {} opcode {} res0 {} seq {} "
                     "cmd_seq {} handle {} maker {} price {} qty {} rem {} maker_rem {} "
                     "level_qty {} count {} res1 {}}}",
                     e.type, e.flags, e.side, e.reason, e.symbol, e.cmd_opcode, e.reserved0,
                     e.seq, e.cmd_seq, e.handle, e.maker_handle, e.price, e.quantity, e.remaining,
                     e.maker_remaining, e.level_quantity, e.order_count, e.reserved1);
}

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

} // namespace

Command limit_order(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t price,
                    std::uint32_t quantity, std::uint32_t account, TimeInForce tif, StpMode stp,
                    bool post_only) {
  return tools::new_order_command({.symbol = symbol,
                                   .handle = handle,
                                   .side = side,
                                   .type = OrderType::Limit,
                                   .tif = tif,
                                   .post_only = post_only,
                                   .stp = stp,
                                   .price = price,
                                   .quantity = quantity,
                                   .account = account});
}

Command market_order(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t quantity,
                     std::uint32_t account, TimeInForce tif, StpMode stp) {
  Command command = limit_order(side, symbol, handle, 0, quantity, account, tif, stp);
  command.order_type = raw(OrderType::Market);
  return command;
}

Command cancel_order(std::uint32_t handle) { return tools::cancel_command(handle); }

Command modify_order(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  return tools::modify_command(handle, price, quantity);
}

Command mass_cancel(std::uint16_t symbol) { return tools::mass_cancel_command(symbol, false, 0); }

Command mass_cancel_account(std::uint16_t symbol, std::uint32_t account) {
  return tools::mass_cancel_command(symbol, true, account);
}

Command snapshot(std::uint16_t symbol, std::uint16_t depth) {
  return tools::snapshot_command(symbol, depth);
}

Event accepted(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity) {
  Event event = event_of(EventType::Accepted);
  event.handle = handle;
  event.side = raw(side);
  event.symbol = symbol;
  event.price = price;
  event.quantity = quantity;
  event.remaining = quantity;
  return event;
}

Event fill(std::uint32_t taker, Side side, std::uint16_t symbol, std::uint32_t maker,
           std::uint32_t price, std::uint32_t quantity, std::uint32_t remaining,
           std::uint32_t maker_remaining) {
  Event event = event_of(EventType::Fill);
  event.handle = taker;
  event.side = raw(side);
  event.symbol = symbol;
  event.maker_handle = maker;
  event.price = price;
  event.quantity = quantity;
  event.remaining = remaining;
  event.maker_remaining = maker_remaining;
  return event;
}

Event cancelled(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                std::uint32_t quantity, CancelReason reason) {
  Event event = event_of(EventType::Cancelled);
  event.handle = handle;
  event.side = raw(side);
  event.symbol = symbol;
  event.price = price;
  event.quantity = quantity;
  event.reason = raw(reason);
  return event;
}

Event modified(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity) {
  Event event = accepted(handle, side, symbol, price, quantity);
  event.type = raw(EventType::Modified);
  return event;
}

Event rejected(std::uint32_t handle, std::uint16_t symbol, RejectReason reason) {
  Event event = event_of(EventType::Rejected);
  event.handle = handle;
  event.symbol = symbol;
  event.reason = raw(reason);
  return event;
}

Event level_update(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders) {
  Event event = event_of(EventType::LevelUpdate);
  event.side = raw(side);
  event.symbol = symbol;
  event.price = price;
  event.level_quantity = quantity;
  event.order_count = orders;
  return event;
}

Event snapshot_row(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders) {
  Event event = level_update(side, symbol, price, quantity, orders);
  event.type = raw(EventType::SnapshotRow);
  return event;
}

Event snapshot_end(std::uint16_t symbol, std::uint32_t rows) {
  Event event = event_of(EventType::SnapshotEnd);
  event.symbol = symbol;
  event.order_count = rows;
  return event;
}

Event mass_cancel_done(std::uint16_t symbol, std::uint32_t orders) {
  Event event = event_of(EventType::MassCancelDone);
  event.symbol = symbol;
  event.order_count = orders;
  return event;
}

void Script::expect(const Command& command, std::vector<Event> expected) {
  REQUIRE_FALSE(expected.empty());
  ++cmd_seq_;
  for (Event& event : expected) {
    event.seq = ++seq_;
    event.cmd_seq = cmd_seq_;
    event.cmd_opcode = command.opcode;
  }
  expected.back().flags = kEventLast;

  const std::vector<Event> actual = harness_.apply(command);
  INFO("command " << cmd_seq_ << " (opcode " << int{command.opcode} << ")");
  const std::size_t common = std::min(actual.size(), expected.size());
  for (std::size_t i = 0; i < common; ++i) {
    INFO("event " << i << "\n  expected " << describe(expected[i]) << "\n  actual   "
                  << describe(actual[i]));
    CHECK(std::memcmp(&actual[i], &expected[i], sizeof(Event)) == 0);
  }
  for (std::size_t i = common; i < actual.size(); ++i)
    UNSCOPED_INFO("unexpected extra event " << describe(actual[i]));
  REQUIRE(actual.size() == expected.size());
}

} // namespace twinmatch::hlstest
