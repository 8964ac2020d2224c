#include "twinmatch/durable/client_id_engine.hpp"

#include <algorithm>

#include "twinmatch/durable/byte_codec.hpp"

namespace twinmatch::durable {

ClientIdEngine::ClientIdEngine(const CoreConfig& config)
    : core_(config), ids_(config.handles), handle_ids_(config.handles), pending_(config.handles, false),
      free_handles_(config.handles), free_count_(config.handles) {
  // Low handles first, as sw::MatchingEngine hands them out.
  for (std::uint32_t i = 0; i < config.handles; ++i) free_handles_[i] = config.handles - 1 - i;
}

void ClientIdEngine::release(std::uint32_t handle) {
  ids_.erase(handle_ids_[handle]);
  free_handles_[free_count_++] = handle;
}

void ClientIdEngine::apply(const Command& command, std::uint64_t order_id,
                           std::vector<Event>& events) {
  event_ids_.clear();
  std::uint32_t own = sw::kNoHandle;
  if (command.opcode == static_cast<std::uint8_t>(Opcode::NewOrder)) {
    if (!consistent_ || free_count_ == 0 || command.handle != next_handle() ||
        ids_.find(order_id) != sw::OrderIdMap::kAbsent) {
      consistent_ = false;
      return;
    }
    own = free_handles_[--free_count_];
    handle_ids_[own] = order_id;
    ids_.insert(order_id, own);
  } else if ((command.opcode == static_cast<std::uint8_t>(Opcode::Cancel) ||
              command.opcode == static_cast<std::uint8_t>(Opcode::Modify)) &&
             in_use(command.handle)) {
    own = command.handle; // live: a resting order or pending stop is always a live id and the reverse
  }
  const std::size_t first = events.size();
  core_.apply(command, events);
  // The same bookkeeping as sw::MatchingEngine, in event order: other orders that end here are
  // released as their events arrive (a maker filled away, an order cancelled, a stop triggered
  // by this command that fills), the command's own order after the command unless it rests or
  // waits as a pending stop.
  for (std::size_t i = first; i < events.size(); ++i) {
    const Event& event = events[i];
    const auto type = static_cast<EventType>(event.type);
    const bool about_order = type == EventType::Accepted || type == EventType::Fill ||
                             type == EventType::Cancelled || type == EventType::Modified ||
                             type == EventType::StopAccepted || type == EventType::StopTriggered ||
                             type == EventType::Replenished;
    // A rejection names the command's own order, as in sw::MatchingEngine.
    const std::uint64_t event_order_id =
        about_order && event.handle < config().handles ? handle_ids_[event.handle]
        : type == EventType::Rejected && own != sw::kNoHandle ? handle_ids_[own]
                                                               : 0;
    event_ids_.push_back({event_order_id, type == EventType::Fill ? handle_ids_[event.maker_handle] : 0});
    if (event.handle < config().handles) {
      if (type == EventType::StopAccepted) pending_[event.handle] = true;
      if (type == EventType::StopTriggered || type == EventType::Cancelled) pending_[event.handle] = false;
    }
    // The maker a fill takes away first, then a triggered stop it fills away (sw::Core frees a
    // triggered stop when its run ends, after every maker it took). The command's own order may
    // be either, once it rests and a stop it triggered trades with it: it is freed after.
    if (type == EventType::Fill && event.maker_remaining == 0 && event.maker_handle != own) {
      release(event.maker_handle);
    }
    if (type == EventType::Fill && event.remaining == 0 && event.handle != own) release(event.handle);
    if (type == EventType::Cancelled && event.handle != own) release(event.handle);
  }
  if (own != sw::kNoHandle && !in_use(own)) release(own);
}

bool ClientIdEngine::import_state(const EngineState& state) {
  if (!core_.import_state(state)) return false;
  for (const PendingStop& stop : state.stops) {
    if (stop.handle >= config().handles) return false;
    pending_[stop.handle] = true;
  }
  return true;
}

void ClientIdEngine::export_extension(std::vector<std::byte>& out) const {
  ByteWriter writer(out);
  writer.u32(free_count_);
  for (std::uint32_t i = 0; i < free_count_; ++i) writer.u32(free_handles_[i]);
  std::vector<bool> free(config().handles, false);
  for (std::uint32_t i = 0; i < free_count_; ++i) free[free_handles_[i]] = true;
  writer.u64(config().handles - free_count_);
  for (std::uint32_t handle = 0; handle < config().handles; ++handle) {
    if (free[handle]) continue;
    writer.u32(handle);
    writer.u64(handle_ids_[handle]);
  }
}

bool ClientIdEngine::import_extension(std::span<const std::byte> bytes) {
  const std::uint32_t handles = config().handles;
  ByteReader in(bytes);
  const std::uint32_t free_count = in.u32();
  if (!in.ok() || free_count > handles || free_count_ != handles) return false;
  std::vector<bool> free(handles, false);
  std::vector<std::uint32_t> free_handles(handles);
  for (std::uint32_t i = 0; i < free_count; ++i) {
    const std::uint32_t handle = in.u32();
    if (!in.ok() || handle >= handles || free[handle] || in_use(handle)) return false;
    free[handle] = true;
    free_handles[i] = handle;
  }
  // Every handle not free is a resting order or pending stop with its client id, in ascending
  // order.
  const std::uint64_t live = in.u64();
  if (!in.ok() || live != handles - free_count) return false;
  sw::OrderIdMap ids(handles);
  std::vector<std::uint64_t> handle_ids(handles);
  std::uint32_t previous = 0;
  for (std::uint64_t i = 0; i < live; ++i) {
    const std::uint32_t handle = in.u32();
    const std::uint64_t order_id = in.u64();
    if (!in.ok() || handle >= handles || free[handle] || (i != 0 && handle <= previous) ||
        !in_use(handle) || ids.find(order_id) != sw::OrderIdMap::kAbsent) {
      return false;
    }
    ids.insert(order_id, handle);
    handle_ids[handle] = order_id;
    previous = handle;
  }
  if (!in.at_end()) return false;
  ids_ = std::move(ids);
  handle_ids_ = std::move(handle_ids);
  free_handles_ = std::move(free_handles);
  free_count_ = free_count;
  return true;
}

} // namespace twinmatch::durable
