// Per-command cycles of an RTL run: when each command was accepted at the port, when the core
// started on it, when its first and last events left the core, and the per-opcode summary of
// its cycles (docs/rtl.md, "Waveforms and per-command cycles").
// A command's cycles are last event - start, where it starts at its accept or at the previous
// command's last event, whichever is later: the port takes the next command into its skid while
// the core works on the current one, and the cycle that emits a command's last event also
// accepts the next. So a command's cycles are the core's time on it (the FSM table of
// docs/rtl.md), without its wait in the skid, and a stream's add up to the core's busy cycles.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "twinmatch/sim/latency_histogram.hpp"

namespace twinmatch::sim {

struct CommandCycles {
  std::uint64_t seq = 0;
  std::uint8_t opcode = 0;          // as sent, so a malformed opcode is its own row
  std::uint64_t accept_cycle = 0;   // cycles count from 0 at reset release
  std::uint64_t first_event_cycle = 0;
  std::uint64_t last_event_cycle = 0;
  std::uint64_t events = 0;
  std::uint64_t start_cycle = 0;    // max(accept, the previous command's last event)
  std::uint64_t cycles() const { return last_event_cycle - start_cycle; }
};

// "NewOrder" .. "SetBand"; any other byte as "op0x63" (its row of a malformed command).
std::string opcode_label(std::uint8_t opcode);

class OpcodeCycles {
public:
  void add(const CommandCycles& command);

  struct Row {
    std::uint8_t opcode;
    std::uint64_t count;
    double mean;
    std::uint32_t p50; // nearest rank
    std::uint32_t p99;
    std::uint32_t max;
  };
  // One row per opcode seen, by opcode.
  std::vector<Row> rows() const;

private:
  struct PerOpcode {
    LatencyHistogram cycles;
    std::uint64_t sum = 0;
  };
  std::array<PerOpcode, 256> by_opcode_{};
};

// The CSV of every command's cycles, written as commands complete (bounded memory).
class CycleLogFile {
public:
  // Throws std::runtime_error if `path` cannot be written.
  explicit CycleLogFile(const std::string& path);
  void write(const CommandCycles& command);
  void close(); // throws if the file could not be written in full

private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::string path_;
  std::unique_ptr<std::FILE, Closer> file_;
};

} // namespace twinmatch::sim
