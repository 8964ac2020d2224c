// Well-formed commands, one builder per opcode; the generator starts from these and, for bad
// input, breaks exactly one thing afterwards.
#pragma once

#include <cstdint>

#include "twinmatch/protocol.hpp"

namespace twinmatch::tools {

struct OrderTerms {
  std::uint16_t symbol = 0;
  std::uint32_t handle = 0;
  Side side = Side::Buy;
  OrderType type = OrderType::Limit;
  TimeInForce tif = TimeInForce::Gtc;
  bool post_only = false;
  StpMode stp = StpMode::None;
  std::uint32_t price = 0; // ignored for a market or stop order
  std::uint32_t quantity = 0;
  std::uint32_t account = 0;
  bool iceberg = false;   // protocol 3: a limit order that shows at most `aux`
  std::uint32_t aux = 0;  // stop price (Stop, StopLimit) or display quantity (iceberg)
};

inline Command blank_command(Opcode opcode) {
  Command command{};
  command.opcode = static_cast<std::uint8_t>(opcode);
  command.version = kProtocolVersion;
  return command;
}

inline Command new_order_command(const OrderTerms& terms) {
  Command command = blank_command(Opcode::NewOrder);
  command.side = static_cast<std::uint8_t>(terms.side);
  command.order_type = static_cast<std::uint8_t>(terms.type);
  command.tif = static_cast<std::uint8_t>(terms.tif);
  command.flags = static_cast<std::uint8_t>((terms.post_only ? kFlagPostOnly : 0) |
                                            (terms.iceberg ? kFlagIceberg : 0));
  command.stp = static_cast<std::uint8_t>(terms.stp);
  command.symbol = terms.symbol;
  command.handle = terms.handle;
  command.price = terms.type == OrderType::Market || terms.type == OrderType::Stop ? 0 : terms.price;
  command.quantity = terms.quantity;
  command.account = terms.account;
  command.aux = terms.aux;
  return command;
}

inline Command cancel_command(std::uint32_t handle) {
  Command command = blank_command(Opcode::Cancel);
  command.handle = handle;
  return command;
}

// `aux` is a pending stop's new stop price; zero for a resting order.
inline Command modify_command(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
                              std::uint32_t aux = 0) {
  Command command = blank_command(Opcode::Modify);
  command.handle = handle;
  command.price = price;
  command.quantity = quantity;
  command.aux = aux;
  return command;
}

// `account` only matters with by_account; without it the field must stay zero.
inline Command mass_cancel_command(std::uint16_t symbol, bool by_account, std::uint32_t account) {
  Command command = blank_command(Opcode::MassCancel);
  command.symbol = symbol;
  command.flags = by_account ? kFlagByAccount : 0;
  command.account = by_account ? account : 0;
  return command;
}

inline Command set_band_command(std::uint16_t symbol, std::uint32_t base) {
  Command command = blank_command(Opcode::SetBand);
  command.symbol = symbol;
  command.price = base;
  return command;
}

inline Command snapshot_command(std::uint16_t symbol, std::uint16_t depth) {
  Command command = blank_command(Opcode::Snapshot);
  command.symbol = symbol;
  command.depth = depth;
  return command;
}

} // namespace twinmatch::tools
