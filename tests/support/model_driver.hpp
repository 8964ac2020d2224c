// Drives the reference model one command at a time and checks the numbering of what comes
// back: seq continues without a gap, cmd_seq counts commands, cmd_opcode echoes the opcode.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "reference/reference_model.hpp"

namespace twinmatch::test {

// The events of a fresh reference model for `commands`: the expected stream of a comparison.
std::vector<Event> reference_events(const CoreConfig& config, std::span<const Command> commands);

class ModelDriver {
public:
  explicit ModelDriver(const CoreConfig& config) : model_(config) {}

  // The events of `command`, as event_text lines.
  std::vector<std::string> step(const Command& command);
  const ref::ReferenceModel& model() const { return model_; }

private:
  ref::ReferenceModel model_;
  std::vector<Event> events_;
  std::uint64_t commands_ = 0;
};

} // namespace twinmatch::test
