#include "loopback_device.hpp"

#include <algorithm>
#include <array>

namespace twinmatch::test {

void LoopbackDevice::ring_doorbell(std::uint32_t submission_tail) {
  doorbells_.push_back(submission_tail);
  announcements_.push_back({sq_tail_, submission_tail, false});
  sq_tail_ = submission_tail;
}

// Records arrive in index order; the last one also announces every ring command before it.
void LoopbackDevice::write_window(std::uint32_t first_index, std::span<const Command> records) {
  for (std::uint32_t i = 0; i < records.size(); ++i) window_.emplace_back(first_index + i, records[i]);
  const auto end = first_index + static_cast<std::uint32_t>(records.size());
  max_window_span_ = std::max(max_window_span_, end - sq_taken_);
  announcements_.push_back({first_index, end, true});
  sq_tail_ = end;
}

void LoopbackDevice::process() {
  for (; sq_taken_ != sq_tail_; ++sq_taken_) {
    Command command;
    if (!window_.empty() && window_.front().first == sq_taken_) {
      command = window_.front().second;
      window_.pop_front();
    } else {
      command = rings_->submission[sq_taken_ & rings_->submission_mask()];
      ++from_ring_;
    }
    caused_.clear();
    model_.apply(command, caused_);
    for (Event& event : caused_) {
      if (!tamper || tamper(event)) pending_.push_back(event);
    }
  }
  if (rings_->encoding == host::EventEncoding::Compact) {
    write_compact();
    return;
  }
  const std::uint32_t entries = rings_->completion_entries();
  while (!pending_.empty() && cq_tail_ - cq_head_ < entries) {
    rings_->completion[cq_tail_ & rings_->completion_mask()] = {pending_.front(),
                                                                host::phase_of(cq_tail_, entries)};
    pending_.pop_front();
    ++cq_tail_;
    max_cq_occupancy_ = std::max(max_cq_occupancy_, cq_tail_ - cq_head_);
  }
}

// Packs the records that fit into the byte ring, wrapping around its end, then publishes them.
void LoopbackDevice::write_compact() {
  std::array<std::uint8_t, host::kCompactMaxRecordBytes> record{};
  const std::uint32_t ring = rings_->compact_bytes();
  while (!pending_.empty() &&
         encoder_.record_bytes(pending_.front()) <= ring - (cq_tail_ - cq_head_)) {
    const std::uint32_t size = encoder_.encode(pending_.front(), record.data());
    pending_.pop_front();
    if (corrupt) corrupt(std::span(record).first(size));
    for (std::uint32_t i = 0; i < size; ++i) {
      rings_->compact[(cq_tail_ + i) & rings_->compact_mask()] = record[i];
    }
    cq_tail_ += size;
    max_cq_occupancy_ = std::max(max_cq_occupancy_, cq_tail_ - cq_head_);
  }
  rings_->compact_tail = cq_tail_;
}

bool LoopbackDevice::wait_for_completions() {
  if (holding_) return false;
  process();
  return true;
}

} // namespace twinmatch::test
