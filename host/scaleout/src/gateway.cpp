#include "twinmatch/scaleout/gateway.hpp"

#include <cstring>

#include <fmt/format.h>
#include <nats/nats.h>

#include "twinmatch/scaleout/nats_link.hpp"
#include "twinmatch/scaleout/sequenced_publisher.hpp"
#include "twinmatch/tools/command_builders.hpp"

namespace twinmatch::scaleout {
namespace {

Ticket refused(RejectReason reason) {
  Ticket ticket;
  ticket.status = host::SubmitStatus::Rejected;
  ticket.reason = reason;
  return ticket;
}

} // namespace

struct Gateway::Shard {
  Gateway* gateway = nullptr;
  std::uint32_t index = 0;
  host::OrderIdMap ids;
  std::unique_ptr<SequencedPublisher> commands;
  natsSubscription* events = nullptr;
  std::mutex publish_mutex; // one command at a time per shard, numbered in publishing order
  explicit Shard(std::uint32_t handles) : ids(handles) {}
  ~Shard() { natsSubscription_Destroy(events); }
};

Gateway::Gateway(const GatewayOptions& options) : options_(options) {}

std::unique_ptr<Gateway> Gateway::open(const GatewayOptions& options, ShardEventSink* sink, std::string& error) {
  if (options.shards == 0) {
    error = "a gateway needs at least one shard";
    return nullptr;
  }
  std::unique_ptr<Gateway> gateway(new Gateway(options));
  gateway->sink_ = sink;
  gateway->link_ = NatsLink::connect(options.servers, error);
  if (!gateway->link_) return nullptr;
  for (std::uint32_t index = 0; index < options.shards; ++index) {
    if (!ensure_shard_streams(gateway->link_->jetstream(), index, options.replicas, error)) return nullptr;
    auto shard = std::make_unique<Shard>(options.config.handles);
    shard->gateway = gateway.get();
    shard->index = index;
    shard->commands = SequencedPublisher::create(gateway->link_->connection(), command_stream(index),
                                                 command_subject(index), error);
    if (!shard->commands) return nullptr;
    if (shard->commands->stored_through() != 0) {
      error = fmt::format("{} already holds {} commands: a gateway starts on empty command streams",
                          command_stream(index), shard->commands->stored_through());
      return nullptr;
    }
    shard->commands->set_active(true);
    gateway->shards_.push_back(std::move(shard));
  }
  for (const auto& shard : gateway->shards_) {
    jsSubOptions subscribe;
    jsSubOptions_Init(&subscribe);
    const std::string stream = event_stream(shard->index);
    subscribe.Stream = stream.c_str();
    subscribe.Ordered = true;
    subscribe.Config.DeliverPolicy = js_DeliverAll;
    const auto on_event = [](natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
      auto& owner = *static_cast<Shard*>(closure);
      Event event;
      if (natsMsg_GetDataLength(message) == static_cast<int>(sizeof event)) {
        std::memcpy(&event, natsMsg_GetData(message), sizeof event);
        owner.gateway->on_message(owner.index, event);
      }
      natsMsg_Destroy(message);
    };
    jsErrCode code = static_cast<jsErrCode>(0);
    const natsStatus status = js_Subscribe(&shard->events, gateway->link_->jetstream(),
                                           event_subject(shard->index).c_str(), on_event, shard.get(),
                                           nullptr, &subscribe, &code);
    if (status != NATS_OK) {
      error = nats_failure(fmt::format("subscribing to {}", stream).c_str(), status);
      return nullptr;
    }
    natsSubscription_SetPendingLimits(shard->events, -1, -1);
  }
  gateway->upkeep_ = std::thread([raw = gateway.get()] { raw->upkeep_loop(); });
  return gateway;
}

Gateway::~Gateway() {
  stopping_ = true;
  if (upkeep_.joinable()) upkeep_.join();
  // Event callbacks may be running: drain each subscription and wait for it before the shards go.
  for (auto& shard : shards_) {
    if (natsSubscription_Drain(shard->events) == NATS_OK) {
      natsSubscription_WaitForDrainCompletion(shard->events, 2000);
    }
  }
  shards_.clear();
}

void Gateway::upkeep_loop() {
  while (!stopping_.load(std::memory_order_acquire)) {
    for (const auto& shard : shards_) {
      std::string error;
      if (!shard->commands->maintain(error)) {
        const std::lock_guard lock(mutex_);
        if (failure_.empty()) failure_ = error;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string Gateway::failure() const {
  const std::lock_guard lock(mutex_);
  return failure_;
}

void Gateway::on_message(std::uint32_t shard, const Event& event) {
  std::optional<std::uint64_t> client;
  {
    const std::lock_guard lock(mutex_);
    client = shards_[shard]->ids.client_of(event.handle);
  }
  // The sink sees the event before its handles are released (as with host::OrderGateway).
  if (sink_ != nullptr) sink_->on_event(shard, event, client);
  const std::lock_guard lock(mutex_);
  const std::optional<std::uint64_t> before = shards_[shard]->ids.client_of(event.handle);
  shards_[shard]->ids.observe(event);
  if (before && !shards_[shard]->ids.handle_of(*before)) shard_of_client_.erase(*before);
}

// Called holding the shard's publish mutex, so commands are numbered in the order their handles
// were looked up: a handle released and claimed again is never named by a command of its old
// order published after the new order's.
Ticket Gateway::send(std::uint32_t shard_index, const Command& command, std::optional<std::uint64_t> claimed_client) {
  Shard& shard = *shards_[shard_index];
  const std::uint64_t seq = shard.commands->last_seq() + 1;
  std::string error;
  if (!shard.commands->publish(seq, std::as_bytes(std::span(&command, 1)), error)) {
    const std::lock_guard state(mutex_);
    if (claimed_client) {
      shard.ids.unclaim(command.handle);
      shard_of_client_.erase(*claimed_client);
    }
    if (failure_.empty()) failure_ = error;
    Ticket fault;
    fault.status = host::SubmitStatus::Fault;
    return fault;
  }
  Ticket ticket;
  ticket.shard = shard_index;
  ticket.cmd_seq = seq;
  ticket.handle = command.handle;
  return ticket;
}

Ticket Gateway::new_order(std::uint64_t client_id, const host::OrderRequest& request) {
  const std::uint32_t shard = shard_of_symbol(request.symbol);
  const std::lock_guard publishing(shards_[shard]->publish_mutex);
  // As host::OrderGateway builds it (stop price or peak in aux): the core judges it.
  Command command = host::new_order_command(request, 0);
  {
    const std::lock_guard lock(mutex_);
    if (shard_of_client_.contains(client_id)) return refused(RejectReason::DuplicateOrderId);
    const host::OrderIdMap::Claim claim = shards_[shard]->ids.claim(client_id);
    if (!claim.handle) return refused(claim.reason);
    shard_of_client_.emplace(client_id, shard);
    command.handle = *claim.handle;
  }
  return send(shard, command, client_id);
}

Ticket Gateway::existing(std::uint64_t client_id, Command command) {
  std::optional<std::uint32_t> shard;
  const auto look_up = [&]() -> std::optional<std::uint32_t> {
    const std::lock_guard lock(mutex_);
    const auto found = shard_of_client_.find(client_id);
    if (found == shard_of_client_.end()) return std::nullopt;
    command.handle = *shards_[found->second]->ids.handle_of(client_id);
    return found->second;
  };
  shard = look_up();
  if (!shard) return refused(RejectReason::UnknownHandle);
  const std::lock_guard publishing(shards_[*shard]->publish_mutex);
  // Again under the publish mutex: the order may have ended meanwhile.
  if (look_up() != shard) return refused(RejectReason::UnknownHandle);
  return send(*shard, command, std::nullopt);
}

Ticket Gateway::cancel(std::uint64_t client_id) { return existing(client_id, tools::cancel_command(0)); }

Ticket Gateway::modify(std::uint64_t client_id, std::uint32_t price, std::uint32_t quantity,
                       std::uint32_t stop_price) {
  return existing(client_id, host::modify_command(0, price, quantity, stop_price));
}

Ticket Gateway::symbol_wide(const Command& command) {
  const std::uint32_t shard = shard_of_symbol(command.symbol);
  const std::lock_guard publishing(shards_[shard]->publish_mutex);
  return send(shard, command, std::nullopt);
}

Ticket Gateway::mass_cancel(std::uint16_t symbol, std::optional<std::uint32_t> account) {
  return symbol_wide(tools::mass_cancel_command(symbol, account.has_value(), account.value_or(0)));
}

Ticket Gateway::snapshot(std::uint16_t symbol, std::uint16_t depth) {
  return symbol_wide(tools::snapshot_command(symbol, depth));
}

Ticket Gateway::set_band(std::uint16_t symbol, std::uint32_t base) {
  return symbol_wide(tools::set_band_command(symbol, base));
}

bool Gateway::acknowledged(const Ticket& ticket, std::chrono::milliseconds timeout) {
  if (ticket.status != host::SubmitStatus::Ok) return false;
  std::string error;
  return shards_[ticket.shard]->commands->wait_stored(ticket.cmd_seq, timeout, error);
}

} // namespace twinmatch::scaleout
