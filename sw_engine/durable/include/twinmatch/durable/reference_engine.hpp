// The reference model (tests/reference) as a JournaledEngine: the first engine made durable,
// and the one every other backend's snapshots are compared with.
#pragma once

#include "reference_model.hpp"
#include "twinmatch/durable/engine_state.hpp"

namespace twinmatch::durable {

class ReferenceEngine {
public:
  explicit ReferenceEngine(const CoreConfig& config) : model_(config) {}

  const CoreConfig& config() const { return model_.config(); }
  void apply(const Command& command, std::vector<Event>& events) { model_.apply(command, events); }
  void export_state(EngineState& state) const;
  bool import_state(const EngineState& state);

private:
  ref::ReferenceModel model_;
};

static_assert(JournaledEngine<ReferenceEngine>);

} // namespace twinmatch::durable
