#include "twinmatch/scaleout/shard_server.hpp"

#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "twinmatch/scaleout/lease.hpp"
#include "twinmatch/scaleout/nats_link.hpp"
#include "twinmatch/scaleout/sequenced_publisher.hpp"
#include "twinmatch/scaleout/shard_journal.hpp"
#include "twinmatch/durable/journal.hpp"
#include "twinmatch/tools/backends.hpp"

namespace twinmatch::scaleout {
namespace {

constexpr std::int64_t kPollMs = 20;       // the longest a wait for commands goes without upkeep
constexpr std::size_t kMaxChunk = 4096;    // commands handed to the backend at once

// Events go to the publisher as the backend hands them over.
class PublishingOutput final : public tools::EventOutput {
public:
  explicit PublishingOutput(SequencedPublisher& publisher) : publisher_(publisher), buffer_(1024) {}
  const std::string& failure() const { return failure_; }

protected:
  std::span<Event> take(std::span<const Event> filled) override {
    for (const Event& event : filled) {
      if (!failure_.empty()) break;
      const auto bytes = std::as_bytes(std::span(&event, 1));
      if (!publisher_.publish(event.seq, bytes, failure_)) break;
    }
    return buffer_;
  }

private:
  SequencedPublisher& publisher_;
  std::vector<Event> buffer_;
  std::string failure_;
};

// The shard's commands, in stream order, a chunk of what has arrived at a time. Before waiting
// for more it hands over the events made so far (the backends that apply a chunk before asking
// for the next, ref and sw, have made all of them by then) and does the upkeep: lease, publisher.
class StreamCommandInput final : public tools::CommandInput {
public:
  using Upkeep = std::function<bool()>;
  StreamCommandInput(natsSubscription* subscription, std::uint64_t first_seq, tools::EventOutput& output,
                     const std::atomic<bool>& stop, Upkeep upkeep)
      : subscription_(subscription), output_(output), stop_(stop), upkeep_(std::move(upkeep)),
        first_seq_(first_seq), next_seq_(first_seq) {
    chunk_.reserve(kMaxChunk);
  }
  const std::string& failure() const { return failure_; }
  std::uint64_t applied() const { return next_seq_ - 1; }
  std::uint64_t read() const { return next_seq_ - first_seq_; }

  std::span<const Command> next_chunk() override {
    chunk_.clear();
    output_.flush();
    while (chunk_.empty()) {
      if (!upkeep_() || stop_.load(std::memory_order_acquire) || !failure_.empty()) return {};
      natsMsg* message = nullptr;
      const natsStatus status = natsSubscription_NextMsg(&message, subscription_, kPollMs);
      if (status == NATS_TIMEOUT) continue;
      if (status != NATS_OK) {
        failure_ = nats_failure("reading the command stream", status);
        return {};
      }
      if (!accept(message)) return {};
      int pending = 0;
      natsSubscription_GetPending(subscription_, &pending, nullptr);
      for (int k = 0; k < pending && chunk_.size() < kMaxChunk; ++k) {
        if (natsSubscription_NextMsg(&message, subscription_, 1) != NATS_OK) break;
        if (!accept(message)) return {};
      }
    }
    return chunk_;
  }
  std::uint64_t total() const override { return 0; } // unbounded: it ends when stopped

private:
  bool accept(natsMsg* message) {
    jsMsgMetaData* meta = nullptr;
    const natsStatus status = natsMsg_GetMetaData(&meta, message);
    const std::uint64_t seq = status == NATS_OK ? meta->Sequence.Stream : 0;
    jsMsgMetaData_Destroy(meta);
    if (status != NATS_OK) {
      failure_ = nats_failure("a command message without JetStream metadata", status);
    } else if (seq < next_seq_) {
      // Already applied: after a server failover the client re-creates its ordered consumer,
      // and one that had delivered nothing since a journal resume was seen to start over at
      // stream sequence 1. The stream is append-only, so these are the same commands: skip.
    } else if (seq != next_seq_) {
      failure_ = fmt::format("command stream: expected command {}, got stream sequence {}", next_seq_, seq);
    } else if (natsMsg_GetDataLength(message) != static_cast<int>(sizeof(Command))) {
      failure_ = fmt::format("command stream: command {} is {} bytes, not a {}-byte command", seq,
                             natsMsg_GetDataLength(message), sizeof(Command));
    } else {
      Command command;
      std::memcpy(&command, natsMsg_GetData(message), sizeof command);
      chunk_.push_back(command);
      ++next_seq_;
    }
    natsMsg_Destroy(message);
    return failure_.empty();
  }

  natsSubscription* subscription_;
  tools::EventOutput& output_;
  const std::atomic<bool>& stop_;
  Upkeep upkeep_;
  std::vector<Command> chunk_;
  std::uint64_t first_seq_;
  std::uint64_t next_seq_;
  std::string failure_;
};

// The journal must be this command stream's: its last command is the stream's message of that
// number (a journal of another shard, or of a stream since re-created, is refused).
bool journal_matches_stream(jsCtx* jetstream, const ServeOptions& options, std::uint64_t last,
                            std::string& error) {
  if (last == 0) return true;
  durable::JournalScan scan;
  if (!durable::scan_journal(options.journal_dir, scan, error)) return false;
  if (scan.next_seq() - 1 < last) { // recovery zeroed nothing it applied: cannot happen
    error = fmt::format("{}: the journal ends before command {}", options.journal_dir, last);
    return false;
  }
  const Command& journaled = scan.commands[last - scan.first_seq];
  const std::string stream = command_stream(options.shard);
  natsMsg* message = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  const natsStatus status = js_GetMsg(&message, jetstream, stream.c_str(), last, nullptr, &code);
  if (status == NATS_NOT_FOUND) {
    error = fmt::format("{} holds command {}, which {} does not hold: a journal of another stream",
                        options.journal_dir, last, stream);
    return false;
  }
  if (status != NATS_OK) {
    error = nats_failure("reading the command the journal ends with", status);
    return false;
  }
  const bool same = natsMsg_GetDataLength(message) == static_cast<int>(sizeof(Command)) &&
                    std::memcmp(natsMsg_GetData(message), &journaled, sizeof(Command)) == 0;
  natsMsg_Destroy(message);
  if (!same) {
    error = fmt::format("{}: command {} differs from {}'s: a journal of another stream",
                        options.journal_dir, last, stream);
  }
  return same;
}

// A snapshot is taken only once the event stream stores every event made so far, so the events
// of the commands it covers are never lost with the journal records it lets go. A primary waits
// for its own publishes (a round trip, once every `every` commands; at most `wait`, so that the
// lease is renewed in time, else it tries again at the next upkeep); a standby snapshots when the
// stream, as it last learned, has caught up with it.
bool snapshot_when_stored(ShardJournal& journal, SequencedPublisher& publisher, std::uint64_t every,
                          std::chrono::milliseconds wait, std::string& error) {
  if (!journal.snapshot_due(every)) return true;
  if (publisher.active() && !publisher.wait_stored(journal.last_event(), wait, error) &&
      !error.empty()) {
    return false;
  }
  return publisher.stored_through() < journal.last_event() || journal.snapshot(error);
}

// The journaled engine's loop: each chunk is journaled, applied and its events handed on.
void run_journaled(ShardJournal& journal, StreamCommandInput& input, PublishingOutput& output,
                   std::string& error) {
  std::vector<Event> events;
  for (auto chunk = input.next_chunk(); !chunk.empty(); chunk = input.next_chunk()) {
    events.clear();
    if (!journal.submit(chunk, events, error)) return;
    output.push(events);
    if (!output.failure().empty()) return;
  }
}

} // namespace

int serve(const ServeOptions& options, const std::atomic<bool>& stop, std::string& error) {
  const auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  std::unique_ptr<tools::Backend> backend;
  std::unique_ptr<ShardJournal> journal;
  ShardRecovery recovery;
  if (options.journal_dir.empty()) {
    backend = tools::make_backend(options.backend, options.config, options.backend_options, error);
    if (!backend) return 2;
  } else {
    journal = ShardJournal::open(options.journal_dir, options.backend, options.config, recovery, error);
    if (!journal) return 2;
    for (const std::string& note : recovery.notes) log(fmt::format("{}: {}", options.journal_dir, note));
    log(fmt::format("shard {}: recovered {} through command {} ({}, {} journal records replayed), "
                    "events through {}; reading the command stream from command {}",
                    options.shard, options.journal_dir, recovery.commands,
                    recovery.snapshot_seq == 0 ? std::string("no snapshot")
                                               : fmt::format("snapshot after command {}", recovery.snapshot_seq),
                    recovery.replayed,
                    recovery.events_before + recovery.replayed_events.size(), recovery.commands + 1));
  }
  auto link = NatsLink::connect(options.servers, error);
  if (!link || !ensure_shard_streams(link->jetstream(), options.shard, options.replicas, error)) return 2;
  auto publisher = SequencedPublisher::create(link->connection(), event_stream(options.shard),
                                              event_subject(options.shard), error);
  if (!publisher) return 2;
  auto lease = Lease::open(link->jetstream(), options.shard, options.holder, options.lease_ttl,
                           options.replicas, error);
  if (!lease) return 2;
  if (journal) {
    if (!journal_matches_stream(link->jetstream(), options, recovery.commands, error)) return 2;
    // The events of the commands replayed from the journal: those the event stream lacks are
    // published like any others (the ones a snapshot covers it has: snapshot_when_stored).
    publisher->start_after(recovery.events_before);
    for (const Event& event : recovery.replayed_events) {
      if (!publisher->publish(event.seq, std::as_bytes(std::span(&event, 1)), error)) return 2;
    }
    recovery.replayed_events = {};
  }

  jsSubOptions subscribe;
  jsSubOptions_Init(&subscribe);
  const std::string stream = command_stream(options.shard);
  subscribe.Stream = stream.c_str();
  subscribe.Ordered = true; // no gap, re-created by the library on loss
  subscribe.Config.DeliverPolicy = js_DeliverAll;
  if (recovery.commands != 0) {
    subscribe.Config.DeliverPolicy = js_DeliverByStartSequence;
    subscribe.Config.OptStartSeq = recovery.commands + 1;
  }
  natsSubscription* subscription = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus status = js_SubscribeSync(&subscription, link->jetstream(),
                                       command_subject(options.shard).c_str(), nullptr, &subscribe, &code);
  if (status != NATS_OK) {
    error = nats_failure("subscribing to the command stream", status);
    return 2;
  }
  natsSubscription_SetPendingLimits(subscription, -1, -1);

  PublishingOutput output(*publisher);
  std::string upkeep_failure;
  bool role_logged = false;
  const auto upkeep = [&] {
    const bool primary = lease->maintain();
    if (!role_logged || primary != publisher->active()) {
      role_logged = true;
      publisher->set_active(primary);
      log(fmt::format("shard {}: {} ({}), events stored through {}", options.shard,
                      primary ? "primary" : "standby", options.holder, publisher->stored_through()));
    }
    if (journal && !snapshot_when_stored(*journal, *publisher, options.snapshot_every,
                                                options.lease_ttl / 8, upkeep_failure)) {
      return false;
    }
    return publisher->maintain(upkeep_failure);
  };
  StreamCommandInput input(subscription, recovery.commands + 1, output, stop, upkeep);
  tools::Metrics metrics;
  try {
    if (journal) {
      run_journaled(*journal, input, output, error);
    } else {
      backend->run_streaming(input, output, metrics);
    }
  } catch (const std::runtime_error& failure) {
    error = failure.what();
  }
  natsSubscription_Destroy(subscription);
  if (error.empty()) error = !input.failure().empty() ? input.failure() : !output.failure().empty() ? output.failure() : upkeep_failure;
  if (!error.empty()) return 2;
  // A clean stop: what this primary made is stored before it lets a standby take over.
  if (publisher->active()) publisher->wait_stored(publisher->last_seq(), std::chrono::seconds(5), error);
  lease->release();
  log(fmt::format("shard {}: stopped after command {} ({} read from the command stream), events "
                  "stored through {}", options.shard, input.applied(), input.read(),
                  publisher->stored_through()));
  return 0;
}

} // namespace twinmatch::scaleout
