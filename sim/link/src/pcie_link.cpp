#include "pcie_link.hpp"

#include <cassert>
#include <utility>

namespace twinmatch::link {

using sc_core::sc_time;
using sc_core::SC_NS;

PcieDirection::PcieDirection(const sc_core::sc_module_name& name) : sc_module(name) {
  SC_HAS_PROCESS(PcieDirection);
  SC_THREAD(deliver);
}

void PcieDirection::configure(const LinkConfig& config, std::uint64_t seed) {
  assert(in_flight_.empty());
  config_ = config;
  random_.seed(seed);
  wire_free_ = sc_core::SC_ZERO_TIME;
  tlps_ = 0;
  wire_bytes_ = 0;
}

sc_time PcieDirection::send(std::uint32_t payload_bytes, std::function<void()> on_arrival) {
  assert(payload_bytes <= config_.max_payload_bytes);
  sc_time start = std::max(sc_core::sc_time_stamp(), wire_free_);
  if (config_.stall_probability > 0.0) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(random_) < config_.stall_probability) {
      start += sc_time(unit(random_) * config_.stall_max_ns, SC_NS);
    }
  }
  const std::uint32_t bytes = payload_bytes + config_.tlp_overhead_bytes;
  // GB/s is bytes per ns.
  wire_free_ = start + sc_time(bytes / config_.bandwidth_gbytes_per_s, SC_NS);
  in_flight_.push_back({wire_free_ + sc_time(config_.one_way_latency_ns, SC_NS),
                        std::move(on_arrival)});
  ++tlps_;
  wire_bytes_ += bytes;
  sent_.notify(sc_core::SC_ZERO_TIME);
  return wire_free_;
}

void PcieDirection::deliver() {
  for (;;) {
    while (in_flight_.empty()) wait(sent_);
    const sc_time arrival = in_flight_.front().arrival;
    if (arrival > sc_core::sc_time_stamp()) wait(arrival - sc_core::sc_time_stamp());
    std::function<void()> on_arrival = std::move(in_flight_.front().on_arrival);
    in_flight_.pop_front();
    on_arrival();
  }
}

} // namespace twinmatch::link
