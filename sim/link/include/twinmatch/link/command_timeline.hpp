// Where each command of a DMA run was when (CommandTimes), held only while it is in flight: a
// command retires into the run's latency distributions once the host has drained its last event,
// so a run of any length needs memory for the commands the rings hold, not for the stream. A
// run may also keep every command's times (tests look at them one by one).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "twinmatch/link/latency_distribution.hpp"

namespace twinmatch::link {

// Where one command was when, in simulated ps.
// A command written into the card's window has no read: its fetch and card times are the
// window write's landing, like `announced`.
struct CommandTimes {
  std::uint64_t arrival = 0;    // offered to the host driver
  std::uint64_t doorbell = 0;   // the doorbell announcing it was rung, or its window write sent
  std::uint64_t announced = 0;  // that doorbell, or a later window write, landed in the card
  std::uint64_t fetch = 0;      // the card sent the read request for its record
  std::uint64_t card = 0;       // its record landed in the card's command FIFO or window
  std::uint64_t core_start = 0; // the core took it
  std::uint64_t core_end = 0;   // the core put out its last event
  std::uint64_t done = 0;       // the host drained its last event
  bool through_window = false;  // written into the card's window (else fetched from the ring)
};

// The retired commands' latency components (docs/host.md "Latency"), in ps.
struct RunLatencies {
  std::uint64_t commands = 0;
  std::uint64_t first_arrival = 0;
  std::uint64_t last_done = 0;
  LatencyDistribution end_to_end;   // arrival -> done
  LatencyDistribution host_to_card; // doorbell transit + the record's read round trip
  LatencyDistribution queueing;     // waits for the ring, the card's FIFO and the core
  LatencyDistribution core;         // core_start -> core_end
  LatencyDistribution card_to_host; // core_end -> done
};

class CommandTimeline {
public:
  explicit CommandTimeline(bool keep_every = false) : keep_every_(keep_every) {}

  // The next command (run number arrived() - 1) was offered to the host at `arrival_ps`.
  void arrive(std::uint64_t arrival_ps);
  std::uint64_t arrived() const { return retired_ + in_flight_.size(); }
  // The times of run number `index`, which arrived and has not retired; a scratch record (and
  // one more stray()) for any other index, which only a broken model asks for.
  CommandTimes& at(std::uint64_t index);
  // Run number `index` completed at `done_ps`: it and every completed command before it retire.
  void complete(std::uint64_t index, std::uint64_t done_ps);

  const RunLatencies& latencies() const { return latencies_; }
  std::uint64_t stray() const { return stray_; }
  // With keep_every: every command's times in order, the retired ones and then those still in
  // flight (a run that faulted). Else empty.
  std::vector<CommandTimes> every_command() const;

private:
  struct InFlight {
    CommandTimes times;
    bool completed = false;
  };
  void retire(const CommandTimes& times);

  bool keep_every_;
  std::deque<InFlight> in_flight_;
  std::uint64_t retired_ = 0;
  std::uint64_t stray_ = 0;
  CommandTimes scratch_;
  RunLatencies latencies_;
  std::vector<CommandTimes> kept_;
};

} // namespace twinmatch::link
