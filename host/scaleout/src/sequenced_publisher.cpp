#include "twinmatch/scaleout/sequenced_publisher.hpp"

#include <thread>

#include <fmt/format.h>

#include "twinmatch/scaleout/nats_link.hpp"

namespace twinmatch::scaleout {
namespace {

// A message unacknowledged this long is reported lost (the library's timer), and a publisher
// whose stream has not advanced this long while it holds messages republishes them.
constexpr std::int64_t kAckWaitMs = 1000;
constexpr auto kStall = std::chrono::milliseconds(1000);

void raise_to(std::atomic<std::uint64_t>& value, std::uint64_t candidate) {
  std::uint64_t seen = value.load(std::memory_order_relaxed);
  while (seen < candidate && !value.compare_exchange_weak(seen, candidate, std::memory_order_acq_rel)) {
  }
}

} // namespace

std::unique_ptr<SequencedPublisher> SequencedPublisher::create(natsConnection* connection,
                                                               std::string stream,
                                                               std::string subject,
                                                               std::string& error) {
  std::unique_ptr<SequencedPublisher> publisher(new SequencedPublisher);
  publisher->connection_ = connection;
  publisher->stream_ = std::move(stream);
  publisher->subject_ = std::move(subject);
  jsOptions options;
  jsOptions_Init(&options);
  options.Wait = 2000;
  options.PublishAsync.MaxPending = 8192;
  options.PublishAsync.AckHandler = &SequencedPublisher::on_ack;
  options.PublishAsync.AckHandlerClosure = publisher.get();
  const natsStatus status = natsConnection_JetStream(&publisher->jetstream_, connection, &options);
  if (status != NATS_OK) {
    error = nats_failure("opening JetStream", status);
    return nullptr;
  }
  const auto last = stream_last_seq(publisher->jetstream_, publisher->stream_, error);
  if (!last) return nullptr;
  publisher->stored_through_ = *last;
  publisher->progress_mark_ = *last;
  publisher->progress_time_ = std::chrono::steady_clock::now();
  return publisher;
}

SequencedPublisher::~SequencedPublisher() {
  if (jetstream_ == nullptr) return;
  // Messages still in flight are dropped: their owner stops with them, and whoever publishes
  // the sequence next starts from where the stream ends.
  drop_in_flight();
  jsCtx_Destroy(jetstream_);
}

void SequencedPublisher::on_ack(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* failure, void* self) {
  auto& publisher = *static_cast<SequencedPublisher*>(self);
  if (ack != nullptr) {
    raise_to(publisher.stored_through_, ack->Sequence);
  } else if (failure != nullptr) {
    publisher.needs_resync_.store(true, std::memory_order_release);
  }
  natsMsg_Destroy(msg);
}

void SequencedPublisher::drop_in_flight() {
  // (libnats 3.4 crashes here on a context that has never published asynchronously.)
  if (!sent_any_) return;
  natsMsgList pending{};
  if (js_PublishAsyncGetPendingList(&pending, jetstream_) == NATS_OK) natsMsgList_Destroy(&pending);
}

void SequencedPublisher::send(const Held& message) {
  sent_any_ = true;
  const std::string id = fmt::format("{}", message.seq);
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MsgId = id.c_str();
  options.ExpectLastSeq = message.seq - 1; // 0 (for message 1) means no expectation
  options.MaxWait = kAckWaitMs;
  const natsStatus status = js_PublishAsync(jetstream_, subject_.c_str(), message.payload.data(),
                                            static_cast<int>(message.payload.size()), &options);
  if (status != NATS_OK) needs_resync_.store(true, std::memory_order_release);
}

void SequencedPublisher::trim() {
  const std::uint64_t stored = stored_through();
  while (!held_.empty() && held_.front().seq <= stored) held_.pop_front();
}

bool SequencedPublisher::publish(std::uint64_t seq, std::span<const std::byte> payload, std::string& error) {
  const std::lock_guard lock(mutex_);
  if (seq != last_seq_ + 1) {
    error = fmt::format("{}: message {} published after {}", stream_, seq, last_seq_);
    return false;
  }
  last_seq_ = seq;
  trim();
  if (seq <= stored_through()) return true;
  held_.push_back(Held{seq, std::vector<std::byte>(payload.begin(), payload.end())});
  if (active_) send(held_.back());
  return true;
}

void SequencedPublisher::start_after(std::uint64_t seq) {
  const std::lock_guard lock(mutex_);
  last_seq_ = seq;
}

void SequencedPublisher::set_active(bool active) {
  const std::lock_guard lock(mutex_);
  if (active && !active_) needs_resync_ = true; // start from where the stream ends
  active_ = active;
}

bool SequencedPublisher::resync(std::string& error) {
  // Forget what is in flight (its acknowledgements no longer count), learn the stream's end,
  // resend what follows it.
  drop_in_flight();
  needs_resync_ = false;
  std::string why;
  const auto last = stream_last_seq(jetstream_, stream_, why);
  if (!last) {
    needs_resync_ = true; // the cluster may be electing a leader: try again at the next call
    return true;
  }
  raise_to(stored_through_, *last);
  trim();
  if (!held_.empty() && held_.front().seq > stored_through() + 1) {
    error = fmt::format("{}: the stream ends at {} but the next message held is {}", stream_,
                        stored_through(), held_.front().seq);
    return false;
  }
  if (active_) {
    for (const Held& message : held_) send(message);
  }
  progress_mark_ = stored_through();
  progress_time_ = std::chrono::steady_clock::now();
  return true;
}

bool SequencedPublisher::maintain(std::string& error) {
  const std::lock_guard lock(mutex_);
  trim();
  const auto now = std::chrono::steady_clock::now();
  const std::uint64_t stored = stored_through();
  if (stored != progress_mark_) {
    progress_mark_ = stored;
    progress_time_ = now;
  }
  // A standby learns the stream's end by asking; an active publisher from its acknowledgements,
  // and by asking when they stop coming.
  const bool stalled = now - progress_time_ > kStall && (!active_ || !held_.empty());
  if (needs_resync_.load(std::memory_order_acquire) || stalled) return resync(error);
  return true;
}

bool SequencedPublisher::wait_stored(std::uint64_t seq, std::chrono::milliseconds timeout, std::string& error) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (stored_through() < seq) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    if (needs_resync_.load(std::memory_order_acquire) && !maintain(error)) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(20));
  }
  return true;
}

} // namespace twinmatch::scaleout
