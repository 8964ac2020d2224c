// The adversarial scenario's bad input: each command breaks exactly one rule of
// docs/matching.md "Validation" and is otherwise well-formed, so that it is rejected for the
// intended reason.
#include <algorithm>
#include <array>

#include "stream_generator.hpp"

namespace twinmatch::tools {
namespace {

enum class Breakage : std::uint8_t {
  UnknownOpcode,
  WrongVersion,
  ReservedByte,
  ReservedWord,
  UndefinedSide,
  UndefinedOrderType,
  UndefinedTif,
  UndefinedStp,
  UndefinedFlag,
  UnusedFieldSet,
  UnknownSymbol,
  HandleOutOfRange,
  HandleInUse,
  UnknownHandle,
  ZeroQuantity,
  QuantityTooLarge,
  PriceOutsideBand,
  InvalidCombination,
  PostOnlyCross,
  BadBandBase,
  Version2Feature,    // a version-2 command using what protocol 3 added
  BadStopOrIceberg,   // a stop or iceberg order (or a modify of one) that breaks its own rules
};
constexpr std::uint32_t kBreakageCount = static_cast<std::uint32_t>(Breakage::BadStopOrIceberg) + 1;

constexpr std::array<std::uint8_t, 5> kUndefinedOpcodes{0, 7, 8, 0x80, 0xff};

} // namespace

Command StreamGenerator::bad_input() {
  std::optional<OrderTerms> order = fresh_limit_order(1, window_);
  if (!order) return cancel_order();
  Command command = new_order_command(*order);

  // Stops and icebergs break in many more ways than the rest: they get two shares.
  const std::uint32_t breakage = random_.below(kBreakageCount + 1);
  switch (static_cast<Breakage>(std::min(breakage, kBreakageCount - 1))) {
  case Breakage::UnknownOpcode:
    command.opcode = kUndefinedOpcodes[random_.below(kUndefinedOpcodes.size())];
    break;
  case Breakage::WrongVersion: {
    const std::uint32_t roll = random_.below(3); // 0, the previous version, or a future one
    command.version = roll == 0 ? 0 : roll == 1 ? kOldestProtocolVersion - 1
                                                : static_cast<std::uint8_t>(random_.between(kProtocolVersion + 1, 255));
    break;
  }
  case Breakage::ReservedByte:
    command.reserved0 = static_cast<std::uint8_t>(random_.between(1, 255));
    break;
  case Breakage::ReservedWord:
    command = cancel_command(order->handle);
    command.aux = random_.between(1, 0xffffffff);
    break;
  case Breakage::UndefinedSide:
    command.side = static_cast<std::uint8_t>(random_.between(2, 255));
    break;
  case Breakage::UndefinedOrderType:
    command.order_type = static_cast<std::uint8_t>(random_.between(4, 255));
    break;
  case Breakage::UndefinedTif:
    command.tif = static_cast<std::uint8_t>(random_.between(3, 255));
    break;
  case Breakage::UndefinedStp:
    command.stp = static_cast<std::uint8_t>(random_.between(4, 255));
    break;
  case Breakage::UndefinedFlag:
    switch (random_.below(3)) {
    case 0: command.flags = static_cast<std::uint8_t>(1u << random_.between(3, 7)); break;
    case 1: command.flags = kFlagByAccount; break; // a MassCancel flag on a NewOrder
    default:
      command = cancel_command(order->handle);
      command.flags = random_.chance(500) ? kFlagPostOnly : kFlagIceberg;
      break;
    }
    break;
  case Breakage::UnusedFieldSet:
    switch (random_.below(8)) {
    case 6: // a stop order with a limit price
      order->type = OrderType::Stop;
      order->tif = TimeInForce::Ioc;
      order->aux = order->price;
      command = new_order_command(*order);
      command.price = order->price;
      break;
    case 7: command.aux = random_.between(1, 0xffffffff); break; // on a plain limit order
    case 0: command.depth = static_cast<std::uint16_t>(random_.between(1, 10)); break;
    case 1: command = cancel_command(order->handle); command.price = order->price; break;
    case 2: command = snapshot_command(order->symbol, 0); command.quantity = order->quantity; break;
    case 3: // a market order with a price
      order->type = OrderType::Market;
      order->tif = TimeInForce::Ioc;
      command = new_order_command(*order);
      command.price = random_.between(1, config_.price_levels - 1);
      break;
    case 4: // a whole-symbol mass cancel naming an account
      command = mass_cancel_command(order->symbol, false, 0);
      command.account = order->account;
      break;
    default:
      command = modify_command(order->handle, order->price, order->quantity);
      command.account = order->account;
      break;
    }
    break;
  case Breakage::UnknownSymbol: {
    const auto unknown = static_cast<std::uint16_t>(
        std::min<std::uint32_t>(config_.symbols + random_.below(16), 0xffff));
    switch (random_.below(3)) {
    case 0: command.symbol = unknown; break;
    case 1: command = snapshot_command(unknown, 0); break;
    default: command = mass_cancel_command(unknown, false, 0); break;
    }
    break;
  }
  case Breakage::HandleOutOfRange: {
    const std::uint32_t beyond =
        random_.chance(200) ? 0xffffffffu : config_.handles + random_.below(1000);
    switch (random_.below(3)) {
    case 0: command.handle = beyond; break;
    case 1: command = cancel_command(beyond); break;
    default: command = modify_command(beyond, order->price, order->quantity); break;
    }
    break;
  }
  case Breakage::HandleInUse:
    if (const std::optional<std::uint32_t> live = live_handle()) command.handle = *live;
    break;
  case Breakage::UnknownHandle:
    if (const std::optional<std::uint32_t> gone = gone_handle()) {
      command = random_.chance(500) ? cancel_command(*gone)
                                    : modify_command(*gone, order->price, order->quantity);
    }
    break;
  case Breakage::ZeroQuantity:
    command.quantity = 0;
    if (const std::optional<std::uint32_t> live = live_handle(); live && random_.chance(500)) {
      command = modify_command(*live, placed_[*live].price, 0);
    }
    break;
  case Breakage::QuantityTooLarge: {
    const std::uint32_t too_large = config_.max_quantity == 0xffffffffu
                                        ? config_.max_quantity
                                        : config_.max_quantity + 1 +
                                              random_.below(0xffffffffu - config_.max_quantity);
    command.quantity = too_large;
    if (const std::optional<std::uint32_t> live = live_handle(); live && random_.chance(500)) {
      command = modify_command(*live, placed_[*live].price, too_large);
    }
    break;
  }
  case Breakage::PriceOutsideBand: {
    // A price below the band (where there is room) or above it, for a new order or a move.
    const std::optional<std::uint32_t> live = live_handle();
    const bool moves = live && random_.chance(500);
    const std::uint16_t symbol = moves ? placed_[*live].symbol : order->symbol;
    const std::uint64_t base = model_.band_base(symbol);
    const std::uint64_t above = base + config_.price_levels; // the first price past the band
    const bool below = base > 0 && (above > 0xffffffffu || random_.chance(300));
    const std::uint32_t outside =
        below ? random_.below(static_cast<std::uint32_t>(base))
              : static_cast<std::uint32_t>(std::min<std::uint64_t>(
                    random_.chance(200) ? 0xffffffffu : above + random_.below(1000), 0xffffffffu));
    command.price = outside;
    if (moves) command = modify_command(*live, outside, order->quantity);
    break;
  }
  case Breakage::InvalidCombination:
    switch (random_.below(4)) {
    case 0: order->type = OrderType::Market; break; // market with tif GTC
    case 1:
      order->type = OrderType::Market;
      order->tif = TimeInForce::Ioc;
      order->post_only = true;
      break;
    case 2:
      order->post_only = true;
      order->tif = random_.chance(500) ? TimeInForce::Ioc : TimeInForce::Fok;
      break;
    default:
      order->tif = TimeInForce::Fok;
      order->stp = static_cast<StpMode>(random_.between(1, 3));
      break;
    }
    command = new_order_command(*order);
    break;
  case Breakage::PostOnlyCross: {
    // A post-only order (new, or an existing one moved) priced at the opposite best.
    const Side opposite = order->side == Side::Buy ? Side::Sell : Side::Buy;
    if (const auto best = model_.best_price(order->symbol, opposite)) {
      order->post_only = true;
      order->price = *best;
      command = new_order_command(*order);
    }
    for (int attempt = 0; attempt < 8; ++attempt) {
      const std::optional<std::uint32_t> live = live_handle();
      if (!live || !placed_[*live].post_only) continue;
      const PlacedOrder& placed = placed_[*live];
      const Side other = placed.side == Side::Buy ? Side::Sell : Side::Buy;
      if (const auto best = model_.best_price(placed.symbol, other)) {
        command = modify_command(*live, *best, model_.open_quantity(*live));
      }
      break;
    }
    break;
  }
  case Breakage::BadBandBase: {
    // A base off the 64-tick grid, one whose band would pass 2^32 - 1, or a SetBand with a
    // field it does not use.
    const std::uint64_t base = model_.band_base(order->symbol);
    const std::uint64_t past_top = (std::uint64_t{0x100000000} - config_.price_levels) / kBandAlign * kBandAlign + kBandAlign;
    switch (random_.below(3)) {
    case 0:
      command = set_band_command(order->symbol, static_cast<std::uint32_t>(base + random_.between(1, kBandAlign - 1)));
      break;
    case 1:
      command = set_band_command(order->symbol, static_cast<std::uint32_t>(
                                                    past_top <= 0xffffffffu ? past_top : base + 1));
      break;
    default:
      command = set_band_command(order->symbol, static_cast<std::uint32_t>(base));
      command.quantity = order->quantity;
      break;
    }
    break;
  }
  case Breakage::Version2Feature:
    command = version_2_feature(*order);
    break;
  case Breakage::BadStopOrIceberg:
    command = bad_stop_or_iceberg(*order);
    break;
  }
  return command;
}

// A command that protocol 3 accepts, sent as version 2: Malformed.
Command StreamGenerator::version_2_feature(OrderTerms order) {
  switch (random_.below(4)) {
  case 0:
    order.type = random_.chance(500) ? OrderType::Stop : OrderType::StopLimit;
    order.tif = TimeInForce::Ioc;
    order.aux = order.price;
    break;
  case 1:
    order.iceberg = true;
    order.aux = random_.between(1, order.quantity);
    break;
  case 2: // an iceberg flag without its display quantity
    order.iceberg = true;
    break;
  default: {
    const std::optional<std::uint32_t> pending = pending_handle();
    if (!pending) break;
    const ref::PendingStop stop = *model_.pending_stop(*pending);
    Command modify = modify_command(*pending, stop.price, stop.quantity, stop.stop_price | 1); // aux never 0
    modify.version = kOldestProtocolVersion;
    return modify;
  }
  }
  Command command = new_order_command(order);
  command.version = kOldestProtocolVersion;
  return command;
}

// Each of the rules of stop and iceberg orders broken once: InvalidCombination, or
// PriceOutsideBand for a stop-limit's limit.
Command StreamGenerator::bad_stop_or_iceberg(OrderTerms order) {
  const std::uint32_t stop_price = order.price;
  // Two draws in three: a stop order of any shape (48 shapes for the coverage plan).
  const std::uint32_t kind = random_.chance(667) ? 9 : random_.below(11);
  switch (kind) {
  case 0: // a Stop that would rest
    order.type = OrderType::Stop;
    order.stp = static_cast<StpMode>(random_.below(4));
    order.aux = stop_price;
    break;
  case 1: // a post-only stop or stop-limit
    order.type = random_.chance(500) ? OrderType::Stop : OrderType::StopLimit;
    order.tif = order.type == OrderType::Stop ? TimeInForce::Ioc : TimeInForce::Gtc;
    order.post_only = true;
    order.aux = stop_price;
    break;
  case 2: // a fill-or-kill stop-limit with self-trade prevention
    order.type = OrderType::StopLimit;
    order.tif = TimeInForce::Fok;
    order.stp = static_cast<StpMode>(random_.between(1, 3));
    order.aux = stop_price;
    break;
  case 3: // an iceberg that is not a GTC limit order
    order.iceberg = true;
    order.aux = random_.between(1, order.quantity);
    switch (random_.below(3)) {
    case 0: order.tif = TimeInForce::Ioc; break;
    case 1: order.type = OrderType::Market; order.tif = TimeInForce::Ioc; break;
    default: order.type = OrderType::StopLimit; break;
    }
    break;
  case 4: // an iceberg whose peak is 0 or more than its quantity
    order.iceberg = true;
    order.aux = random_.chance(500) || order.quantity == 0xffffffffu ? 0
                                                                      : order.quantity + random_.between(1, 100);
    break;
  case 5: { // a stop-limit whose limit lies outside the band
    order.type = OrderType::StopLimit;
    order.aux = stop_price;
    const std::uint64_t past = std::uint64_t{model_.band_base(order.symbol)} + config_.price_levels;
    if (past <= 0xffffffffu) {
      order.price = static_cast<std::uint32_t>(past);
    } else {
      order.price = model_.band_base(order.symbol) - 1;
    }
    break;
  }
  case 6: // a modify of a resting order with a stop price
    if (const std::optional<std::uint32_t> live = live_handle()) {
      return modify_command(*live, placed_[*live].price, model_.open_quantity(*live),
                            random_.between(1, 0xffffffff));
    }
    break;
  case 7: // a modify of a pending Stop that gives it a limit price
  case 8: // a modify of a pending StopLimit whose limit leaves the band
    for (const std::uint32_t handle : pending_) {
      const ref::PendingStop& stop = *model_.pending_stop(handle);
      if ((stop.type == OrderType::Stop) != (kind == 7)) continue;
      const std::uint64_t past = std::uint64_t{model_.band_base(stop.symbol)} + config_.price_levels;
      const std::uint32_t price = stop.type == OrderType::Stop ? random_.between(1, 0xffffffff)
                                  : past <= 0xffffffffu       ? static_cast<std::uint32_t>(past)
                                                              : model_.band_base(stop.symbol) - 1;
      return modify_command(handle, price, stop.quantity, stop.stop_price);
    }
    break;
  case 9: { // a stop order of any shape: most break a rule, some are fine
    order.type = random_.chance(500) ? OrderType::Stop : OrderType::StopLimit;
    order.tif = static_cast<TimeInForce>(random_.below(3));
    order.post_only = random_.chance(500);
    order.stp = static_cast<StpMode>(random_.below(4));
    order.aux = stop_price_near_last_trade(order.symbol, order.side, false, 4 * window_);
    break;
  }
  default: // a stop order on a book whose table may be full (StopCapacity when it is)
    order.type = OrderType::Stop;
    order.tif = TimeInForce::Ioc;
    order.aux = stop_price_near_last_trade(order.symbol, order.side, false, 4 * window_);
    break;
  }
  return new_order_command(order);
}

} // namespace twinmatch::tools
