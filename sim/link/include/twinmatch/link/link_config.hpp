// Parameters of the modelled PCIe link and card. The defaults are assumptions, stated with
// their source in docs/host.md; every one can be set per run (twinmatch run --opt key=value).
#pragma once

#include <cstdint>

namespace twinmatch::link {

struct LinkConfig {
  // PCIe Gen3 x8: 8 GT/s x 8 lanes x 128b/130b = 7.877 GB/s raw per direction.
  double bandwidth_gbytes_per_s = 7.877;
  // Card <-> root complex one way, through the PCIe cores and the host's memory path.
  double one_way_latency_ns = 500.0;
  std::uint32_t max_payload_bytes = 256;      // MPS
  std::uint32_t max_read_request_bytes = 512; // MRRS: largest single fetch of command records
  std::uint32_t tlp_overhead_bytes = 24;      // framing, sequence, 3-4 DW header, LCRC, DLLP share
  // Random stalls: before each TLP, with this probability, the link idles for up to stall_max_ns
  // (uniform); models replays and credit starvation. Off by default.
  double stall_probability = 0.0;
  double stall_max_ns = 2000.0;
};

struct CardConfig {
  double core_clock_mhz = 250.0;        // nominal core clock
  std::uint32_t command_fifo_depth = 32; // commands fetched ahead of the core
  std::uint32_t event_fifo_depth = 32;   // events between the core and the completion writer
  std::uint32_t write_burst_events = 8;  // most events one completion write carries
  // Random core back-pressure: before each event beat, with this probability, the core's event
  // output is held (ready low) for 1..core_stall_max_cycles cycles. Off by default.
  double core_stall_probability = 0.0;
  std::uint32_t core_stall_max_cycles = 16;
};

} // namespace twinmatch::link
