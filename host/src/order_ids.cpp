#include "twinmatch/host/order_ids.hpp"

namespace twinmatch::host {

OrderIdMap::OrderIdMap(std::uint32_t handles) : client_(handles) {
  by_client_.reserve(handles);
  free_.reserve(handles);
  for (std::uint32_t handle = handles; handle > 0; --handle) free_.push_back(handle - 1);
}

OrderIdMap::Claim OrderIdMap::claim(std::uint64_t client_id) {
  if (by_client_.count(client_id) != 0) return {std::nullopt, RejectReason::DuplicateOrderId};
  if (free_.empty()) return {std::nullopt, RejectReason::CapacityExhausted};
  const std::uint32_t handle = free_.back();
  free_.pop_back();
  client_[handle] = client_id;
  by_client_.emplace(client_id, handle);
  return {handle, RejectReason{}};
}

void OrderIdMap::unclaim(std::uint32_t handle) { release(handle); }

std::optional<std::uint32_t> OrderIdMap::handle_of(std::uint64_t client_id) const {
  const auto found = by_client_.find(client_id);
  if (found == by_client_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::uint64_t> OrderIdMap::client_of(std::uint32_t handle) const {
  if (handle >= client_.size()) return std::nullopt;
  return client_[handle];
}

void OrderIdMap::release(std::uint32_t handle) {
  if (handle >= client_.size() || !client_[handle]) return;
  by_client_.erase(*client_[handle]);
  client_[handle].reset();
  free_.push_back(handle);
}

void OrderIdMap::observe(const Event& event) {
  switch (static_cast<EventType>(event.type)) {
  case EventType::Rejected:
    // Only the reject of a NewOrder ends an order: a refused Cancel or Modify changes nothing.
    // HandleInUse names a handle some other order still holds.
    if (event.cmd_opcode == static_cast<std::uint8_t>(Opcode::NewOrder) &&
        event.reason != static_cast<std::uint8_t>(RejectReason::HandleInUse)) {
      release(event.handle);
    }
    break;
  case EventType::Cancelled:
    release(event.handle);
    break;
  case EventType::Fill:
    if (event.remaining == 0) release(event.handle);
    if (event.maker_remaining == 0) release(event.maker_handle);
    break;
  case EventType::StopAccepted:  // pending: the stop holds its handle
  case EventType::StopTriggered: // it now trades; its Fill or Cancelled ends it
  case EventType::Replenished:   // the iceberg still has open quantity
  default:
    break;
  }
}

} // namespace twinmatch::host
