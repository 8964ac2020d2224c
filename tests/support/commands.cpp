#include "commands.hpp"

#include "twinmatch/tools/command_builders.hpp"

namespace twinmatch::test {

Command new_order(const OrderTicket& ticket) {
  return tools::new_order_command({.symbol = ticket.symbol,
                                   .handle = ticket.handle,
                                   .side = ticket.side,
                                   .type = ticket.type,
                                   .tif = ticket.tif,
                                   .post_only = ticket.post_only,
                                   .stp = ticket.stp,
                                   .price = ticket.price,
                                   .quantity = ticket.quantity,
                                   .account = ticket.account,
                                   .iceberg = ticket.iceberg,
                                   .aux = ticket.aux});
}

Command limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
              std::uint16_t symbol, std::uint32_t account, TimeInForce tif, StpMode stp,
              bool post_only) {
  return new_order({.handle = handle, .side = side, .price = price, .quantity = quantity,
                    .account = account, .symbol = symbol, .tif = tif, .stp = stp,
                    .post_only = post_only});
}

Command buy(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
            std::uint32_t account) {
  return limit(handle, Side::Buy, price, quantity, 0, account);
}

Command sell(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
             std::uint32_t account) {
  return limit(handle, Side::Sell, price, quantity, 0, account);
}

Command market(std::uint32_t handle, Side side, std::uint32_t quantity, TimeInForce tif,
               std::uint16_t symbol, std::uint32_t account, StpMode stp) {
  return new_order({.handle = handle, .side = side, .price = 0, .quantity = quantity,
                    .account = account, .symbol = symbol, .tif = tif, .type = OrderType::Market,
                    .stp = stp});
}

Command iceberg(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                std::uint32_t peak, std::uint32_t account) {
  return new_order({.handle = handle, .side = side, .price = price, .quantity = quantity,
                    .account = account, .iceberg = true, .aux = peak});
}

Command stop(std::uint32_t handle, Side side, std::uint32_t quantity, std::uint32_t stop_price,
             TimeInForce tif, std::uint32_t account, std::uint16_t symbol) {
  return new_order({.handle = handle, .side = side, .price = 0, .quantity = quantity,
                    .account = account, .symbol = symbol, .tif = tif, .type = OrderType::Stop,
                    .aux = stop_price});
}

Command stop_limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                   std::uint32_t stop_price, TimeInForce tif, std::uint32_t account,
                   std::uint16_t symbol) {
  return new_order({.handle = handle, .side = side, .price = price, .quantity = quantity,
                    .account = account, .symbol = symbol, .tif = tif,
                    .type = OrderType::StopLimit, .aux = stop_price});
}

Command cancel(std::uint32_t handle) { return tools::cancel_command(handle); }

Command modify(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity) {
  return tools::modify_command(handle, price, quantity);
}

Command modify_stop(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
                    std::uint32_t stop_price) {
  return tools::modify_command(handle, price, quantity, stop_price);
}

Command mass_cancel(std::uint16_t symbol) { return tools::mass_cancel_command(symbol, false, 0); }

Command mass_cancel_account(std::uint16_t symbol, std::uint32_t account) {
  return tools::mass_cancel_command(symbol, true, account);
}

Command set_band(std::uint16_t symbol, std::uint32_t base) { return tools::set_band_command(symbol, base); }

Command snapshot(std::uint16_t symbol, std::uint16_t depth) {
  return tools::snapshot_command(symbol, depth);
}

} // namespace twinmatch::test
