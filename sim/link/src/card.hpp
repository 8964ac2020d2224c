// The card: MMIO registers, a command window the host writes records into (PIO), a DMA engine
// that fetches the other command records on a doorbell into a command FIFO, the core between
// those and an event FIFO (a stepped core run to its timing model, or the RTL core clocked as
// Verilator's SystemC model), and a completion writer that never overruns the host's ring.
// The core takes commands in submission order, each from the window or the FIFO.
#pragma once

#include <cstdint>
#include <cstddef>
#include <deque>
#include <functional>
#include <vector>

#include <systemc>

#include "clocked_rtl_core.hpp"
#include "core_side.hpp"
#include "pcie_link.hpp"
#include "stepped_runner.hpp"
#include "twinmatch/host/compact_events.hpp"
#include "twinmatch/host/rings.hpp"
#include "twinmatch/link/core_model.hpp"
#include "twinmatch/link/dma_run.hpp"

namespace twinmatch::link {

class Card : public sc_core::sc_module, private CoreSide {
public:
  Card(const sc_core::sc_module_name& name, PcieDirection& to_host, PcieDirection& to_card);

  // Before a run (initialisation, not timed): parameters, the core, the rings' host addresses
  // and sizes, the window's size, where to record, and where a completion write lands: the
  // host runs the write (which fills completion slots) when its poll would see them.
  void configure(const CardConfig& config, const LinkConfig& link, CoreModel& core,
                 host::HostRings& rings, std::uint32_t window_entries, DmaRunResult& record,
                 std::uint64_t seed, std::function<void(std::function<void()>)> land_in_host);

  // MMIO registers, written when the host's posted write arrives.
  void write_doorbell(std::uint32_t submission_tail);
  void write_completion_head(std::uint32_t completion_head);
  // A posted write of consecutive records into the command window from slot `first_slot`.
  void write_window(std::uint32_t first_slot, const std::vector<Command>& records);

  // The host is done with this run (drained everything, or gave up on a fault): the RTL
  // core's clock stops once nothing is left for it.
  void host_done();
  // After a run that stalled: drop the command the core is stuck in.
  void abort();
  // The RTL core's waveform, for the runs that ask for one.
  RtlCoreWave& rtl_wave() { return rtl_.wave(); }

private:
  struct FetchedCommand {
    std::uint32_t index; // submission index
    Command command;
  };

  void fetch();
  void land_commands(std::uint32_t first_index, std::vector<Command> records);
  void write_back();
  // The two event encodings of the completion ring (host/rings.hpp); write_back runs one.
  bool burst_ready() const;
  void write_slots();
  void write_compact();
  std::uint32_t compact_room() const { return rings_->compact_bytes() - (cq_tail_ - cq_head_); }
  // The host announced every submission index before `tail`.
  void announce(std::uint32_t tail);
  // This run's number (from 0) of a command not yet taken by the core.
  std::uint64_t run_number(std::uint32_t index) const {
    return commands_taken_ + (index - next_index_);
  }
  bool next_in_window() const { return window_full_[next_index_ & (window_.size() - 1)]; }

  // CoreSide: the window and the command FIFO, in submission order, and the event FIFO.
  bool command_waiting() const override {
    return next_in_window() || (!commands_.empty() && commands_.front().index == next_index_);
  }
  const Command& next_command() const override {
    return next_in_window() ? window_[next_index_ & (window_.size() - 1)]
                            : commands_.front().command;
  }
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
  std::function<void(std::function<void()>)> land_in_host_;

  // Registers.
  std::uint32_t sq_tail_ = 0; // doorbell, or one past the last window record
  std::uint32_t cq_head_ = 0; // the host's completion head (compact: byte), as last written

  // The command window: slot i & (entries - 1) holds the record of submission index i. The host
  // writes index i only while i is less than `entries` ahead of its oldest open command, so the
  // index of a record is the one in [next_index_, next_index_ + entries) with its slot.
  std::vector<Command> window_;
  std::vector<bool> window_full_;
  // Indices written into the window that the fetcher has not yet passed, in order: it reads
  // only the others from the ring.
  std::deque<std::uint32_t> window_indices_;

  std::uint32_t sq_fetched_ = 0;     // next submission index to fetch or pass
  std::uint32_t fetch_credits_ = 0;  // command FIFO places neither filled nor requested
  std::deque<FetchedCommand> commands_;  // fetched, waiting for the core
  std::uint32_t next_index_ = 0;         // submission index the core takes next
  std::uint64_t commands_taken_ = 0;  // by the core, this run
  std::uint64_t commands_ended_ = 0;  // their last event out of the core, this run
  std::deque<Event> events_;         // from the core, waiting for the writer
  std::uint32_t cq_tail_ = 0;        // next completion index (compact: byte) to write
  host::CompactEncoder encoder_;     // compact encoding: this run's implicit numbering

  sc_core::sc_event fetch_wake_;
  sc_core::sc_event core_wake_;
  sc_core::sc_event writer_wake_;
  sc_core::sc_event event_space_;

  // The core slot: one of the two is active per run.
  SteppedRunner stepped_;
  ClockedRtlCore rtl_;
};

} // namespace twinmatch::link
