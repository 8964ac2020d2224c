// The sw engine's core (sw::Core) as a JournaledEngine: the fast backend made durable. Its
// canonical state is byte-identical to the reference model's after the same commands.
#pragma once

#include <vector>

#include "twinmatch/durable/engine_state.hpp"
#include "twinmatch/sw/core.hpp"

namespace twinmatch::durable {

class SwCoreEngine {
public:
  explicit SwCoreEngine(const CoreConfig& config) : core_(config) {}

  const CoreConfig& config() const { return core_.config(); }
  void apply(const Command& command, std::vector<Event>& events) {
    core_.sink().events = &events;
    core_.apply(command);
  }
  bool is_resting(std::uint32_t handle) const { return core_.is_resting(handle); }
  std::uint32_t open_quantity(std::uint32_t handle) const { return core_.open_quantity(handle); }
  void export_state(EngineState& state) const;
  bool import_state(const EngineState& state);

private:
  // Appends to the vector of the current apply().
  struct Appender {
    std::vector<Event>* events = nullptr;
    void push(const Event& event) { events->push_back(event); }
    Event& last_event() { return events->back(); }
  };

  sw::Core<Appender> core_;
};

static_assert(JournaledEngine<SwCoreEngine>);

} // namespace twinmatch::durable
