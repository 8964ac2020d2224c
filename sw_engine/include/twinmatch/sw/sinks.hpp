// Event sinks for Core<Sink>: `push(const Event&)`, and `next()` to be written in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "twinmatch/protocol.hpp"

namespace twinmatch::sw {

// Appends to a caller's vector (tests, the CLI backend). Allocates only when the vector grows.
class VectorSink {
public:
  explicit VectorSink(std::vector<Event>& events) : events_(&events) {}
  // No next(): a vector's emplace_back() zeroes the record that the core then writes whole.
  void push(const Event& event) { events_->push_back(event); }
  Event& last_event() { return events_->back(); }
  std::vector<Event>& events() { return *events_; }

private:
  std::vector<Event>* events_;
};

// A fixed ring of events that is overwritten in place: the in-memory consumer of benchmarks.
// Keeps a count so the work cannot be optimised away.
class RingSink {
public:
  // `capacity` is rounded up to a power of two.
  explicit RingSink(std::size_t capacity = 4096) {
    std::size_t size = 1;
    while (size < capacity) size <<= 1;
    mask_ = size - 1;
    ring_ = std::make_unique<Event[]>(size);
  }
  void push(const Event& event) { next() = event; }
  Event& next() { return ring_[count_++ & mask_]; }
  std::uint64_t count() const { return count_; }
  const Event& last() const { return ring_[(count_ - 1) & mask_]; }
  Event& last_event() { return ring_[(count_ - 1) & mask_]; }

private:
  std::unique_ptr<Event[]> ring_;
  std::size_t mask_ = 0;
  std::uint64_t count_ = 0;
};

} // namespace twinmatch::sw
