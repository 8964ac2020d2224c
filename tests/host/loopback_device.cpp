#include "loopback_device.hpp"

#include <algorithm>

namespace twinmatch::test {

void LoopbackDevice::ring_doorbell(std::uint32_t submission_tail) {
  doorbells_.push_back(submission_tail);
  sq_tail_ = submission_tail;
}

void LoopbackDevice::process() {
  for (; sq_taken_ != sq_tail_; ++sq_taken_) {
    caused_.clear();
    model_.apply(rings_->submission[sq_taken_ & rings_->submission_mask()], caused_);
    for (Event& event : caused_) {
      if (!tamper || tamper(event)) pending_.push_back(event);
    }
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

bool LoopbackDevice::wait_for_completions() {
  if (holding_) return false;
  process();
  return true;
}

} // namespace twinmatch::test
