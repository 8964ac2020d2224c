// Per-command cycles of an RTL run: when each command was accepted, when its first and last
// events left the core, and the per-opcode summary of those cycles (docs/rtl.md, "Cycles per
// command"). A command's cycles are last event - accept: the cycle that emits a command's last
// event also accepts the next, so on a back-to-back stream they add up to the run's cycles.
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
  std::uint64_t cycles() const { return last_event_cycle - accept_cycle; }
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
