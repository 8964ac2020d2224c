#include "twinmatch/durable/reference_engine.hpp"

namespace twinmatch::durable {

void ReferenceEngine::export_state(EngineState& state) const {
  const ref::ModelState exported = model_.export_state();
  state.next_command_seq = exported.next_command_seq;
  state.next_event_seq = exported.next_event_seq;
  state.orders.clear();
  for (const ref::RestingOrder& order : exported.orders) {
    state.orders.push_back({order.handle, order.symbol, static_cast<std::uint8_t>(order.side),
                            static_cast<std::uint8_t>(order.stp), order.post_only, order.price,
                            order.open, order.account, order.peak, order.displayed});
  }
  state.bands.clear();
  for (std::size_t symbol = 0; symbol < exported.band_bases.size(); ++symbol) {
    const std::uint32_t base = exported.band_bases[symbol];
    if (base != 0) state.bands.push_back({static_cast<std::uint16_t>(symbol), base});
  }
  state.stops.clear();
  for (const ref::PendingStop& stop : exported.stops) {
    state.stops.push_back({stop.handle, stop.symbol, static_cast<std::uint8_t>(stop.side),
                           static_cast<std::uint8_t>(stop.type), static_cast<std::uint8_t>(stop.tif),
                           static_cast<std::uint8_t>(stop.stp), stop.price, stop.quantity,
                           stop.stop_price, stop.account});
  }
  state.last_trades.clear();
  for (std::size_t symbol = 0; symbol < exported.last_trades.size(); ++symbol) {
    if (const auto price = exported.last_trades[symbol]) {
      state.last_trades.push_back({static_cast<std::uint16_t>(symbol), *price});
    }
  }
}

bool ReferenceEngine::import_state(const EngineState& state) {
  const std::uint32_t symbols = model_.config().symbols;
  ref::ModelState imported{state.next_command_seq, state.next_event_seq, {}, {}, {}, {}};
  // The model keeps every symbol's base; the canonical state only the moved ones, by symbol.
  if (!state.bands.empty()) {
    imported.band_bases.assign(symbols, 0);
    std::uint32_t next_symbol = 0;
    for (const BandBase& band : state.bands) {
      if (band.symbol < next_symbol || band.symbol >= symbols || band.base == 0) return false;
      imported.band_bases[band.symbol] = band.base;
      next_symbol = band.symbol + 1u;
    }
  }
  // Likewise every symbol's last trade; the canonical state those of the books that traded.
  if (!state.last_trades.empty()) {
    imported.last_trades.assign(symbols, std::nullopt);
    std::uint32_t next_symbol = 0;
    for (const LastTrade& trade : state.last_trades) {
      if (trade.symbol < next_symbol || trade.symbol >= symbols) return false;
      imported.last_trades[trade.symbol] = trade.price;
      next_symbol = trade.symbol + 1u;
    }
  }
  for (const RestingOrder& order : state.orders) {
    if (order.side > 1 || order.stp > 3) return false;
    imported.orders.push_back({order.handle, order.symbol, static_cast<Side>(order.side),
                               order.price, order.open, order.account,
                               static_cast<StpMode>(order.stp), order.post_only, order.peak,
                               order.displayed});
  }
  for (const PendingStop& stop : state.stops) {
    if (stop.side > 1 || stop.order_type > 3 || stop.tif > 2 || stop.stp > 3) return false;
    imported.stops.push_back({stop.handle, stop.symbol, static_cast<Side>(stop.side),
                              static_cast<OrderType>(stop.order_type),
                              static_cast<TimeInForce>(stop.tif), static_cast<StpMode>(stop.stp),
                              stop.price, stop.quantity, stop.stop_price, stop.account});
  }
  return model_.import_state(imported);
}

} // namespace twinmatch::durable
