#include "card.hpp"

#include <algorithm>
#include <memory>
#include <utility>

namespace twinmatch::link {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

std::uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }
// The compact encoding's published tail: one 32-bit word in host memory.
constexpr std::uint32_t kTailWordBytes = 4;

} // namespace

Card::Card(const sc_core::sc_module_name& name, PcieDirection& to_host, PcieDirection& to_card)
    : sc_module(name), to_host_(to_host), to_card_(to_card), stepped_("stepped", *this),
      rtl_("rtl", *this) {
  SC_HAS_PROCESS(Card);
  SC_THREAD(fetch);
  SC_THREAD(write_back);
}

void Card::configure(const CardConfig& config, const LinkConfig& link, CoreModel& core,
                     host::HostRings& rings, std::uint32_t window_entries, DmaRunResult& record,
                     std::uint64_t seed, std::function<void(std::function<void()>)> land_in_host) {
  config_ = config;
  link_ = link;
  rings_ = &rings;
  record_ = &record;
  land_in_host_ = std::move(land_in_host);
  sq_tail_ = cq_head_ = sq_fetched_ = cq_tail_ = next_index_ = 0;
  fetch_credits_ = config.command_fifo_depth;
  window_.assign(window_entries, Command{});
  window_full_.assign(window_entries, false);
  window_indices_.clear();
  commands_.clear();
  events_.clear();
  commands_taken_ = commands_ended_ = 0;
  encoder_ = host::CompactEncoder();
  SteppedCore* const stepped = core.stepped();
  stepped_.configure(stepped, config, seed);
  if (stepped == nullptr) {
    rtl_.configure(config, seed, record);
  } else {
    rtl_.stop();
  }
}

void Card::host_done() { rtl_.stop(); }

void Card::abort() {
  commands_.clear();
  events_.clear();
  window_full_.assign(window_full_.size(), false);
  stepped_.abort();
  rtl_.stop();
}

void Card::announce(std::uint32_t tail) {
  for (; sq_tail_ != tail; ++sq_tail_) record_->timeline.at(run_number(sq_tail_)).announced = now_ps();
  fetch_wake_.notify(SC_ZERO_TIME);
}

void Card::write_doorbell(std::uint32_t submission_tail) { announce(submission_tail); }

void Card::write_completion_head(std::uint32_t completion_head) {
  cq_head_ = completion_head;
  writer_wake_.notify(SC_ZERO_TIME);
}

// Each record goes straight to the core's side of the card: no read round trip. Posted writes
// arrive in the order they were sent, so every doorbell and window write for earlier indices has
// landed already, and the record also announces the ring commands before it.
void Card::write_window(std::uint32_t first_slot, const std::vector<Command>& records) {
  const auto mask = static_cast<std::uint32_t>(window_.size() - 1);
  for (std::uint32_t i = 0; i < records.size(); ++i) {
    const std::uint32_t slot = (first_slot + i) & mask;
    if (window_full_[slot]) { // the host broke its side of the window: the record is lost
      ++record_->window_overruns;
      continue;
    }
    const std::uint32_t index = next_index_ + ((slot - next_index_) & mask);
    if (index - sq_tail_ < (1u << 31)) announce(index + 1); // never moves the tail back
    window_[slot] = records[i];
    window_full_[slot] = true;
    window_indices_.push_back(index);
    CommandTimes& times = record_->timeline.at(run_number(index));
    times.fetch = times.card = now_ps();
    times.through_window = true;
  }
  core_wake_.notify(SC_ZERO_TIME);
}

// Fetches the announced records the window did not bring: one read request per run of them, as
// long as the command FIFO has room for what comes back, never across the ring's end and never
// more than MRRS bytes.
void Card::fetch() {
  const auto pass_window_records = [this] {
    while (!window_indices_.empty() && window_indices_.front() == sq_fetched_) {
      window_indices_.pop_front();
      ++sq_fetched_;
    }
  };
  for (;;) {
    pass_window_records();
    while (sq_tail_ == sq_fetched_ || fetch_credits_ == 0) {
      wait(fetch_wake_);
      pass_window_records();
    }
    const auto entries = static_cast<std::uint32_t>(rings_->submission.size());
    std::uint32_t count =
        std::min({sq_tail_ - sq_fetched_, fetch_credits_,
                  link_.max_read_request_bytes / std::uint32_t{sizeof(Command)},
                  entries - (sq_fetched_ & rings_->submission_mask())});
    if (!window_indices_.empty()) count = std::min(count, window_indices_.front() - sq_fetched_);
    const std::uint32_t first = sq_fetched_;
    sq_fetched_ += count;
    fetch_credits_ -= count;
    for (std::uint32_t i = 0; i < count; ++i) record_->timeline.at(run_number(first + i)).fetch = now_ps();
    ++record_->fetches;
    // The read request (no payload) reaches host memory, which answers with the records as
    // they are then, in completions of at most MPS bytes.
    to_host_.send(0, [this, first, count] {
      const std::uint32_t per_tlp = link_.max_payload_bytes / std::uint32_t{sizeof(Command)};
      for (std::uint32_t sent = 0; sent < count;) {
        const std::uint32_t chunk = std::min(per_tlp, count - sent);
        std::vector<Command> records(chunk);
        for (std::uint32_t i = 0; i < chunk; ++i) {
          records[i] = rings_->submission[(first + sent + i) & rings_->submission_mask()];
        }
        to_card_.send(chunk * std::uint32_t{sizeof(Command)},
                      [this, index = first + sent, records = std::move(records)]() mutable {
                        land_commands(index, std::move(records));
                      });
        sent += chunk;
      }
    });
  }
}

void Card::land_commands(std::uint32_t first_index, std::vector<Command> records) {
  for (std::uint32_t i = 0; i < records.size(); ++i) {
    record_->timeline.at(run_number(first_index + i)).card = now_ps();
    commands_.push_back({first_index + i, records[i]});
  }
  core_wake_.notify(SC_ZERO_TIME);
}

void Card::take_command() {
  if (next_in_window()) {
    window_full_[next_index_ & (window_.size() - 1)] = false;
  } else {
    commands_.pop_front();
    ++fetch_credits_;
    fetch_wake_.notify(SC_ZERO_TIME);
  }
  record_->timeline.at(commands_taken_++).core_start = now_ps();
  ++next_index_;
}

void Card::put_event(const Event& event) {
  events_.push_back(event);
  writer_wake_.notify(SC_ZERO_TIME);
  if ((event.flags & kEventLast) != 0 && commands_ended_ < commands_taken_) {
    record_->timeline.at(commands_ended_++).core_end = now_ps();
  }
}

// Writes what the core put out into the completion ring, in bursts of the events already
// waiting, only into space the host has given back. The next burst is formed once this one is
// on the wire, so events that arrive meanwhile coalesce.
void Card::write_back() {
  for (;;) {
    while (!burst_ready()) {
      if (!events_.empty()) ++record_->completion_stalls;
      wait(writer_wake_);
    }
    if (rings_->encoding == host::EventEncoding::Compact) {
      write_compact();
    } else {
      write_slots();
    }
  }
}

// The oldest event waiting has room in the completion ring.
bool Card::burst_ready() const {
  if (events_.empty()) return false;
  if (rings_->encoding == host::EventEncoding::Compact) {
    return encoder_.record_bytes(events_.front()) <= compact_room();
  }
  return cq_tail_ - cq_head_ != rings_->completion_entries();
}

// One burst of whole slots, each with its lap's phase bit.
void Card::write_slots() {
  constexpr auto slot_bytes = std::uint32_t{sizeof(host::CompletionSlot)};
  const auto entries = [this] { return rings_->completion_entries(); };
  const std::uint32_t count = std::min(
      {static_cast<std::uint32_t>(events_.size()), config_.write_burst_events,
       entries() - (cq_tail_ - cq_head_), entries() - (cq_tail_ & rings_->completion_mask())});
  auto slots = std::make_shared<std::vector<host::CompletionSlot>>(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    (*slots)[i] = {events_.front(), host::phase_of(cq_tail_ + i, entries())};
    events_.pop_front();
  }
  event_space_.notify(SC_ZERO_TIME);
  const std::uint32_t first = cq_tail_;
  cq_tail_ += count;
  ++record_->completion_writes;
  record_->completion_ring.add(cq_tail_ - cq_head_);

  // One posted write, split into TLPs of at most MPS bytes; each TLP's arrival lands the
  // slots whose last byte it carries.
  const std::uint32_t total = count * slot_bytes;
  std::uint32_t landed = 0;
  sc_time on_wire;
  for (std::uint32_t sent = 0; sent < total;) {
    const std::uint32_t chunk = std::min(link_.max_payload_bytes, total - sent);
    sent += chunk;
    const std::uint32_t upto = sent / slot_bytes;
    on_wire = to_host_.send(chunk, [this, slots, first, from = landed, upto] {
      if (upto == from) return;
      land_in_host_([this, slots, first, from, upto] {
        for (std::uint32_t i = from; i < upto; ++i) {
          rings_->completion[(first + i) & rings_->completion_mask()] = (*slots)[i];
        }
      });
    });
    landed = upto;
  }
  wait(on_wire - sc_core::sc_time_stamp());
}

// One burst of compact records packed back to back, as one posted write (two where it wraps
// around the ring's end) in TLPs of at most MPS bytes, so a record may be split between TLPs
// and writes; then a 4-byte write of the new tail, which publishes only whole records. Posted
// writes arrive in order, so when the host sees the tail, the bytes before it have landed.
void Card::write_compact() {
  const std::uint32_t ring = rings_->compact_bytes();
  auto bytes = std::make_shared<std::vector<std::uint8_t>>();
  bytes->reserve(std::size_t{config_.write_burst_events} * host::kCompactMaxRecordBytes);
  for (std::uint32_t count = 0; count < config_.write_burst_events && !events_.empty(); ++count) {
    const std::uint32_t size = encoder_.record_bytes(events_.front());
    if (size > compact_room() - bytes->size()) break;
    const std::size_t at = bytes->size();
    bytes->resize(at + size);
    encoder_.encode(events_.front(), bytes->data() + at);
    events_.pop_front();
  }
  event_space_.notify(SC_ZERO_TIME);
  const std::uint32_t first = cq_tail_;
  const auto total = static_cast<std::uint32_t>(bytes->size());
  cq_tail_ += total;
  ++record_->completion_writes;
  record_->completion_ring.add(cq_tail_ - cq_head_);

  for (std::uint32_t sent = 0; sent < total;) {
    const std::uint32_t to_ring_end = ring - ((first + sent) & rings_->compact_mask());
    const std::uint32_t chunk = std::min({link_.max_payload_bytes, total - sent, to_ring_end});
    to_host_.send(chunk, [this, bytes, at = first + sent, from = sent, chunk] {
      std::copy_n(bytes->begin() + from, chunk,
                  rings_->compact.begin() + (at & rings_->compact_mask()));
    });
    sent += chunk;
  }
  const sc_time on_wire = to_host_.send(kTailWordBytes, [this, tail = cq_tail_] {
    land_in_host_([this, tail] { rings_->compact_tail = tail; });
  });
  wait(on_wire - sc_core::sc_time_stamp());
}

} // namespace twinmatch::link
