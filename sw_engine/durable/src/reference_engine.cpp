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
                            order.open, order.account});
  }
  state.bands.clear();
  for (std::size_t symbol = 0; symbol < exported.band_bases.size(); ++symbol) {
    const std::uint32_t base = exported.band_bases[symbol];
    if (base != 0) state.bands.push_back({static_cast<std::uint16_t>(symbol), base});
  }
}

bool ReferenceEngine::import_state(const EngineState& state) {
  ref::ModelState imported{state.next_command_seq, state.next_event_seq, {}, {}};
  // The model keeps every symbol's base; the canonical state only the moved ones, by symbol.
  if (!state.bands.empty()) {
    imported.band_bases.assign(model_.config().symbols, 0);
    std::uint32_t next_symbol = 0;
    for (const BandBase& band : state.bands) {
      if (band.symbol < next_symbol || band.symbol >= imported.band_bases.size() || band.base == 0) return false;
      imported.band_bases[band.symbol] = band.base;
      next_symbol = band.symbol + 1u;
    }
  }
  for (const RestingOrder& order : state.orders) {
    imported.orders.push_back({order.handle, order.symbol, static_cast<Side>(order.side),
                               order.price, order.open, order.account,
                               static_cast<StpMode>(order.stp), order.post_only});
  }
  return model_.import_state(imported);
}

} // namespace twinmatch::durable
