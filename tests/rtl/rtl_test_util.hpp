// Builders of commands and expected events for the RTL tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "twinmatch/protocol.hpp"

namespace twinmatch::rtl_test {

inline Command base(Opcode op) {
  Command c;
  std::memset(&c, 0, sizeof c);
  c.opcode = static_cast<std::uint8_t>(op);
  c.version = kProtocolVersion;
  return c;
}

inline Command limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t qty,
                     std::uint16_t symbol = 0, std::uint32_t account = 1,
                     TimeInForce tif = TimeInForce::Gtc, StpMode stp = StpMode::None,
                     std::uint8_t flags = 0) {
  Command c = base(Opcode::NewOrder);
  c.side = static_cast<std::uint8_t>(side);
  c.order_type = static_cast<std::uint8_t>(OrderType::Limit);
  c.tif = static_cast<std::uint8_t>(tif);
  c.flags = flags;
  c.stp = static_cast<std::uint8_t>(stp);
  c.symbol = symbol;
  c.handle = handle;
  c.price = price;
  c.quantity = qty;
  c.account = account;
  return c;
}

inline Command market(std::uint32_t handle, Side side, std::uint32_t qty, TimeInForce tif,
                      std::uint16_t symbol = 0, std::uint32_t account = 1) {
  Command c = limit(handle, side, 0, qty, symbol, account, tif);
  c.order_type = static_cast<std::uint8_t>(OrderType::Market);
  return c;
}

inline Command cancel(std::uint32_t handle) {
  Command c = base(Opcode::Cancel);
  c.handle = handle;
  return c;
}

inline Command modify(std::uint32_t handle, std::uint32_t price, std::uint32_t qty) {
  Command c = base(Opcode::Modify);
  c.handle = handle;
  c.price = price;
  c.quantity = qty;
  return c;
}

inline Command mass_cancel(std::uint16_t symbol, bool by_account = false, std::uint32_t account = 0) {
  Command c = base(Opcode::MassCancel);
  c.symbol = symbol;
  c.flags = by_account ? kFlagByAccount : 0;
  c.account = account;
  return c;
}

inline Command snapshot(std::uint16_t symbol, std::uint16_t depth = 0) {
  Command c = base(Opcode::Snapshot);
  c.symbol = symbol;
  c.depth = depth;
  return c;
}

inline Event blank(EventType type) {
  Event e;
  std::memset(&e, 0, sizeof e);
  e.type = static_cast<std::uint8_t>(type);
  return e;
}

inline Event accepted(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t price,
                      std::uint32_t qty) {
  Event e = blank(EventType::Accepted);
  e.side = static_cast<std::uint8_t>(side);
  e.symbol = symbol;
  e.handle = handle;
  e.price = price;
  e.quantity = qty;
  e.remaining = qty;
  return e;
}

inline Event modified(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t price,
                      std::uint32_t qty) {
  Event e = accepted(side, symbol, handle, price, qty);
  e.type = static_cast<std::uint8_t>(EventType::Modified);
  return e;
}

inline Event fill(Side taker_side, std::uint16_t symbol, std::uint32_t taker, std::uint32_t maker,
                  std::uint32_t price, std::uint32_t qty, std::uint32_t remaining,
                  std::uint32_t maker_remaining) {
  Event e = blank(EventType::Fill);
  e.side = static_cast<std::uint8_t>(taker_side);
  e.symbol = symbol;
  e.handle = taker;
  e.maker_handle = maker;
  e.price = price;
  e.quantity = qty;
  e.remaining = remaining;
  e.maker_remaining = maker_remaining;
  return e;
}

inline Event cancelled(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t price,
                       std::uint32_t qty, CancelReason reason) {
  Event e = blank(EventType::Cancelled);
  e.side = static_cast<std::uint8_t>(side);
  e.symbol = symbol;
  e.handle = handle;
  e.price = price;
  e.quantity = qty;
  e.reason = static_cast<std::uint8_t>(reason);
  return e;
}

inline Event rejected(const Command& c, RejectReason reason) {
  Event e = blank(EventType::Rejected);
  e.symbol = c.symbol;
  e.handle = c.handle;
  e.reason = static_cast<std::uint8_t>(reason);
  return e;
}

inline Event level(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t qty,
                   std::uint32_t orders, EventType type = EventType::LevelUpdate) {
  Event e = blank(type);
  e.side = static_cast<std::uint8_t>(side);
  e.symbol = symbol;
  e.price = price;
  e.level_quantity = qty;
  e.order_count = orders;
  return e;
}

inline Event counted(EventType type, std::uint16_t symbol, std::uint32_t count) {
  Event e = blank(type);
  e.symbol = symbol;
  e.order_count = count;
  return e;
}

// The expected stream: per command its events; numbering and the last flag are filled in.
class Expected {
public:
  void add(const Command& command, std::vector<Event> events) {
    ++cmd_seq_;
    for (std::size_t i = 0; i < events.size(); ++i) {
      Event e = events[i];
      e.seq = ++seq_;
      e.cmd_seq = cmd_seq_;
      e.cmd_opcode = command.opcode;
      e.flags = (i + 1 == events.size()) ? kEventLast : 0;
      stream_.push_back(e);
    }
    commands_.push_back(command);
  }
  const std::vector<Event>& events() const { return stream_; }
  const std::vector<Command>& commands() const { return commands_; }

private:
  std::vector<Event> stream_;
  std::vector<Command> commands_;
  std::uint64_t seq_ = 0;
  std::uint64_t cmd_seq_ = 0;
};

inline std::string describe(const Event& e) {
  return fmt::format(
      "type={} flags={} side={} reason={} sym={} op={} seq={} cmd_seq={} handle={} maker={} "
      "price={} qty={} rem={} mrem={} lq={} count={} r0={} r1={}",
      e.type, e.flags, e.side, e.reason, e.symbol, e.cmd_opcode, e.seq, e.cmd_seq, e.handle,
      e.maker_handle, e.price, e.quantity, e.remaining, e.maker_remaining, e.level_quantity,
      e.order_count, e.reserved0, e.reserved1);
}

// Byte comparison of two streams; on a difference, a description of the first one.
inline std::string first_difference(const std::vector<Event>& got, const std::vector<Event>& want) {
  const std::size_t n = got.size() < want.size() ? got.size() : want.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (std::memcmp(&got[i], &want[i], sizeof(Event)) != 0) {
      return fmt::format("event {}:\n  got  {}\n  want {}", i, describe(got[i]), describe(want[i]));
    }
  }
  if (got.size() != want.size()) {
    return fmt::format("stream lengths differ: got {} want {}", got.size(), want.size());
  }
  return {};
}

} // namespace twinmatch::rtl_test
