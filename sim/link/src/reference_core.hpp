// The reference model as the card's core: functionally the oracle, with a stated timing model.
#pragma once

#include <optional>

#include "reference_model.hpp"
#include "twinmatch/link/core_model.hpp"

namespace twinmatch::link {

// Model timing for a core that is only functional (the reference model, the sw engine), an
// assumption and not a measurement: 4 cycles from taking a command to its first event (decode,
// validate, book lookup, emit), one 64-byte event beat per cycle after (a 512-bit stream), and
// the next command one cycle after the last beat.
inline void streaming_timing(CoreStep& step, std::uint32_t first_event = 4) {
  std::uint32_t cycle = first_event;
  for (std::size_t i = 0; i < step.events.size(); ++i) step.event_cycles.push_back(cycle++);
  step.next_command_cycles = cycle;
}

class ReferenceCore final : public SteppedCore {
public:
  explicit ReferenceCore(const CoreConfig& config) : config_(config) { reset(); }
  std::string_view name() const override { return "ref"; }
  std::string_view timing_source() const override {
    return "stated model: 4 cycles to the first event, then 1 event per cycle";
  }
  const CoreConfig& config() const override { return config_; }
  void reset() override { model_.emplace(config_); }
  void execute(const Command& command, CoreStep& step) override {
    model_->apply(command, step.events);
    streaming_timing(step);
  }

private:
  CoreConfig config_;
  std::optional<ref::ReferenceModel> model_;
};

} // namespace twinmatch::link
