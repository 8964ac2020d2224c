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
inline CoreTiming functional_core_timing(std::size_t events) {
  constexpr std::uint32_t kFirstEvent = 4;
  return {kFirstEvent, 1, kFirstEvent + static_cast<std::uint32_t>(events)};
}

class ReferenceCore final : public CoreModel {
public:
  explicit ReferenceCore(const CoreConfig& config) : config_(config) { reset(); }
  std::string_view name() const override { return "ref"; }
  std::string_view timing_source() const override {
    return "stated model: 4 cycles to the first event, then 1 event per cycle";
  }
  const CoreConfig& config() const override { return config_; }
  void reset() override { model_.emplace(config_); }
  CoreTiming execute(const Command& command, std::vector<Event>& events) override {
    const std::size_t before = events.size();
    model_->apply(command, events);
    return functional_core_timing(events.size() - before);
  }

private:
  CoreConfig config_;
  std::optional<ref::ReferenceModel> model_;
};

} // namespace twinmatch::link
