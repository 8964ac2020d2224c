// libFuzzer target: the host driver's rings under arbitrary interleavings of host steps (client
// requests through the order gateway, doorbell or window writes, completion drain) and card
// steps (fetch announced commands into the sw engine, write completion slots), on tiny rings,
// tiny command windows and a 16-handle core so that full rings and windows, Busy and handle
// exhaustion come often.
//
// Checked, independently of the driver's own bookkeeping:
// - every record the card runs is byte-for-byte the command the host was told was written
//   (no slot overwritten before the card read it), and no doorbell announces more than the ring
//   holds or more than was written; window writes (submit=pio) come in index order, right after
//   the last announced index, and never into a slot whose command the card has not yet run;
// - the card never overwrites a completion slot the host has not released;
// - the host receives exactly the events the reference model gives for the written commands, in
//   order, each once, and command completions count up by one, each after its last event;
// - the gateway never claims a handle that is still live: resting once every written command
//   has run, or held by an order whose ending event the host has not received yet;
// - Busy only when the submission ring (or, with window_full=wait, the window) is full, and then nothing is written and no handle kept;
//   CapacityExhausted only when every handle is claimed; at the end, after a drain, the claimed
//   handles are exactly those resting in the book.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "fuzz_command_shaper.hpp"
#include "reference_model.hpp"
#include "twinmatch/host/order_gateway.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

using namespace twinmatch;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "host rings: %s\n", what);
  std::abort();
}

void require(bool condition, const char* what) {
  if (!condition) fail(what);
}

// Reads the fuzz input a byte at a time; zeros once it runs out.
class Input {
public:
  explicit Input(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  bool more() const { return at_ < bytes_.size(); }
  std::uint8_t byte() { return at_ < bytes_.size() ? bytes_[at_++] : 0; }

private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

// Whether `event` ends the order on `handle` (order_ids.hpp: the NewOrder's reject, a cancel,
// a fill that leaves nothing open on either side).
bool ends_order(const Event& event, std::uint32_t handle) {
  switch (static_cast<EventType>(event.type)) {
  case EventType::Rejected:
    return event.handle == handle &&
           event.cmd_opcode == static_cast<std::uint8_t>(Opcode::NewOrder) &&
           event.reason != static_cast<std::uint8_t>(RejectReason::HandleInUse);
  case EventType::Cancelled: return event.handle == handle;
  case EventType::Fill:
    return (event.handle == handle && event.remaining == 0) ||
           (event.maker_handle == handle && event.maker_remaining == 0);
  default: return false;
  }
}

// The host's record of what it wrote into the submission ring, by free-running index (what the
// card must find there), and the reference model's events for those commands that the host
// has not received yet.
class HostLedger final : public host::CompletionSink {
public:
  void wrote(const Command& command) {
    written_.push_back(command);
    std::vector<Event> caused;
    oracle_.apply(command, caused);
    due_.insert(due_.end(), caused.begin(), caused.end());
  }
  const Command& written(std::uint64_t index) const { return written_.at(index); }
  std::uint64_t written_count() const { return written_.size(); }
  std::uint64_t completed() const { return completed_; }

  // True while `handle` may not be handed out: it rests once every written command has run,
  // or an event still due will end the order that holds it.
  bool live(std::uint32_t handle) const {
    if (oracle_.is_resting(handle)) return true;
    for (const Event& event : due_) {
      if (ends_order(event, handle)) return true;
    }
    return false;
  }
  std::uint32_t resting() const {
    std::uint32_t count = 0;
    for (std::uint32_t handle = 0; handle < fuzz::kFuzzConfig.handles; ++handle) {
      count += oracle_.is_resting(handle) ? 1 : 0;
    }
    return count;
  }

  void on_event(const Event& event) override {
    require(!due_.empty(), "an event arrived that no written command causes");
    require(std::memcmp(&event, &due_.front(), sizeof(Event)) == 0,
            "an event differs from the reference model's next one (lost, repeated or reordered)");
    last_was_final_ = (due_.front().flags & kEventLast) != 0;
    due_.pop_front();
  }
  void on_command_complete(std::uint64_t cmd_seq) override {
    require(cmd_seq == completed_ + 1, "command completions skipped or repeated a number");
    require(last_was_final_, "a command completed before its last event");
    ++completed_;
  }

private:
  std::deque<Command> written_;
  std::uint64_t completed_ = 0;
  ref::ReferenceModel oracle_{fuzz::kFuzzConfig}; // has run every written command
  std::deque<Event> due_;
  bool last_was_final_ = false;
};

// A card with no time: it runs announced records (from its window if they came that way, else
// from the ring) and writes completion slots only when the fuzz input says so, and checks what
// the host tells it through the two registers and the window.
class FuzzCard final : public host::Device {
public:
  explicit FuzzCard(const HostLedger& ledger) : ledger_(ledger), core_(fuzz::kFuzzConfig, pending_) {}
  void attach(host::HostRings& rings, std::uint32_t window_entries) {
    rings_ = &rings;
    window_entries_ = window_entries;
  }

  void write_window(std::uint32_t first_index, std::span<const Command> records) override {
    require(!records.empty() && first_index == announced_,
            "a window write skipped or repeated submission indices");
    require(first_index / window_entries_ ==
                (first_index + static_cast<std::uint32_t>(records.size()) - 1) / window_entries_,
            "a window write ran across the window's end");
    for (const Command& record : records) {
      require(announced_ + 1 - fetched_ <= window_entries_,
              "a window record went into a slot whose command the card had not run");
      window_.push_back({announced_++, record});
    }
  }

  void ring_doorbell(std::uint32_t tail) override {
    require(tail != announced_ && tail - announced_ <= rings_->submission.size(),
            "doorbell announced nothing new, or moved the tail backwards");
    require(tail - fetched_ <= rings_->submission.size(),
            "doorbell announced more records than the submission ring holds");
    announced_ = tail;
  }
  // The host records a write once submit() returns, which may ring the doorbell first.
  std::uint32_t announced() const { return announced_; }
  void write_completion_head(std::uint32_t head) override {
    require(head - cq_head_ <= cq_tail_ - cq_head_, "completion head passed the card's tail");
    cq_head_ = head;
  }
  bool wait_for_completions() override {
    fetch(~0u);
    complete(~0u);
    return true;
  }

  // Runs up to `limit` announced records through the core.
  void fetch(std::uint32_t limit) {
    for (; fetched_ != announced_ && limit > 0; ++fetched_, --limit) {
      const Command& record = rings_->submission[fetched_ & rings_->submission_mask()];
      require(std::memcmp(&record, &ledger_.written(fetched_), sizeof(Command)) == 0,
              "a submission slot was overwritten before the card fetched it");
      if (!window_.empty() && window_.front().first == fetched_) {
        require(std::memcmp(&window_.front().second, &record, sizeof(Command)) == 0,
                "a window record differs from the command written");
        window_.pop_front();
      }
      core_.apply(record);
    }
  }
  // Writes up to `limit` pending events into free completion slots.
  void complete(std::uint32_t limit) {
    const std::uint32_t entries = rings_->completion_entries();
    for (; sent_ < pending_.size() && cq_tail_ - cq_head_ < entries && limit > 0; --limit) {
      rings_->completion[cq_tail_ & rings_->completion_mask()] = {pending_[sent_++],
                                                                host::phase_of(cq_tail_, entries)};
      ++cq_tail_;
    }
    if (sent_ == pending_.size()) {
      pending_.clear();
      sent_ = 0;
    }
  }

private:
  host::HostRings* rings_ = nullptr; // the driver's, attached once it exists
  const HostLedger& ledger_;
  std::vector<Event> pending_; // events the core made that the card has not written yet
  std::size_t sent_ = 0;
  sw::Core<sw::VectorSink> core_;
  std::uint32_t window_entries_ = 1;
  std::deque<std::pair<std::uint32_t, Command>> window_; // window records not yet run
  std::uint32_t announced_ = 0;
  std::uint32_t fetched_ = 0;
  std::uint32_t cq_head_ = 0;
  std::uint32_t cq_tail_ = 0;
};

host::DriverConfig driver_config(Input& input) {
  const std::uint8_t shape = input.byte();
  host::DriverConfig config;
  config.submission_entries = 1u << (shape & 3);        // 1..8
  config.completion_entries = 1u << ((shape >> 2) & 3); // 1..8
  config.doorbell_batch = 1 + ((shape >> 4) & 3);
  config.blocking = (shape & 0x40) != 0;
  if ((shape & 0x80) != 0) {
    const std::uint8_t window = input.byte();
    config.submit_mode = host::SubmitMode::Pio;
    config.pio_window_entries = 1u << (window & 3); // 1..8
    config.window_full = (window & 4) != 0 ? host::WindowFull::Ring : host::WindowFull::Wait;
  }
  return config;
}

// Commands that may be outstanding before submit says Busy.
std::uint32_t capacity(const host::DriverConfig& config) {
  const bool window_bounds = config.submit_mode == host::SubmitMode::Pio &&
                             config.window_full == host::WindowFull::Wait;
  return window_bounds ? std::min(config.submission_entries, config.pio_window_entries)
                       : config.submission_entries;
}

class Session {
public:
  explicit Session(const host::DriverConfig& config)
      : gateway_(fuzz::kFuzzConfig, config, card_, ledger_) {
    card_.attach(gateway_.driver().rings(), config.pio_window_entries);
  }

  void step(Input& input) {
    const std::uint8_t op = input.byte();
    const std::uint32_t amount = 1 + (op >> 4);
    switch (op & 15) {
    case 0: case 1: case 2: case 3: request(op & 3, input); break;
    case 4: case 5: gateway_.driver().flush(); break;
    case 6: case 7: gateway_.driver().poll(); break;
    case 8: case 9: card_.fetch(amount); break;
    case 10: case 11: case 12: card_.complete(amount); break;
    case 13: require(gateway_.driver().drain() == host::SubmitStatus::Ok, "drain faulted"); break;
    default: card_.fetch(amount); card_.complete(amount); break;
    }
    require(gateway_.driver().fault().empty(), "the driver faulted on a well-behaved card");
    require(card_.announced() <= ledger_.written_count(), "doorbell announced records never written");
  }

  void finish() {
    require(gateway_.driver().drain() == host::SubmitStatus::Ok, "final drain faulted");
    require(ledger_.completed() == ledger_.written_count(), "drain left commands outstanding");
    require(gateway_.ids().live() == ledger_.resting(),
            "claimed handles differ from the resting orders after a drain (a leak or a loss)");
  }

private:
  void request(std::uint8_t kind, Input& input) {
    host::Driver& driver = gateway_.driver();
    const std::uint64_t written = driver.submitted();
    const std::uint32_t claimed = gateway_.ids().live();
    std::uint32_t live_before = 0; // bit per handle, as the host knows the book now
    for (std::uint32_t handle = 0; handle < fuzz::kFuzzConfig.handles; ++handle) {
      if (ledger_.live(handle)) live_before |= 1u << handle;
    }
    const std::uint64_t client = input.byte() % 24; // more ids than handles
    const std::uint8_t a = input.byte(), b = input.byte();
    const std::optional<std::uint32_t> client_handle = gateway_.ids().handle_of(client);
    const bool known_client = client_handle.has_value();
    const bool is_new_order = kind % 4 == 0;
    host::SubmitResult result{};
    switch (kind % 4) {
    case 0: {
      host::OrderRequest order;
      order.side = (a & 1) ? Side::Sell : Side::Buy;
      order.tif = (a & 6) == 6 ? TimeInForce::Ioc : TimeInForce::Gtc;
      order.symbol = (a >> 3) & 1;
      order.price = 10 + b % 12;
      order.quantity = 1 + (b >> 4) % 8 + (a >> 4) % 4;
      order.account = (a >> 6) % 3;
      result = gateway_.new_order(client, order);
      break;
    }
    case 1: result = gateway_.cancel(client); break;
    case 2: result = gateway_.modify(client, 10 + a % 12, b % 12); break;
    default:
      result = (a & 1) ? gateway_.snapshot(b & 1, a % 4)
                       : gateway_.mass_cancel(b & 1, (a & 2) ? std::optional<std::uint32_t>(a % 3)
                                                             : std::nullopt);
      break;
    }
    switch (result.status) {
    case host::SubmitStatus::Ok:
      require(driver.submitted() == written + 1, "Ok, but not exactly one record written");
      require(driver.outstanding() <= driver.config().submission_entries,
              "more commands outstanding than the submission ring holds");
      if (is_new_order) {
        require((live_before >> result.handle & 1) == 0, "the free list handed out a live handle");
      }
      {
        const Command& record =
            driver.rings().submission[(driver.submitted() - 1) & driver.rings().submission_mask()];
        require(record.handle == result.handle, "the record names another handle than returned");
        if (!is_new_order && kind % 4 != 3) {
          require(client_handle == record.handle,
                  "a cancel or modify names another handle than its order's");
        }
        ledger_.wrote(record);
      }
      break;
    case host::SubmitStatus::Busy:
      require(!driver.config().blocking, "Busy from a blocking driver");
      require(driver.outstanding() == capacity(driver.config()),
              "Busy while the submission ring and the window had room");
      require(driver.submitted() == written, "Busy, yet a record was written");
      if (is_new_order) {
        require(!gateway_.ids().client_of(result.handle) && !gateway_.ids().handle_of(client),
                "Busy, yet the new order's handle stayed claimed");
      }
      break;
    case host::SubmitStatus::Rejected:
      require(driver.submitted() == written, "Rejected by the driver, yet a record was written");
      switch (result.reason) {
      case RejectReason::UnknownHandle:
        require(!is_new_order && !known_client, "UnknownHandle for an id that holds an order");
        break;
      case RejectReason::DuplicateOrderId:
        require(is_new_order && known_client, "DuplicateOrderId for an id no order holds");
        break;
      case RejectReason::CapacityExhausted:
        require(is_new_order && claimed == fuzz::kFuzzConfig.handles,
                "CapacityExhausted while a handle was free");
        break;
      default: fail("the driver refused with a reason of the core's");
      }
      break;
    case host::SubmitStatus::Fault: fail("submit faulted on a well-behaved card");
    }
  }

  HostLedger ledger_;
  FuzzCard card_{ledger_};
  host::OrderGateway gateway_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input input({data, size});
  Session session(driver_config(input));
  while (input.more()) session.step(input);
  session.finish();
  return 0;
}
