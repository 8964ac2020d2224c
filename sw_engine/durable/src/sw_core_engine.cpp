#include "twinmatch/durable/sw_core_engine.hpp"

#include <algorithm>

namespace twinmatch::durable {

void SwCoreEngine::export_state(EngineState& state) const {
  const sw::OrderBook& book = core_.book();
  state.next_command_seq = core_.commands() + 1;
  state.next_event_seq = core_.events() + 1;
  state.orders.clear();
  state.bands.clear();
  state.stops.clear();
  state.last_trades.clear();
  std::vector<std::uint64_t> placements; // the stops' placement numbers, index for index
  for (std::uint32_t symbol = 0; symbol < config().symbols; ++symbol) {
    for (std::uint8_t side = 0; side < 2; ++side) {
      const std::uint32_t side_index = sw::OrderBook::side_index(symbol, side);
      book.visit_levels(side_index, [&](std::uint32_t price) {
        const sw::Level& level = book.level(side_index, price);
        std::uint32_t handle = level.head;
        for (std::uint32_t i = 0; i < level.count; ++i) {
          const sw::Order& order = book.order(handle);
          // An iceberg's slot holds its displayed part; the state its whole open quantity.
          const bool iceberg = (order.traits & sw::kIcebergTrait) != 0;
          state.orders.push_back({handle, static_cast<std::uint16_t>(symbol), side,
                                  static_cast<std::uint8_t>(order.traits & sw::kStpTraitMask),
                                  (order.traits & sw::kPostOnlyTrait) != 0, price, book.whole_open(handle),
                                  order.account, iceberg ? book.extra(handle).peak : 0,
                                  iceberg ? order.open : 0});
          handle = order.next;
        }
        return true;
      });
    }
    const std::uint32_t base = book.base(symbol);
    if (base != 0) state.bands.push_back({static_cast<std::uint16_t>(symbol), base});
    const sw::BookState& book_state = book.book_state(symbol);
    std::uint32_t handle = book_state.first_stop;
    for (std::uint32_t left = book_state.stops; left != 0; --left) {
      const sw::Order& stop = book.order(handle);
      const sw::OrderExtra& extra = book.extra(handle);
      const OrderType type = (stop.traits & sw::kStopLimitTrait) != 0 ? OrderType::StopLimit : OrderType::Stop;
      state.stops.push_back({handle, static_cast<std::uint16_t>(symbol), stop.side, static_cast<std::uint8_t>(type),
                             static_cast<std::uint8_t>(stop.traits >> sw::kStopTifShift),
                             static_cast<std::uint8_t>(stop.traits & sw::kStpTraitMask), stop.price, stop.open,
                             extra.stop_price, stop.account});
      placements.push_back(extra.placement);
      handle = stop.next;
    }
    if (const auto last = core_.last_trade(symbol)) state.last_trades.push_back({static_cast<std::uint16_t>(symbol), *last});
  }
  // Every book's pending stops, merged into the order they were placed in (each book's list is
  // in that order already: a stable merge by placement number).
  std::vector<std::size_t> order(state.stops.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return placements[a] < placements[b]; });
  std::vector<PendingStop> merged;
  merged.reserve(order.size());
  for (const std::size_t i : order) merged.push_back(state.stops[i]);
  state.stops = std::move(merged);
}

bool SwCoreEngine::import_state(const EngineState& state) {
  const CoreConfig& cfg = config();
  if (state.next_command_seq == 0 || state.next_event_seq == 0 || core_.commands() != 0) return false;
  sw::OrderBook& book = core_.book_to_restore();
  // Bands first (on empty books), strictly by symbol as exported, each a base SetBand accepts.
  std::uint32_t next_symbol = 0;
  for (const BandBase& band : state.bands) {
    if (band.symbol < next_symbol || band.symbol >= cfg.symbols || band.base == 0 ||
        band.base % kBandAlign != 0 || std::uint64_t{band.base} + cfg.price_levels - 1 > 0xFFFFFFFFu) {
      return false;
    }
    book.move_band(band.symbol, band.base);
    next_symbol = band.symbol + 1u;
  }
  for (const RestingOrder& order : state.orders) {
    if (order.handle >= cfg.handles || book.is_resting(order.handle) || order.symbol >= cfg.symbols ||
        order.side > 1 || !book.in_band(order.symbol, order.price) || order.open == 0 ||
        order.open > cfg.max_quantity || order.stp > 3) {
      return false; // the core is left half-filled: the caller discards it (import is on a fresh core)
    }
    const bool iceberg = order.peak != 0;
    if (iceberg ? order.displayed == 0 || order.displayed > order.peak || order.displayed > order.open
                : order.displayed != 0) {
      return false;
    }
    sw::Order& slot = book.order(order.handle);
    slot.open = iceberg ? order.displayed : order.open;
    slot.price = order.price;
    slot.account = order.account;
    slot.symbol = order.symbol;
    slot.side = order.side;
    slot.traits = static_cast<std::uint8_t>(order.stp | (order.post_only ? sw::kPostOnlyTrait : 0) |
                                            (iceberg ? sw::kIcebergTrait : 0));
    if (iceberg) {
      book.extra(order.handle) = sw::OrderExtra{order.peak, order.open - order.displayed, 0, 0, 0};
      ++book.book_state(order.symbol).icebergs[order.side];
    }
    book.append(order.handle);
  }
  for (std::uint32_t symbol = 0; symbol < cfg.symbols; ++symbol) {
    // By ranks: a band may end at 2^32 - 1, so a best price of 0xFFFFFFFF is a price.
    const std::uint32_t bid = sw::OrderBook::side_index(symbol, 0), ask = bid + 1;
    if (book.best_rank(bid) != sw::kNoPrice && book.best_rank(ask) != sw::kNoPrice && book.best(bid) >= book.best(ask))
      return false;
  }
  // Last trades (strictly by symbol, as exported) before the stops, which they must not trigger.
  next_symbol = 0;
  for (const LastTrade& trade : state.last_trades) {
    if (trade.symbol < next_symbol || trade.symbol >= cfg.symbols) return false;
    book.book_state(trade.symbol).last_trade = std::uint64_t{trade.price} + 1;
    next_symbol = trade.symbol + 1u;
  }
  for (const PendingStop& stop : state.stops) {
    if (stop.symbol >= cfg.symbols) return false;
    const bool stop_limit = stop.order_type == static_cast<std::uint8_t>(OrderType::StopLimit);
    const bool valid_terms = stop_limit ? book.in_band(stop.symbol, stop.price)
                                        : stop.order_type == static_cast<std::uint8_t>(OrderType::Stop) &&
                                              stop.price == 0 && stop.tif != static_cast<std::uint8_t>(TimeInForce::Gtc);
    if (stop.handle >= cfg.handles || book.in_use(stop.handle) || stop.side > 1 ||
        stop.tif > 2 || stop.stp > 3 || stop.quantity == 0 || stop.quantity > cfg.max_quantity ||
        (stop.tif == static_cast<std::uint8_t>(TimeInForce::Fok) && stop.stp != 0) || !valid_terms ||
        book.book_state(stop.symbol).stops >= cfg.stop_orders) {
      return false;
    }
    sw::Order& slot = book.order(stop.handle);
    slot.open = stop.quantity;
    slot.price = stop.price;
    slot.account = stop.account;
    slot.symbol = stop.symbol;
    slot.side = stop.side;
    slot.traits = static_cast<std::uint8_t>(stop.stp | sw::kPendingStopTrait | (stop_limit ? sw::kStopLimitTrait : 0) |
                                            stop.tif << sw::kStopTifShift);
    book.extra(stop.handle) = sw::OrderExtra{0, 0, stop.stop_price, 0, ++core_.stop_placements()};
    if (book.triggers(stop.handle)) return false; // after every command no pending stop is triggered
    book.add_stop(stop.handle);
  }
  core_.restore_counters(state.next_command_seq - 1, state.next_event_seq - 1);
  return true;
}

} // namespace twinmatch::durable
