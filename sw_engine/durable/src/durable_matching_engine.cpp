#include "twinmatch/durable/durable_matching_engine.hpp"

#include "twinmatch/tools/command_builders.hpp"

namespace twinmatch::durable {

std::unique_ptr<DurableMatchingEngine> DurableMatchingEngine::open(
    const std::string& dir, const CoreConfig& core, const SettlementConfig& terms,
    const DurableOptions& options, RecoveryReport& report, std::vector<Event>* replayed_events,
    std::string& error) {
  auto durable = DurableEngine<ClientIdEngine>::open(dir, core, terms, options, report,
                                                     replayed_events, error);
  if (!durable) return nullptr;
  if (!durable->engine().consistent()) {
    error = fmt::format("{}: the journal was not written through the drop-in API (a NewOrder's "
                        "handle is not the one its id layer hands out)", dir);
    return nullptr;
  }
  return std::unique_ptr<DurableMatchingEngine>(new DurableMatchingEngine(std::move(durable)));
}

sw::Status DurableMatchingEngine::refuse(sw::Status status, Opcode opcode, std::uint16_t symbol,
                                         std::uint64_t order_id) {
  events_.assign(1, sw::refusal_event(status, opcode, symbol));
  refusal_ids_ = sw::EventOrderIds{order_id, 0};
  refused_ = true;
  return status;
}

sw::Status DurableMatchingEngine::run(const Command& command, std::uint64_t order_id) {
  events_.clear();
  refused_ = false;
  if (failed()) return sw::Status::Malformed;
  if (!durable_->submit(std::span(&command, 1), std::span(&order_id, 1), events_, error_) ||
      !engine().consistent()) {
    if (error_.empty()) error_ = "the id layer lost track of its handles";
    events_.clear();
    return sw::Status::Malformed;
  }
  const Event& last = events_.back();
  return last.type == static_cast<std::uint8_t>(EventType::Rejected)
             ? static_cast<sw::Status>(last.reason)
             : sw::Status::Ok;
}

sw::Status DurableMatchingEngine::submit(const sw::OrderRequest& order) {
  const auto refuse_order = [&](sw::Status status) {
    return refuse(status, Opcode::NewOrder, order.symbol, order.order_id);
  };
  // The refusals in sw::MatchingEngine's order: a stop price on an order that is no stop first.
  const bool stop = order.type == OrderType::Stop || order.type == OrderType::StopLimit;
  if (!stop && order.stop_price != 0) return refuse_order(sw::Status::Malformed);
  if (order.order_id == 0) return refuse_order(sw::Status::Malformed);
  if (engine().find(order.order_id) != sw::OrderIdMap::kAbsent) {
    return refuse_order(sw::Status::DuplicateOrderId);
  }
  if (!engine().has_free_handle()) return refuse_order(sw::Status::CapacityExhausted);
  Command c = tools::new_order_command({.symbol = order.symbol, .handle = engine().next_handle(),
                                        .side = order.side, .type = order.type, .tif = order.tif,
                                        .post_only = order.post_only, .stp = order.stp,
                                        .price = order.price, .quantity = order.quantity,
                                        .account = order.account,
                                        .iceberg = order.display_quantity != 0,
                                        .aux = stop ? order.stop_price : order.display_quantity});
  c.price = order.price; // a market order's too: sw::MatchingEngine passes it as given
  return run(c, order.order_id);
}

sw::Status DurableMatchingEngine::cancel(std::uint64_t order_id) {
  const std::uint32_t handle = engine().find(order_id);
  if (handle == sw::OrderIdMap::kAbsent) return refuse(sw::Status::UnknownHandle, Opcode::Cancel, 0, order_id);
  return run(tools::cancel_command(handle), 0);
}

sw::Status DurableMatchingEngine::modify(std::uint64_t order_id, std::uint32_t price,
                                         std::uint32_t quantity) {
  const std::uint32_t handle = engine().find(order_id);
  if (handle == sw::OrderIdMap::kAbsent) return refuse(sw::Status::UnknownHandle, Opcode::Modify, 0, order_id);
  return run(tools::modify_command(handle, price, quantity), 0);
}

sw::Status DurableMatchingEngine::modify_stop(std::uint64_t order_id, std::uint32_t price,
                                              std::uint32_t quantity, std::uint32_t stop_price) {
  const std::uint32_t handle = engine().find(order_id);
  if (handle == sw::OrderIdMap::kAbsent) return refuse(sw::Status::UnknownHandle, Opcode::Modify, 0, order_id);
  return run(tools::modify_command(handle, price, quantity, stop_price), 0);
}

sw::Status DurableMatchingEngine::mass_cancel(std::uint16_t symbol) {
  return run(tools::mass_cancel_command(symbol, false, 0), 0);
}

sw::Status DurableMatchingEngine::mass_cancel(std::uint16_t symbol, std::uint32_t account) {
  return run(tools::mass_cancel_command(symbol, true, account), 0);
}

std::span<const sw::EventOrderIds> DurableMatchingEngine::event_order_ids() const {
  if (refused_) return std::span(&refusal_ids_, 1);
  if (events_.empty()) return {};
  return engine().event_order_ids();
}

std::optional<std::uint32_t> DurableMatchingEngine::open_quantity(std::uint64_t order_id) const {
  const std::uint32_t handle = engine().find(order_id);
  if (handle == sw::OrderIdMap::kAbsent) return std::nullopt;
  return engine().open_quantity(handle);
}

} // namespace twinmatch::durable
