#include "hls_harness.hpp"

#include <algorithm>
#include <cstring>

#include <catch2/catch.hpp>
#include <fmt/format.h>

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

Command command_of(Opcode opcode) {
  Command command{};
  command.opcode = raw(opcode);
  command.version = kProtocolVersion;
  return command;
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
  Command command = command_of(Opcode::NewOrder);
  command.side = raw(side);
  command.order_type = raw(OrderType::Limit);
  command.tif = raw(tif);
  command.stp = raw(stp);
  command.flags = post_only ? kFlagPostOnly : 0;
  command.symbol = symbol;
  command.handle = handle;
  command.price = price;
  command.quantity = quantity;
  command.account = account;
  return command;
}

Command market_order(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t quantity,
                     std::uint32_t account, TimeInForce tif, StpMode stp) {
  Command command = limit_order(side, symbol, handle, 0, quantity, account, tif, stp);
  command.order_type = raw(OrderType::Market);
  return command;
}

Command cancel_order(std::uint32_t handle) {
  Command command = command_of(Opcode::Cancel);
  command.handle = handle;
  return command;
}

Command modify_order(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  Command command = command_of(Opcode::Modify);
  command.handle = handle;
  command.price = price;
  command.quantity = quantity;
  return command;
}

Command mass_cancel(std::uint16_t symbol) {
  Command command = command_of(Opcode::MassCancel);
  command.symbol = symbol;
  return command;
}

Command mass_cancel_account(std::uint16_t symbol, std::uint32_t account) {
  Command command = mass_cancel(symbol);
  command.flags = kFlagByAccount;
  command.account = account;
  return command;
}

Command snapshot(std::uint16_t symbol, std::uint16_t depth) {
  Command command = command_of(Opcode::Snapshot);
  command.symbol = symbol;
  command.depth = depth;
  return command;
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
