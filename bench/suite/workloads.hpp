// The benchmark workloads, defined once for the Google Benchmark suite and `twinmatch report`.
//
// A backend runs a whole stream on a fresh core (tools/.../backend.hpp), so the cost of one kind
// of command is measured as a difference: a probe is a `base` stream (which builds the book) and
// a `full` stream = base + `ops` commands of one kind. Both are run; (full - base) / ops is the
// cost per command of that kind: wall time, allocations, and simulated cycles. Streams come from
// the shared generator (tools::generate) with fixed seeds; the measured commands are derived
// from the book the generated stream leaves, using the reference model, before any timing.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::bench {

struct Probe {
  std::string metric;    // report metric stem: "place_order" -> place_order_ns
  std::string benchmark; // Google Benchmark family: "BM_PlaceOrder"
  std::string note;      // what one measured command is, for the report
  CoreConfig config{};
  std::vector<Command> base;
  std::vector<Command> full; // base, then `ops` commands of the measured kind
  std::size_t ops = 0;
};

// Matching throughput: the generator's Volatile session (many sweeps) on an empty base.
Probe throughput_probe(const CoreConfig& config);
// Order placement: non-crossing GTC limit orders that rest, on the generator's Quiet deep book.
Probe placement_probe(const CoreConfig& config);
// Order cancel: the orders placement_probe placed, cancelled in an interleaved order.
Probe cancel_probe(const CoreConfig& config);
// Book scan: full-depth snapshots (depth 0) of symbol 0, whose book is the Quiet book with every
// price in a window of `levels` prices filled, so at least `levels` levels are non-empty.
Probe scan_probe(const CoreConfig& config, std::uint32_t levels, std::string metric,
                 std::string benchmark);

// The standard set on kHardwareConfig, which every backend runs.
std::vector<Probe> standard_probes();
// The deep scan on kCpuConfig (1,000 levels): for backends that accept that configuration.
Probe deep_scan_probe();

// Describes the workload for the report header.
std::string describe_workloads();

} // namespace twinmatch::bench
