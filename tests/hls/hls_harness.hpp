// Test helpers for the HLS core: a fresh core per harness, command builders and expected-event
// builders whose unset fields are zero, as the protocol requires.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "twinmatch/hls/core.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlstest {

// Runs commands through process_command on its own zero-initialised CoreState.
class HlsHarness {
public:
  HlsHarness()
      : core_(std::make_unique<hlscore::CoreState>()),
        events_(std::make_unique<hls::stream<Event>>("events")) {}

  std::vector<Event> apply(const Command& command) {
    std::vector<Event> out;
    apply(command, out);
    return out;
  }

  void apply(const Command& command, std::vector<Event>& out) {
    hlscore::process_command(*core_, command, *events_);
    while (!events_->empty()) out.push_back(events_->read());
  }

  void run(std::span<const Command> commands, std::vector<Event>& out) {
    for (const Command& command : commands) apply(command, out);
  }

  const hlscore::CoreState& state() const { return *core_; }

private:
  std::unique_ptr<hlscore::CoreState> core_;
  std::unique_ptr<hls::stream<Event>> events_;
};

std::string describe(const Event& event);

// ---------------------------------------------------------------- commands
Command limit_order(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t price,
                    std::uint32_t quantity, std::uint32_t account,
                    TimeInForce tif = TimeInForce::Gtc, StpMode stp = StpMode::None,
                    bool post_only = false);
Command market_order(Side side, std::uint16_t symbol, std::uint32_t handle, std::uint32_t quantity,
                     std::uint32_t account, TimeInForce tif = TimeInForce::Ioc,
                     StpMode stp = StpMode::None);
Command cancel_order(std::uint32_t handle);
Command modify_order(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity);
Command mass_cancel(std::uint16_t symbol);
Command mass_cancel_account(std::uint16_t symbol, std::uint32_t account);
Command snapshot(std::uint16_t symbol, std::uint16_t depth);

// ---------------------------------------------------------------- expected events
Event accepted(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity);
Event fill(std::uint32_t taker, Side side, std::uint16_t symbol, std::uint32_t maker,
           std::uint32_t price, std::uint32_t quantity, std::uint32_t remaining,
           std::uint32_t maker_remaining);
Event cancelled(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
                std::uint32_t quantity, CancelReason reason);
Event modified(std::uint32_t handle, Side side, std::uint16_t symbol, std::uint32_t price,
               std::uint32_t quantity);
Event rejected(std::uint32_t handle, std::uint16_t symbol, RejectReason reason);
Event level_update(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders);
Event snapshot_row(Side side, std::uint16_t symbol, std::uint32_t price, std::uint64_t quantity,
                   std::uint32_t orders);
Event snapshot_end(std::uint16_t symbol, std::uint32_t rows);
Event mass_cancel_done(std::uint16_t symbol, std::uint32_t orders);

// Drives one harness and checks each command's events against a written-out expectation. It
// keeps its own event and command counters, fills seq, cmd_seq and cmd_opcode of the expected
// events from them and sets kEventLast on the last one, then compares byte for byte.
class Script {
public:
  void expect(const Command& command, std::vector<Event> expected);
  HlsHarness& harness() { return harness_; }

private:
  HlsHarness harness_;
  std::uint64_t seq_ = 0;
  std::uint64_t cmd_seq_ = 0;
};

} // namespace twinmatch::hlstest
