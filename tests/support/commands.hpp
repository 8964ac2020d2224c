// Builders for wire commands, so tests read like order tickets.
#pragma once

#include <cstdint>

#include "twinmatch/protocol.hpp"

namespace twinmatch::test {

// The two sides, short, for tests that write an order or an event per line.
inline constexpr Side B = Side::Buy;
inline constexpr Side S = Side::Sell;

struct OrderTicket {
  std::uint32_t handle;
  Side side;
  std::uint32_t price;
  std::uint32_t quantity;
  std::uint32_t account = 1;
  std::uint16_t symbol = 0;
  TimeInForce tif = TimeInForce::Gtc;
  OrderType type = OrderType::Limit;
  StpMode stp = StpMode::None;
  bool post_only = false;
  bool iceberg = false;
  std::uint32_t aux = 0; // stop price (Stop, StopLimit) or peak (iceberg)
};

Command new_order(const OrderTicket& ticket);
// A limit order written out positionally, for tests that write many of them.
Command limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
              std::uint16_t symbol = 0, std::uint32_t account = 1,
              TimeInForce tif = TimeInForce::Gtc, StpMode stp = StpMode::None,
              bool post_only = false);
Command buy(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
            std::uint32_t account = 1);
Command sell(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
             std::uint32_t account = 1);
Command market(std::uint32_t handle, Side side, std::uint32_t quantity,
               TimeInForce tif = TimeInForce::Ioc, std::uint16_t symbol = 0,
               std::uint32_t account = 1, StpMode stp = StpMode::None);
// A GTC limit order showing `peak` of its quantity.
Command iceberg(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                std::uint32_t peak, std::uint32_t account = 1);
// A Stop (a market order once triggered) and a StopLimit (a limit order at `price`).
Command stop(std::uint32_t handle, Side side, std::uint32_t quantity, std::uint32_t stop_price,
             TimeInForce tif = TimeInForce::Ioc, std::uint32_t account = 1, std::uint16_t symbol = 0);
Command stop_limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                   std::uint32_t stop_price, TimeInForce tif = TimeInForce::Gtc,
                   std::uint32_t account = 1, std::uint16_t symbol = 0);
Command cancel(std::uint32_t handle);
Command modify(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity);
// A modify of a pending stop: its new limit price (0 for a Stop), quantity and stop price.
Command modify_stop(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
                    std::uint32_t stop_price);
Command mass_cancel(std::uint16_t symbol);
Command mass_cancel_account(std::uint16_t symbol, std::uint32_t account);
Command snapshot(std::uint16_t symbol, std::uint16_t depth = 0);
Command set_band(std::uint16_t symbol, std::uint32_t base);

// `command` with one thing changed by `edit` (a callable taking Command&): bad input from good.
template <typename Edit>
Command edited(Command command, Edit edit) {
  edit(command);
  return command;
}

} // namespace twinmatch::test
