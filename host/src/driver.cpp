#include "twinmatch/host/driver.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <span>

#include <fmt/format.h>

namespace twinmatch::host {

std::optional<std::string> validate(const DriverConfig& config) {
  if (!is_power_of_two(config.submission_entries) || config.submission_entries > (1u << 30)) {
    return fmt::format("submission ring entries must be a power of two up to 2^30, not {}",
                       config.submission_entries);
  }
  if (!is_power_of_two(config.completion_entries) || config.completion_entries > (1u << 30)) {
    return fmt::format("completion ring entries must be a power of two up to 2^30, not {}",
                       config.completion_entries);
  }
  if (config.event_encoding == EventEncoding::Compact &&
      config.completion_entries > (1u << 30) / kCompactLineBytes) {
    return fmt::format("with compact events the completion ring holds at most 2^24 lines of {} "
                       "bytes, not {}", kCompactLineBytes, config.completion_entries);
  }
  if (config.doorbell_batch == 0) return std::string("doorbell batch must be at least 1");
  if (!is_power_of_two(config.pio_window_entries) || config.pio_window_entries > 1024) {
    return fmt::format("command window entries must be a power of two up to 1024, not {}",
                       config.pio_window_entries);
  }
  return std::nullopt;
}

Driver::Driver(const DriverConfig& config, Device& device, CompletionSink& sink)
    : config_(config), device_(device), sink_(sink),
      rings_(config.submission_entries, config.completion_entries, config.event_encoding) {
  assert(!validate(config));
}

std::uint32_t Driver::capacity() const {
  if (config_.submit_mode == SubmitMode::Pio && config_.window_full == WindowFull::Wait) {
    return std::min(config_.submission_entries, config_.pio_window_entries);
  }
  return config_.submission_entries;
}

SubmitStatus Driver::submit(const Command& command) {
  if (!fault_.empty()) return SubmitStatus::Fault;
  while (outstanding() == capacity()) {
    flush(); // the card can only free slots it has been told about
    poll();
    if (!fault_.empty()) return SubmitStatus::Fault;
    if (outstanding() < capacity()) break;
    if (!config_.blocking) return SubmitStatus::Busy;
    if (!device_.wait_for_completions()) {
      fault_ = "the device stopped answering";
      return SubmitStatus::Fault;
    }
  }
  rings_.submission[sq_tail_ & rings_.submission_mask()] = command;
  ++sq_tail_;
  ++submitted_;
  if (sq_tail_ - sq_announced_ >= config_.doorbell_batch) flush();
  return SubmitStatus::Ok;
}

// Writes into the card's window the unannounced records it has room for: index i only while
// i - head < window, so the slot i & (window - 1) last held a command that has completed (and so
// left the card). Never across the window's or the ring's end: those split the write.
void Driver::write_window() {
  const std::uint32_t window = config_.pio_window_entries;
  while (sq_announced_ != sq_tail_ && sq_announced_ - sq_head_ < window) {
    const std::uint32_t slot = sq_announced_ & rings_.submission_mask();
    const std::uint32_t count =
        std::min({sq_tail_ - sq_announced_, window - (sq_announced_ - sq_head_),
                  window - (sq_announced_ & (window - 1)), rings_.submission_mask() + 1 - slot});
    device_.write_window(sq_announced_, std::span(rings_.submission).subspan(slot, count));
    sq_announced_ += count;
    ++window_writes_;
    window_commands_ += count;
  }
}

void Driver::flush() {
  if (config_.submit_mode == SubmitMode::Pio) {
    write_window();
    window_full_commands_ += sq_tail_ - sq_announced_;
  }
  if (sq_announced_ == sq_tail_) return;
  sq_announced_ = sq_tail_;
  ++doorbells_;
  device_.ring_doorbell(sq_tail_);
}

bool Driver::check(const Event& event) {
  if (outstanding() == 0) {
    fault_ = fmt::format("event seq {} arrived with no command outstanding", event.seq);
  } else if (event.seq != next_event_seq_) {
    fault_ = fmt::format("event seq {} arrived where seq {} was due", event.seq, next_event_seq_);
  } else if (event.cmd_seq != completed_ + 1) {
    fault_ = fmt::format("event seq {} names command {}, but command {} is the oldest open one",
                         event.seq, event.cmd_seq, completed_ + 1);
  } else if (event.cmd_opcode != rings_.submission[sq_head_ & rings_.submission_mask()].opcode) {
    fault_ = fmt::format("event seq {} carries opcode {}, command {} was opcode {}", event.seq,
                         event.cmd_opcode, event.cmd_seq,
                         rings_.submission[sq_head_ & rings_.submission_mask()].opcode);
  }
  return fault_.empty();
}

bool Driver::consume(const Event& event) {
  if (!check(event)) return false;
  ++next_event_seq_;
  sink_.on_event(event);
  if ((event.flags & kEventLast) != 0) {
    ++sq_head_; // the command's slot is free once its last event is in
    ++completed_;
    sink_.on_command_complete(completed_);
  }
  return true;
}

std::size_t Driver::poll() {
  const std::size_t consumed =
      config_.event_encoding == EventEncoding::Compact ? poll_compact() : poll_slots();
  if (consumed != 0) device_.write_completion_head(cq_head_);
  return consumed;
}

std::size_t Driver::poll_slots() {
  std::size_t consumed = 0;
  const std::uint32_t entries = rings_.completion_entries();
  while (fault_.empty()) {
    const CompletionSlot& slot = rings_.completion[cq_head_ & rings_.completion_mask()];
    if ((slot.trailer & kPhaseBit) != phase_of(cq_head_, entries)) break;
    if (!consume(slot.event)) break;
    ++cq_head_;
    ++consumed;
  }
  return consumed;
}

// Decodes the records between the head and the tail the card published. A record may wrap
// around the ring's end, so each is first gathered into one piece.
std::size_t Driver::poll_compact() {
  std::size_t consumed = 0;
  const std::uint32_t tail = rings_.compact_tail;
  if (tail - cq_head_ > rings_.compact_bytes()) {
    fault_ = fmt::format("the card published completion bytes up to {}, more than the ring's {} "
                         "ahead of the host's head {}", tail, rings_.compact_bytes(), cq_head_);
    return 0;
  }
  std::array<std::uint8_t, kCompactMaxRecordBytes> wrapped{};
  while (fault_.empty() && cq_head_ != tail) {
    const std::uint32_t length = std::min(tail - cq_head_, kCompactMaxRecordBytes);
    const std::uint32_t at = cq_head_ & rings_.compact_mask();
    const std::uint32_t to_end = rings_.compact_bytes() - at;
    std::span<const std::uint8_t> record(rings_.compact.data() + at, std::min(length, to_end));
    if (length > to_end) { // the record may wrap around the ring's end: gather it
      std::memcpy(wrapped.data(), record.data(), to_end);
      std::memcpy(wrapped.data() + to_end, rings_.compact.data(), length - to_end);
      record = std::span(wrapped).first(length);
    }
    Event event;
    const CompactDecoder::Result decoded = decoder_.decode(record, event);
    if (decoded.bytes == 0) {
      fault_ = fmt::format("malformed completion record at byte {} (event seq {} due): {}",
                           cq_head_, next_event_seq_, decoded.error);
      break;
    }
    if (!consume(event)) break;
    cq_head_ += decoded.bytes;
    ++consumed;
  }
  return consumed;
}

SubmitStatus Driver::drain() {
  flush();
  while (fault_.empty() && outstanding() != 0) {
    if (poll() == 0 && outstanding() != 0 && !device_.wait_for_completions()) {
      fault_ = "the device stopped answering";
    }
  }
  return fault_.empty() ? SubmitStatus::Ok : SubmitStatus::Fault;
}

} // namespace twinmatch::host
