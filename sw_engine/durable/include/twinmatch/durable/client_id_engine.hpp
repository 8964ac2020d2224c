// The sw engine's core behind the drop-in API's client-id layer (sw::MatchingEngine: 64-bit
// client order ids mapped to handles from a LIFO free list), as a journaled engine: the client id
// of each NewOrder is journaled with it, and the id layer (live ids and the free-handle order,
// which decides the handles of later orders) is its own section of the snapshot. Given the same
// calls it hands out the same handles and emits the same events as sw::MatchingEngine.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "twinmatch/durable/engine_state.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"
#include "twinmatch/sw/engine.hpp"
#include "twinmatch/sw/order_id_map.hpp"

namespace twinmatch::durable {

class ClientIdEngine {
public:
  explicit ClientIdEngine(const CoreConfig& config);

  const CoreConfig& config() const { return core_.config(); }

  // A NewOrder must use next_handle() and carry the client id `order_id`; other commands 0.
  void apply(const Command& command, std::uint64_t order_id, std::vector<Event>& events);
  void apply(const Command& command, std::vector<Event>& events) { apply(command, 0, events); }

  void export_state(EngineState& state) const { core_.export_state(state); }
  // The core's state, and which handles hold pending stops (live ids that rest nowhere).
  bool import_state(const EngineState& state);
  // u32 free count, the free handles bottom to top (u32 each), then u64 live count and per live
  // handle in ascending order: u32 handle, u64 client order id.
  void export_extension(std::vector<std::byte>& out) const;
  bool import_extension(std::span<const std::byte> in);

  // The id layer, for the drop-in calls.
  std::uint32_t find(std::uint64_t order_id) const { return ids_.find(order_id); }
  bool has_free_handle() const { return free_count_ != 0; }
  std::uint32_t next_handle() const { return free_handles_[free_count_ - 1]; }
  std::uint32_t live_orders() const { return config().handles - free_count_; }
  std::uint32_t open_quantity(std::uint32_t handle) const { return core_.open_quantity(handle); }
  // The client ids of the last command's events.
  std::span<const sw::EventOrderIds> event_order_ids() const { return event_ids_; }
  // False once a NewOrder arrived with another handle than next_handle() (a journal that does
  // not belong to this id layer); the engine then stops taking commands.
  bool consistent() const { return consistent_; }

private:
  void release(std::uint32_t handle);
  // A live order's handle: resting, or a pending stop (which the core holds in no level).
  bool in_use(std::uint32_t handle) const {
    return handle < pending_.size() && (core_.is_resting(handle) || pending_[handle]);
  }

  SwCoreEngine core_;
  sw::OrderIdMap ids_;
  std::vector<std::uint64_t> handle_ids_; // handle -> client id while live
  std::vector<bool> pending_;             // by handle: a pending stop, from its events
  std::vector<std::uint32_t> free_handles_;
  std::uint32_t free_count_;
  std::vector<sw::EventOrderIds> event_ids_;
  bool consistent_ = true;
};

static_assert(JournaledEngineWithExtension<ClientIdEngine>);

} // namespace twinmatch::durable
