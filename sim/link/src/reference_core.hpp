// The reference model as the card's core: functionally the oracle, with a stated timing model.
#pragma once

#include <optional>

#include "reference_model.hpp"
#include "twinmatch/link/core_model.hpp"

namespace twinmatch::link {

// Model timing, an assumption and not a measurement: 4 cycles from taking a command to its first
// event (decode, validate, book lookup, first emit) and one 64-byte event beat per cycle after,
// the rate of a 512-bit event stream.
inline constexpr CoreTiming kFunctionalCoreTiming{4, 1};

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
    model_->apply(command, events);
    return kFunctionalCoreTiming;
  }

private:
  CoreConfig config_;
  std::optional<ref::ReferenceModel> model_;
};

} // namespace twinmatch::link
