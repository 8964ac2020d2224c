#include "twinmatch/durable/sw_core_engine.hpp"

namespace twinmatch::durable {

void SwCoreEngine::export_state(EngineState& state) const {
  const sw::OrderBook& book = core_.book();
  state.next_command_seq = core_.commands() + 1;
  state.next_event_seq = core_.events() + 1;
  state.orders.clear();
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
  }
}

bool SwCoreEngine::import_state(const EngineState& state) {
  const CoreConfig& cfg = config();
  if (state.next_command_seq == 0 || state.next_event_seq == 0 || core_.commands() != 0) return false;
  sw::OrderBook& book = core_.book_to_restore();
  for (const RestingOrder& order : state.orders) {
    if (order.handle >= cfg.handles || book.is_resting(order.handle) || order.symbol >= cfg.symbols ||
        order.side > 1 || order.price >= cfg.price_levels || order.open == 0 ||
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
    const std::uint32_t bid = book.best(sw::OrderBook::side_index(symbol, 0));
    const std::uint32_t ask = book.best(sw::OrderBook::side_index(symbol, 1));
    if (bid != sw::kNoPrice && ask != sw::kNoPrice && bid >= ask) return false;
  }
  core_.restore_counters(state.next_command_seq - 1, state.next_event_seq - 1);
  return true;
}

} // namespace twinmatch::durable
