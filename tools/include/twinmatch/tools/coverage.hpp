// Functional coverage of the matching core (docs/verification.md, "Functional coverage"): a
// collector that watches a command stream and its event stream (and, for the RTL harness, the
// core's port handshakes each cycle) and counts hits of the plan's bins. The semantic bins come
// from commands and events only, so the same collector serves every backend.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::tools::coverage {

// The core's handshake signals in one clock cycle, as sampled before the rising edge.
struct PortSample {
  bool cmd_valid = false;
  bool cmd_ready = false;
  bool evt_valid = false;
  bool evt_ready = false;
};

struct Bin {
  std::string group;
  std::string name;
  std::uint64_t hits = 0;
  std::string unreachable; // why no stimulus can hit it; empty for a reachable bin
};

struct Summary {
  std::size_t total = 0;
  std::size_t reachable = 0;
  std::size_t hit = 0;         // reachable bins hit at least once
  std::size_t unreachable = 0;
  std::vector<std::string> missed;    // reachable bins never hit
  std::vector<std::string> unplanned; // outcomes the plan says cannot happen, seen anyway
};

class Collector {
public:
  // `with_ports`: the run reports port samples (the RTL harness), so the port-phase bins count.
  Collector(const CoreConfig& config, bool with_ports);

  // A fresh core starts: sequence numbers, bands, levels and resting orders start over.
  void begin_stream();
  // Each command, in stream order, before any of its events.
  void on_command(const Command& command);
  // Each event, in order.
  void on_event(const Event& event);
  // Each clock cycle of an RTL run (after begin_stream, commands handed before they are taken).
  void on_port_cycle(const PortSample& sample);

  const std::vector<Bin>& bins() const { return bins_; }
  Summary summary() const;
  std::string text_report() const;
  std::string json_report() const;

private:
  struct OrderView {
    std::uint32_t price = 0;
    std::uint32_t open = 0;
  };
  struct Pending {
    Command command{};
    std::uint64_t events = 0;
    std::uint64_t fills = 0;
    std::vector<std::uint32_t> fill_prices;
    std::uint32_t rows = 0; // SnapshotRow events
    std::uint8_t order_side = 0; // Modify: the side of the modified order
    OrderView modified_from{};    // Modify: the order before the change
    bool has_modified_from = false;
    bool modified_stop = false;      // Modify: of a pending stop
    std::uint32_t taker = 0;         // the incoming order: the command's, then each stop run
    std::vector<std::uint32_t> triggered; // stops run by this command, in order
    std::uint32_t replenishments = 0;
    bool rejected = false;
    bool first_event_seen = false;
    // Port phases in which evt_ready was low / cmd_valid was low while cmd_ready was high.
    bool backpressure_accept = false;
    bool backpressure_wait = false;
    bool backpressure_body = false;
    bool gap_wait = false;
    bool gap_body = false;
  };

  void plan();
  void declare(const std::string& group, const std::string& name, const std::string& unreachable = {});
  void hit(const std::string& group, const std::string& name);
  void finish(Pending& pending, const Event& last);
  void finish_new_order(const Pending& pending);
  void finish_port_phases(const Pending& pending);
  void level_update(const Pending& pending, const Event& event);
  void stop_or_iceberg_event(Pending& pending, const Event& event);
  void finish_stops_and_icebergs(const Pending& pending);

  CoreConfig config_;
  bool with_ports_;
  std::vector<Bin> bins_;
  std::map<std::string, std::size_t> index_;
  std::vector<std::string> unplanned_;

  std::deque<Pending> pending_; // handed, not yet finished; front is cmd_seq retired_ + 1
  std::uint64_t retired_ = 0;
  std::uint64_t port_accepted_ = 0;
  std::vector<std::uint32_t> band_base_;                  // per symbol
  std::map<std::uint64_t, std::uint32_t> level_orders_;   // (symbol, side, price) -> orders
  std::map<std::uint32_t, OrderView> orders_;            // resting or in-flight orders by handle
  std::uint64_t live_orders_ = 0;                         // accepted minus terminal events
  std::map<std::uint32_t, std::uint8_t> pending_stops_;   // handle -> OrderType, while pending
  std::map<std::uint32_t, std::uint8_t> stop_types_;      // handle -> OrderType, once placed
  std::map<std::uint32_t, bool> icebergs_;                // live icebergs by handle
};

} // namespace twinmatch::tools::coverage
