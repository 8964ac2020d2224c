// The host side of the simulation: the application offering commands at a set rate, the
// host driver (twinmatch::host, unchanged) and its Device, whose MMIO and window writes travel
// over the link model. Of host software time only the poll is modelled: the driver sees a
// completion write host_poll_ns after it landed; submitting takes no time.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include <systemc>

#include "card.hpp"
#include "pcie_link.hpp"
#include "twinmatch/host/driver.hpp"
#include "twinmatch/link/dma_run.hpp"

namespace twinmatch::link {

class HostAgent : public sc_core::sc_module, private host::Device, private host::CompletionSink {
public:
  HostAgent(const sc_core::sc_module_name& name, PcieDirection& to_card, Card& card);

  // Before a run: a fresh driver (and so fresh rings) for `commands`, offered at `offered_per_s`.
  void configure(const host::DriverConfig& driver, double offered_per_s, double host_poll_ns,
                 CommandChunks commands, EventSink events, DmaRunResult& record);
  host::Driver& driver() { return *driver_; }
  // Starts the run at the next sc_start().
  void start() { go_.notify(sc_core::SC_ZERO_TIME); }
  bool finished() const { return finished_; }
  // After a run that stalled: stop waiting for the card, so the next run starts clean.
  void abort();
  // A completion write of the card landed in host memory: `write` fills its slots when the
  // host's poll sees them, host_poll_ns later.
  void land(std::function<void()> write);

private:
  void run();
  void offer_all();
  void reveal(); // runs the landed writes as the poll sees them, in order

  void ring_doorbell(std::uint32_t submission_tail) override;
  void write_window(std::uint32_t first_index, std::span<const Command> records) override;
  void write_completion_head(std::uint32_t completion_head) override;
  bool wait_for_completions() override;
  void on_event(const Event& event) override;
  void on_command_complete(std::uint64_t cmd_seq) override;

  PcieDirection& to_card_;
  Card& card_;
  std::optional<host::Driver> driver_;
  double offered_per_s_ = 0.0;
  sc_core::sc_time host_poll_;
  std::uint32_t window_mask_ = 0;
  CommandChunks commands_;
  EventSink events_;
  DmaRunResult* record_ = nullptr;
  std::uint64_t announced_ = 0; // commands covered by doorbells so far
  bool finished_ = false;
  bool aborting_ = false;
  sc_core::sc_event go_;
  sc_core::sc_event abort_;
  sc_core::sc_event completions_;
  struct LandedWrite {
    sc_core::sc_time seen;
    std::function<void()> write;
  };
  std::deque<LandedWrite> landed_;
  sc_core::sc_event landing_;
};

} // namespace twinmatch::link
