// The client side of the scale-out: orders named by 64-bit client ids, routed to the shard of
// their symbol (symbol % shards), as are the symbol-wide commands (mass cancel, snapshot, band), given handles by the drop-in id layer (host::OrderIdMap, one per
// shard), published to the shard's command stream as the next command, and acknowledged only
// once the stream has stored it (JetStream's publish acknowledgement, from the stream's quorum
// when it is replicated). Events come back from the shards' event streams; the id layer releases
// the handles they end, and the sink sees each with the client id of its order.
//
// One gateway per set of shards, started on empty command streams (it is the streams' only
// writer; it does not rebuild its id layer from existing streams).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/host/order_gateway.hpp"
#include "twinmatch/host/order_ids.hpp"

namespace twinmatch::scaleout {

class SequencedPublisher;
class NatsLink;

struct GatewayOptions {
  std::string servers; // comma-separated NATS URLs
  std::uint32_t shards = 1;
  CoreConfig config{};
  int replicas = 1; // of the streams, if the gateway creates them
};

// Sees every event of every shard, in each shard's order, on a NATS thread (one per shard).
class ShardEventSink {
public:
  virtual ~ShardEventSink() = default;
  virtual void on_event(std::uint32_t shard, const Event& event, std::optional<std::uint64_t> client_id) = 0;
};

struct Ticket {
  host::SubmitStatus status = host::SubmitStatus::Ok;
  RejectReason reason{};   // when Rejected (by the gateway: never sent)
  std::uint32_t shard = 0;
  std::uint64_t cmd_seq = 0; // the command's number in its shard
  std::uint32_t handle = 0;
};

class Gateway {
public:
  static std::unique_ptr<Gateway> open(const GatewayOptions& options, ShardEventSink* sink, std::string& error);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Each publishes one command (not yet acknowledged: see acknowledged()).
  Ticket new_order(std::uint64_t client_id, const host::OrderRequest& request);
  Ticket cancel(std::uint64_t client_id);
  // As host::OrderGateway::modify: `stop_price` is a pending stop's new stop price, else 0.
  Ticket modify(std::uint64_t client_id, std::uint32_t price, std::uint32_t quantity,
                std::uint32_t stop_price = 0);
  // Symbol-wide commands, to the shard of `symbol` (as host::OrderGateway's): every resting
  // order and pending stop of the symbol, or only those of `account` when given; a book
  // snapshot; a band move.
  // Their Cancelled events release the handles of the orders they end, as a Cancel's do.
  Ticket mass_cancel(std::uint16_t symbol, std::optional<std::uint32_t> account);
  Ticket snapshot(std::uint16_t symbol, std::uint16_t depth);
  Ticket set_band(std::uint16_t symbol, std::uint32_t base);

  // Waits until the shard's stream has stored the ticket's command; false after `timeout`.
  bool acknowledged(const Ticket& ticket, std::chrono::milliseconds timeout);
  std::uint32_t shard_of_symbol(std::uint16_t symbol) const { return symbol % options_.shards; }
  std::uint32_t shards() const { return options_.shards; }
  // The first failure the gateway met (a publisher that cannot continue), or empty.
  std::string failure() const;

private:
  struct Shard;
  explicit Gateway(const GatewayOptions& options);
  Ticket send(std::uint32_t shard, const Command& command, std::optional<std::uint64_t> claimed_client);
  Ticket existing(std::uint64_t client_id, Command command);
  Ticket symbol_wide(const Command& command);
  void on_message(std::uint32_t shard, const Event& event);
  void upkeep_loop();

  GatewayOptions options_;
  ShardEventSink* sink_;
  std::unique_ptr<NatsLink> link_;
  std::vector<std::unique_ptr<Shard>> shards_;
  mutable std::mutex mutex_; // the id layers and routing table, against the event threads
  std::unordered_map<std::uint64_t, std::uint32_t> shard_of_client_;
  std::string failure_;
  std::atomic<bool> stopping_{false};
  std::thread upkeep_;
};

} // namespace twinmatch::scaleout
