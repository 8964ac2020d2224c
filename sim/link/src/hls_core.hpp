// The HLS core's C-simulation (hls/: the same process_command synthesis sees) as the card's
// core. Its timing is the design intent of docs/hls.md (cycles per command at II=1, assuming
// 1-cycle memory reads), a model: nothing here was synthesised or co-simulated.
#pragma once

#include <memory>
#include <vector>

#include "twinmatch/hls/core.hpp"
#include "reference_core.hpp"
#include "twinmatch/link/core_model.hpp"

namespace twinmatch::link {

class HlsCore final : public SteppedCore {
public:
  HlsCore() { reset(); }
  std::string_view name() const override { return "hls"; }
  std::string_view timing_source() const override {
    return "design intent of docs/hls.md (not synthesised): first event after 4 cycles, 1 event "
           "per cycle, per-command totals from its latency table";
  }
  const CoreConfig& config() const override { return hlscore::HwConfig::kCore; }
  void reset() override { state_ = std::make_unique<hlscore::CoreState>(); } // zeroed: empty
  void execute(const Command& command, CoreStep& step) override;

private:
  std::unique_ptr<hlscore::CoreState> state_;
  hls::stream<Event> out_;
};

} // namespace twinmatch::link
