#include "twinmatch/durable/sw_core_engine.hpp"

namespace twinmatch::durable {

void SwCoreEngine::export_state(EngineState& state) const {
  const sw::OrderBook& book = core_.book();
  state.next_command_seq = core_.commands() + 1;
  state.next_event_seq = core_.events() + 1;
  state.orders.clear();
  state.bands.clear();
  for (std::uint32_t symbol = 0; symbol < config().symbols; ++symbol) {
    for (std::uint8_t side = 0; side < 2; ++side) {
      const std::uint32_t side_index = sw::OrderBook::side_index(symbol, side);
      book.visit_levels(side_index, [&](std::uint32_t price) {
        const sw::Level& level = book.level(side_index, price);
        std::uint32_t handle = level.head;
        for (std::uint32_t i = 0; i < level.count; ++i) {
          const sw::Order& order = book.order(handle);
          state.orders.push_back({handle, static_cast<std::uint16_t>(symbol), side,
                                  static_cast<std::uint8_t>(order.traits & sw::kStpTraitMask),
                                  (order.traits & sw::kPostOnlyTrait) != 0, price, order.open,
                                  order.account});
          handle = order.next;
        }
        return true;
      });
    }
    const std::uint32_t base = book.base(symbol);
    if (base != 0) state.bands.push_back({static_cast<std::uint16_t>(symbol), base});
  }
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
    sw::Order& slot = book.order(order.handle);
    slot.open = order.open;
    slot.price = order.price;
    slot.account = order.account;
    slot.symbol = order.symbol;
    slot.side = order.side;
    slot.traits = static_cast<std::uint8_t>(order.stp | (order.post_only ? sw::kPostOnlyTrait : 0));
    book.append(order.handle);
  }
  for (std::uint32_t symbol = 0; symbol < cfg.symbols; ++symbol) {
    // By ranks: a band may end at 2^32 - 1, so a best price of 0xFFFFFFFF is a price.
    const std::uint32_t bid = sw::OrderBook::side_index(symbol, 0), ask = bid + 1;
    if (book.best_rank(bid) != sw::kNoPrice && book.best_rank(ask) != sw::kNoPrice && book.best(bid) >= book.best(ask))
      return false;
  }
  core_.restore_counters(state.next_command_seq - 1, state.next_event_seq - 1);
  return true;
}

} // namespace twinmatch::durable
