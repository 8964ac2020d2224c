// Client order ids (64-bit, chosen by the client) to core handles (dense slots 0..handles-1).
//
// A handle is claimed when its NewOrder is submitted and returns to the free list only when the
// core reports the order's terminal event: the Rejected event of that NewOrder, a Cancelled
// (any reason), or a Fill that leaves it (as taker or maker) with nothing open. Commands reach
// the core in submission order, so a handle reused after its terminal event can never be
// confused with the order that held it before.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "twinmatch/protocol.hpp"

namespace twinmatch::host {

class OrderIdMap {
public:
  explicit OrderIdMap(std::uint32_t handles);

  struct Claim {
    std::optional<std::uint32_t> handle; // engaged on success
    RejectReason reason;                 // DuplicateOrderId or CapacityExhausted otherwise
  };
  // A fresh handle for a new order with id `client_id`.
  Claim claim(std::uint64_t client_id);
  // Undoes the claim of `handle` whose NewOrder never reached the ring (the ring was Busy).
  void unclaim(std::uint32_t handle);

  std::optional<std::uint32_t> handle_of(std::uint64_t client_id) const;
  std::optional<std::uint64_t> client_of(std::uint32_t handle) const;

  // Releases the handles `event` ends.
  void observe(const Event& event);

  std::uint32_t live() const { return static_cast<std::uint32_t>(by_client_.size()); }
  std::uint32_t capacity() const { return static_cast<std::uint32_t>(client_.size()); }

private:
  void release(std::uint32_t handle);
  std::uint32_t next_index(std::uint32_t index) const;

  std::unordered_map<std::uint64_t, std::uint32_t> by_client_;
  std::vector<std::optional<std::uint64_t>> client_; // by handle; engaged while claimed
  std::vector<std::uint32_t> free_;                  // FIFO ring of free handles
  std::uint32_t free_head_ = 0;                      // oldest free handle's index in free_
  std::uint32_t free_count_ = 0;
};

} // namespace twinmatch::host
