// The CPU twin (sw_engine's Core) as the card's core: functionally the sw engine, with the same
// stated timing model as the reference core (it is software; it has no cycles of its own).
#pragma once

#include <memory>
#include <vector>

#include "reference_core.hpp"
#include "twinmatch/link/core_model.hpp"
#include "twinmatch/sw/core.hpp"

namespace twinmatch::link {

class SwCore final : public SteppedCore {
public:
  explicit SwCore(const CoreConfig& config) : config_(config) { reset(); }
  std::string_view name() const override { return "sw"; }
  std::string_view timing_source() const override {
    return "stated model: 4 cycles to the first event, then 1 event per cycle";
  }
  const CoreConfig& config() const override { return config_; }
  void reset() override { core_ = std::make_unique<sw::Core<Appender>>(config_); }
  void execute(const Command& command, CoreStep& step) override {
    core_->sink().events = &step.events;
    core_->apply(command);
    streaming_timing(step);
  }

private:
  // Appends to whichever vector the current command's events go to.
  struct Appender {
    void push(const Event& event) { events->push_back(event); }
    std::vector<Event>* events = nullptr;
  };

  CoreConfig config_;
  std::unique_ptr<sw::Core<Appender>> core_;
};

} // namespace twinmatch::link
