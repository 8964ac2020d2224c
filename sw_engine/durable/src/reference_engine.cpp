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
}

bool ReferenceEngine::import_state(const EngineState& state) {
  ref::ModelState imported{state.next_command_seq, state.next_event_seq, {}};
  for (const RestingOrder& order : state.orders) {
    imported.orders.push_back({order.handle, order.symbol, static_cast<Side>(order.side),
                               order.price, order.open, order.account,
                               static_cast<StpMode>(order.stp), order.post_only});
  }
  return model_.import_state(imported);
}

} // namespace twinmatch::durable
