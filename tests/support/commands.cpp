#include "commands.hpp"

namespace twinmatch::test {
namespace {

Command blank(Opcode opcode) {
  Command command{};
  command.opcode = static_cast<std::uint8_t>(opcode);
  command.version = kProtocolVersion;
  return command;
}

} // namespace

Command new_order(const OrderTicket& ticket) {
  Command command = blank(Opcode::NewOrder);
  command.handle = ticket.handle;
  command.side = static_cast<std::uint8_t>(ticket.side);
  command.price = ticket.price;
  command.quantity = ticket.quantity;
  command.account = ticket.account;
  command.symbol = ticket.symbol;
  command.tif = static_cast<std::uint8_t>(ticket.tif);
  command.order_type = static_cast<std::uint8_t>(ticket.type);
  command.stp = static_cast<std::uint8_t>(ticket.stp);
  command.flags = ticket.post_only ? kFlagPostOnly : 0;
  return command;
}

Command buy(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
            std::uint32_t account) {
  return new_order({.handle = handle, .side = Side::Buy, .price = price, .quantity = quantity,
                    .account = account});
}

Command sell(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
             std::uint32_t account) {
  return new_order({.handle = handle, .side = Side::Sell, .price = price, .quantity = quantity,
                    .account = account});
}

Command market(std::uint32_t handle, Side side, std::uint32_t quantity, TimeInForce tif) {
  return new_order({.handle = handle, .side = side, .price = 0, .quantity = quantity,
                    .tif = tif, .type = OrderType::Market});
}

Command cancel(std::uint32_t handle) {
  Command command = blank(Opcode::Cancel);
  command.handle = handle;
  return command;
}

Command modify(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  Command command = blank(Opcode::Modify);
  command.handle = handle;
  command.price = price;
  command.quantity = quantity;
  return command;
}

Command mass_cancel(std::uint16_t symbol) {
  Command command = blank(Opcode::MassCancel);
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
  Command command = blank(Opcode::Snapshot);
  command.symbol = symbol;
  command.depth = depth;
  return command;
}

} // namespace twinmatch::test
