// The card: MMIO registers, a DMA engine that fetches command records on a doorbell into a
// command FIFO, the core between that FIFO and an event FIFO (a stepped core run to its timing
// model, or the RTL core clocked as Verilator's SystemC model), and a completion writer that
// never overruns the host's ring.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include <systemc>

#include "clocked_rtl_core.hpp"
#include "core_side.hpp"
#include "pcie_link.hpp"
#include "stepped_runner.hpp"
#include "twinmatch/host/rings.hpp"
#include "twinmatch/link/core_model.hpp"
#include "twinmatch/link/dma_run.hpp"

namespace twinmatch::link {

class Card : public sc_core::sc_module, private CoreSide {
public:
  Card(const sc_core::sc_module_name& name, PcieDirection& to_host, PcieDirection& to_card);

  // Before a run (initialisation, not timed): parameters, the core, the rings' host addresses
  // and sizes, where to record, and how to tell the host a completion write landed.
  void configure(const CardConfig& config, const LinkConfig& link, CoreModel& core,
                 host::HostRings& rings, DmaRunResult& record, std::uint64_t seed,
                 std::function<void()> completions_landed);

  // MMIO registers, written when the host's posted write arrives.
  void write_doorbell(std::uint32_t submission_tail);
  void write_completion_head(std::uint32_t completion_head);

  // The host is done with this run (drained everything, or gave up on a fault): the RTL
  // core's clock stops once nothing is left for it.
  void host_done();
  // After a run that stalled: drop the command the core is stuck in.
  void abort();

private:
  void fetch();
  void land_commands(std::vector<Command> records);
  void write_back();

  // CoreSide: the two FIFOs as the core sees them.
  bool command_waiting() const override { return !commands_.empty(); }
  const Command& next_command() const override { return commands_.front(); }
  void take_command() override;
  bool event_space() const override { return events_.size() < config_.event_fifo_depth; }
  void put_event(const Event& event) override;
  const sc_core::sc_event& commands_landed() const override { return core_wake_; }
  const sc_core::sc_event& event_space_freed() const override { return event_space_; }

  PcieDirection& to_host_;
  PcieDirection& to_card_;
  CardConfig config_;
  LinkConfig link_;
  host::HostRings* rings_ = nullptr;
  DmaRunResult* record_ = nullptr;
  std::function<void()> completions_landed_;

  // Registers.
  std::uint32_t sq_tail_ = 0; // doorbell
  std::uint32_t cq_head_ = 0; // the host's completion head, as last written

  std::uint32_t sq_fetched_ = 0;     // next submission index to request
  std::uint32_t fetch_credits_ = 0;  // command FIFO places neither filled nor requested
  std::deque<Command> commands_;         // fetched, waiting for the core
  std::uint64_t commands_announced_ = 0; // by doorbells, this run
  std::uint64_t commands_fetched_ = 0;   // read requests sent for, this run
  std::uint64_t commands_landed_ = 0;    // in the command FIFO, this run
  std::uint64_t commands_taken_ = 0;  // by the core, this run
  std::uint64_t commands_ended_ = 0;  // their last event out of the core, this run
  std::deque<Event> events_;         // from the core, waiting for the writer
  std::uint32_t cq_tail_ = 0;        // next completion index to write

  sc_core::sc_event fetch_wake_;
  sc_core::sc_event core_wake_;
  sc_core::sc_event writer_wake_;
  sc_core::sc_event event_space_;

  // The core slot: one of the two is active per run.
  SteppedRunner stepped_;
  ClockedRtlCore rtl_;
};

} // namespace twinmatch::link
