// Client order ids (64-bit, chosen by the client) to core handles (dense slots 0..handles-1).
//
// A handle is claimed when its NewOrder is submitted and returns to the free list only when the
// core reports the order's terminal event: the Rejected event of that NewOrder, a Cancelled
// (any reason: of a resting order, of a pending stop, of a remainder), or a Fill that leaves it
// (as taker or maker) with nothing open (an iceberg maker's open quantity counts its hidden
// part). A stop order holds its handle while pending (StopAccepted) and after StopTriggered,
// until one of those ends it; Replenished ends nothing. Commands reach the core in submission
// order, so a handle reused after its terminal event can never be confused with the order that
// held it before.
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

  std::unordered_map<std::uint64_t, std::uint32_t> by_client_;
  std::vector<std::optional<std::uint64_t>> client_; // by handle; engaged while claimed
  // Free handles, a LIFO stack reserved to capacity: the most recently freed handle is reused
  // first, so the core's order slots a busy client touches stay few and cache-hot.
  std::vector<std::uint32_t> free_;
};

} // namespace twinmatch::host
