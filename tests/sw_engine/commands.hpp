// Command builders for the sw_engine tests (positional, with symbol and account), on top of the
// shared tools/command_builders.hpp.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "support/event_text.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/tools/command_builders.hpp"

namespace twinmatch::sw_test {

inline Command command(Opcode opcode) { return tools::blank_command(opcode); }

inline Command limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                     std::uint16_t symbol = 0, std::uint32_t account = 0) {
  return tools::new_order_command({.symbol = symbol,
                                   .handle = handle,
                                   .side = side,
                                   .price = price,
                                   .quantity = quantity,
                                   .account = account});
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

inline Command market(std::uint32_t handle, Side side, std::uint32_t quantity,
                      TimeInForce tif = TimeInForce::Ioc, std::uint16_t symbol = 0) {
  return tools::new_order_command({.symbol = symbol,
                                   .handle = handle,
                                   .side = side,
                                   .type = OrderType::Market,
                                   .tif = tif,
                                   .quantity = quantity});
}

inline Command cancel(std::uint32_t handle) { return tools::cancel_command(handle); }

inline Command modify(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  return tools::modify_command(handle, price, quantity);
}

inline Command mass_cancel(std::uint16_t symbol) {
  return tools::mass_cancel_command(symbol, false, 0);
}

inline Command mass_cancel_account(std::uint16_t symbol, std::uint32_t account) {
  return tools::mass_cancel_command(symbol, true, account);
}

inline Command snapshot(std::uint16_t symbol, std::uint16_t depth = 0) {
  return tools::snapshot_command(symbol, depth);
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
