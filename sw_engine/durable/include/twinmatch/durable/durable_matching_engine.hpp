// The drop-in API of sw::MatchingEngine (client 64-bit order ids), made durable: every call that
// reaches the core is journaled (the client id of a NewOrder with it) and, under the group
// policy, synced before it is applied and before the call returns; snapshots hold the id layer too, so
// recovery restores the client ids of resting orders and the handles later orders will get.
// Same calls, same statuses, handles and events as sw::MatchingEngine (tests/durable).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "twinmatch/durable/client_id_engine.hpp"
#include "twinmatch/durable/durable_engine.hpp"

namespace twinmatch::durable {

class DurableMatchingEngine {
public:
  // Opens (creating it if needed) the journal directory `dir` and recovers it; the events of
  // replayed calls are appended to `replayed_events` if given. Nullptr with `error` if the state
  // cannot be recovered exactly.
  static std::unique_ptr<DurableMatchingEngine> open(const std::string& dir, const CoreConfig& core,
                                                     const SettlementConfig& terms,
                                                     const DurableOptions& options,
                                                     RecoveryReport& report,
                                                     std::vector<Event>* replayed_events,
                                                     std::string& error);

  // As sw::MatchingEngine, stop and iceberg orders (OrderRequest::stop_price,
  // display_quantity; modify_stop) included. A call refused by the id layer (Malformed for order
  // id 0 or a stop price on an order that is no stop, DuplicateOrderId, UnknownHandle,
  // CapacityExhausted) is not journaled. Status::Malformed with error() set: the journal failed
  // (the call was not acknowledged) and the engine accepts nothing more.
  sw::Status submit(const sw::OrderRequest& order);
  sw::Status cancel(std::uint64_t order_id);
  sw::Status modify(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity);
  sw::Status modify_stop(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity,
                         std::uint32_t stop_price);
  sw::Status mass_cancel(std::uint16_t symbol);
  sw::Status mass_cancel(std::uint16_t symbol, std::uint32_t account);

  std::span<const Event> events() const { return events_; }
  std::span<const sw::EventOrderIds> event_order_ids() const;
  std::optional<std::uint32_t> open_quantity(std::uint64_t order_id) const;
  std::uint32_t live_orders() const { return engine().live_orders(); }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  // Under SyncPolicy::Pipelined a call returns before it is durable: hold its events until
  // acknowledged_seq() covers it.
  std::uint64_t acknowledged_seq() const { return durable_->acknowledged_seq(); }
  bool wait_acknowledged(std::uint64_t seq, std::string& error) {
    return durable_->wait_acknowledged(seq, error);
  }
  std::uint64_t state_hash() const { return durable_->state_hash(); }
  bool snapshot_now(std::string& error) { return durable_->snapshot_now(error); }
  const Settlement& settlement() const { return durable_->settlement(); }

private:
  explicit DurableMatchingEngine(std::unique_ptr<DurableEngine<ClientIdEngine>> durable)
      : durable_(std::move(durable)) {}

  const ClientIdEngine& engine() const { return durable_->engine(); }
  sw::Status run(const Command& command, std::uint64_t order_id);
  sw::Status refuse(sw::Status status, Opcode opcode, std::uint16_t symbol, std::uint64_t order_id);

  std::unique_ptr<DurableEngine<ClientIdEngine>> durable_;
  std::vector<Event> events_;
  bool refused_ = false; // the last call was refused by the id layer: its ids are refusal_ids_
  sw::EventOrderIds refusal_ids_{};
  std::string error_;
};

} // namespace twinmatch::durable
