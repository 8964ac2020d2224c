// Command builders (with symbol and account, unlike tests/support) shared by the sw_engine tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "support/event_text.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::sw_test {

inline Command command(Opcode opcode) {
  Command c{};
  c.opcode = static_cast<std::uint8_t>(opcode);
  c.version = kProtocolVersion;
  return c;
}

inline Command limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                     std::uint16_t symbol = 0, std::uint32_t account = 0) {
  Command c = command(Opcode::NewOrder);
  c.side = static_cast<std::uint8_t>(side);
  c.handle = handle;
  c.price = price;
  c.quantity = quantity;
  c.symbol = symbol;
  c.account = account;
  return c;
}

inline Command with_tif(Command c, TimeInForce tif) {
  c.tif = static_cast<std::uint8_t>(tif);
  return c;
}

inline Command with_stp(Command c, StpMode stp) {
  c.stp = static_cast<std::uint8_t>(stp);
  return c;
}

inline Command post_only(Command c) {
  c.flags |= kFlagPostOnly;
  return c;
}

inline Command market(std::uint32_t handle, Side side, std::uint32_t quantity, TimeInForce tif = TimeInForce::Ioc,
                      std::uint16_t symbol = 0) {
  Command c = limit(handle, side, 0, quantity, symbol);
  c.order_type = static_cast<std::uint8_t>(OrderType::Market);
  c.tif = static_cast<std::uint8_t>(tif);
  return c;
}

inline Command cancel(std::uint32_t handle) {
  Command c = command(Opcode::Cancel);
  c.handle = handle;
  return c;
}

inline Command modify(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  Command c = command(Opcode::Modify);
  c.handle = handle;
  c.price = price;
  c.quantity = quantity;
  return c;
}

inline Command mass_cancel(std::uint16_t symbol) {
  Command c = command(Opcode::MassCancel);
  c.symbol = symbol;
  return c;
}

inline Command mass_cancel_account(std::uint16_t symbol, std::uint32_t account) {
  Command c = mass_cancel(symbol);
  c.flags = kFlagByAccount;
  c.account = account;
  return c;
}

inline Command snapshot(std::uint16_t symbol, std::uint16_t depth = 0) {
  Command c = command(Opcode::Snapshot);
  c.symbol = symbol;
  c.depth = depth;
  return c;
}

inline std::string describe_all(const std::vector<Event>& events) {
  std::string text;
  for (const Event& e : events) text += test::event_text(e) + "\n";
  return text;
}

inline bool same_bytes(const std::vector<Event>& a, const std::vector<Event>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Event)) == 0);
}

} // namespace twinmatch::sw_test
