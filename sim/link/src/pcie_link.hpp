// One direction of the PCIe link as a transaction-level pipe: a TLP occupies the wire for
// (payload + overhead) / bandwidth, TLPs leave in order, and each arrives one-way latency after
// its last byte left. Arrival runs the TLP's action (a register write, a memory write, a read
// completion landing in the card), in order.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <random>

#include <systemc>

#include "twinmatch/link/link_config.hpp"

namespace twinmatch::link {

class PcieDirection : public sc_core::sc_module {
public:
  explicit PcieDirection(const sc_core::sc_module_name& name);

  // Before a run: parameters, a fresh random stream, an idle wire.
  void configure(const LinkConfig& config, std::uint64_t seed);

  // Queues one TLP carrying `payload_bytes` (at most the MPS; 0 for a read request).
  // Returns the time its last byte leaves the sender.
  sc_core::sc_time send(std::uint32_t payload_bytes, std::function<void()> on_arrival);

  std::uint64_t tlps() const { return tlps_; }
  std::uint64_t wire_bytes() const { return wire_bytes_; }
  bool idle() const { return in_flight_.empty(); }

private:
  struct Tlp {
    sc_core::sc_time arrival;
    std::function<void()> on_arrival;
  };

  void deliver();

  LinkConfig config_;
  std::mt19937_64 random_;
  std::deque<Tlp> in_flight_;
  sc_core::sc_event sent_;
  sc_core::sc_time wire_free_;
  std::uint64_t tlps_ = 0;
  std::uint64_t wire_bytes_ = 0;
};

} // namespace twinmatch::link
