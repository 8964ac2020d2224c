// Publishes a numbered sequence of messages 1, 2, 3, ... into a JetStream stream so that the
// stream holds exactly that sequence, each message once, at the stream sequence of its number,
// whatever is lost, retried or published twice: message `k` carries the msg id "k" (a duplicate
// within the stream's window is dropped) and the expectation "last sequence is k - 1" (a message
// that would leave a gap or land twice outside the window is refused). Two publishers of the same
// sequence (a primary and a promoted standby for a while) therefore interleave harmlessly.
//
// Publishing is asynchronous and pipelined; acknowledgements arrive on a NATS thread and only
// raise `stored_through()`. Anything else (a refused or lost message, no progress for `stall_ms`)
// is repaired by `maintain()` on the owner's thread: it asks the stream where it ends and
// republishes what it holds after that. Messages are held until the stream has them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include <nats/nats.h>

namespace twinmatch::scaleout {

class SequencedPublisher {
public:
  static std::unique_ptr<SequencedPublisher> create(natsConnection* connection, std::string stream,
                                                    std::string subject, std::string& error);
  ~SequencedPublisher();
  SequencedPublisher(const SequencedPublisher&) = delete;
  SequencedPublisher& operator=(const SequencedPublisher&) = delete;

  // Holds message `seq` (the one after the previous call's) and publishes it when active.
  // A message the stream already has is dropped. False (with `error`) on a number out of turn.
  bool publish(std::uint64_t seq, std::span<const std::byte> payload, std::string& error);
  // Before the first publish: the next message is `seq + 1` (an engine resumed from a journal).
  void start_after(std::uint64_t seq);
  // An inactive publisher (a standby) only holds messages until the stream has them.
  void set_active(bool active);
  bool active() const { return active_; }
  // Repairs (see above) and learns the stream's end; call every few tens of ms. False (with
  // `error`) when the stream has a message this publisher no longer holds after what it holds:
  // the sequence would have a gap.
  bool maintain(std::string& error);
  // The stream holds every message up to this number.
  std::uint64_t stored_through() const { return stored_through_.load(std::memory_order_acquire); }
  // Waits until the stream holds `seq`, repairing on the way; false after `timeout`.
  bool wait_stored(std::uint64_t seq, std::chrono::milliseconds timeout, std::string& error);
  std::uint64_t last_seq() const { return last_seq_; }

private:
  struct Held {
    std::uint64_t seq;
    std::vector<std::byte> payload;
  };
  SequencedPublisher() = default;
  static void on_ack(jsCtx* js, natsMsg* msg, jsPubAck* ack, jsPubAckErr* failure, void* self);
  void send(const Held& message);
  void drop_in_flight();
  void trim();
  bool resync(std::string& error);

  natsConnection* connection_ = nullptr;
  jsCtx* jetstream_ = nullptr; // its own context: the acknowledgement handler is per context
  std::string stream_;
  std::string subject_;
  std::mutex mutex_; // the owner's calls (publish, maintain, wait_stored) against each other
  std::deque<Held> held_;
  std::uint64_t last_seq_ = 0; // of the last message given to publish()
  bool active_ = false;
  bool sent_any_ = false;
  std::atomic<std::uint64_t> stored_through_{0};
  std::atomic<bool> needs_resync_{false};
  std::uint64_t progress_mark_ = 0;
  std::chrono::steady_clock::time_point progress_time_{};
};

} // namespace twinmatch::scaleout
