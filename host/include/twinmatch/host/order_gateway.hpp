// The client-facing driver API: orders named by 64-bit client ids, sent to the core as commands
// on handles. Refusals the driver makes itself (DuplicateOrderId, UnknownHandle,
// CapacityExhausted) come back at once as SubmitStatus::Rejected with that reason and never reach
// the core; everything else the core answers through the completion sink, in order.
#pragma once

#include <cstdint>
#include <optional>

#include "twinmatch/config.hpp"
#include "twinmatch/host/driver.hpp"
#include "twinmatch/host/order_ids.hpp"

namespace twinmatch::host {

// A new order as docs/matching.md states it; the core judges every combination (a driver that
// refused some itself would be a second, diverging copy of the rules).
struct OrderRequest {
  Side side = Side::Buy;
  OrderType type = OrderType::Limit; // Stop and StopLimit wait for stop_price (protocol 3)
  TimeInForce tif = TimeInForce::Gtc;
  StpMode stp = StpMode::None;
  bool post_only = false;
  std::uint16_t symbol = 0;
  std::uint32_t price = 0;      // ticks; 0 for a market or stop order
  std::uint32_t quantity = 0;
  std::uint32_t account = 0;
  std::uint32_t stop_price = 0; // Stop, StopLimit: the trigger price (any value, 0 included)
  std::uint32_t display_quantity = 0; // nonzero: an iceberg showing at most this much (its peak)
};

// The wire NewOrder of `request` on `handle` (host::OrderGateway's and the scale-out gateway's):
// a stop order's aux is its stop price, an iceberg's its peak (with kFlagIceberg).
Command new_order_command(const OrderRequest& request, std::uint32_t handle);
// The wire Modify: new price and open quantity, and for a pending stop its new stop price.
Command modify_command(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
                       std::uint32_t stop_price);

struct SubmitResult {
  SubmitStatus status;
  RejectReason reason;  // when status == Rejected
  std::uint32_t handle; // the core handle the command names (0 for symbol-wide commands)
};

class OrderGateway final : private CompletionSink {
public:
  // `downstream` sees every event before the gateway releases the handles it ends, so it may
  // call client_of() on the event's handles.
  OrderGateway(const CoreConfig& core, const DriverConfig& config, Device& device,
               CompletionSink& downstream);

  SubmitResult new_order(std::uint64_t client_id, const OrderRequest& request);
  SubmitResult cancel(std::uint64_t client_id);
  // A resting order: new price and open quantity (`stop_price` must stay 0). A pending stop: new
  // limit price (0 for a Stop), quantity and stop price.
  SubmitResult modify(std::uint64_t client_id, std::uint32_t price, std::uint32_t quantity,
                      std::uint32_t stop_price = 0);
  // Every resting order and pending stop of `symbol`, or only those of `account` when given.
  SubmitResult mass_cancel(std::uint16_t symbol, std::optional<std::uint32_t> account);
  SubmitResult snapshot(std::uint16_t symbol, std::uint16_t depth);
  // Moves the symbol's price band to start at `base` (docs/matching.md, SetBand).
  SubmitResult set_band(std::uint16_t symbol, std::uint32_t base);

  std::optional<std::uint64_t> client_of(std::uint32_t handle) const {
    return ids_.client_of(handle);
  }
  const OrderIdMap& ids() const { return ids_; }
  Driver& driver() { return driver_; }

private:
  void on_event(const Event& event) override;
  void on_command_complete(std::uint64_t cmd_seq) override;
  SubmitResult send(const Command& command);
  SubmitResult existing(std::uint64_t client_id, Command command);

  CompletionSink& downstream_;
  OrderIdMap ids_;
  Driver driver_;
};

} // namespace twinmatch::host
