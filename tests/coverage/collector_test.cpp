// The coverage collector counts what the command and event streams show, reports outcomes the
// plan rules out, and attributes port samples to the phases of the command they fall in.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/command_builders.hpp"
#include "twinmatch/tools/coverage.hpp"

namespace {

using namespace twinmatch;
using tools::coverage::Collector;

std::uint64_t hits(const Collector& collector, const std::string& group, const std::string& name) {
  for (const tools::coverage::Bin& bin : collector.bins()) {
    if (bin.group == group && bin.name == name) return bin.hits;
  }
  FAIL("no bin " << group << "/" << name);
  return 0;
}

// Runs `commands` through the reference model with the collector watching.
void collect(Collector& collector, const std::vector<Command>& commands) {
  std::string error;
  const auto backend = tools::make_backend("ref", kHardwareConfig, {}, error);
  REQUIRE(backend);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(commands, events, metrics);
  collector.begin_stream();
  for (const Command& command : commands) collector.on_command(command);
  for (const Event& event : events) collector.on_event(event);
}

Event event(EventType type, std::uint64_t seq, std::uint64_t cmd_seq, Opcode opcode, bool last) {
  Event made{};
  made.type = static_cast<std::uint8_t>(type);
  made.flags = last ? kEventLast : 0;
  made.cmd_opcode = static_cast<std::uint8_t>(opcode);
  made.seq = seq;
  made.cmd_seq = cmd_seq;
  return made;
}

Command order(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity) {
  return tools::new_order_command({.handle = handle, .side = side, .price = price, .quantity = quantity,
                                   .account = 1});
}

} // namespace

TEST_CASE("outcomes, sweeps, levels and edges are counted from the streams") {
  Collector collector(kHardwareConfig, false);
  collect(collector, {order(1, Side::Sell, 10, 1), order(2, Side::Sell, 11, 1), order(3, Side::Buy, 11, 2),
                      tools::cancel_command(kHardwareConfig.handles), tools::cancel_command(1),
                      [] {
                        Command priced_cancel = tools::cancel_command(2);
                        priced_cancel.price = 10;
                        return priced_cancel;
                      }()});
  CHECK(hits(collector, "opcode x outcome", "NewOrder accepted") == 3);
  CHECK(hits(collector, "opcode x outcome", "Cancel rejected HandleOutOfRange") == 1);
  CHECK(hits(collector, "opcode x outcome", "Cancel rejected UnknownHandle") == 1);
  CHECK(hits(collector, "boundaries", "handle = handles rejected HandleOutOfRange") == 1);
  CHECK(hits(collector, "opcode x outcome", "Cancel rejected Malformed") == 1);
  CHECK(hits(collector, "malformed cause (one rule broken)", "a field the opcode does not use set") == 1);
  CHECK(hits(collector, "fills per command", "NewOrder 2-3") == 1);
  CHECK(hits(collector, "levels crossed per command", "NewOrder 2") == 1);
  CHECK(hits(collector, "fills per command", "NewOrder 0") == 2);
  CHECK(hits(collector, "level emptied / created", "created by NewOrder (rests)") == 2);
  CHECK(hits(collector, "level emptied / created", "emptied by NewOrder sweep") == 2);
  CHECK(hits(collector, "order type x tif x post-only x stp", "Limit Gtc plain None -> accepted") == 3);
  CHECK(hits(collector, "port phases (rtl)", "cancel: evt_ready low as it is accepted") == 0);
  const auto summary = collector.summary();
  CHECK(summary.unplanned.empty());
  CHECK(summary.hit < summary.reachable);
  CHECK(summary.unreachable > 0);
}

TEST_CASE("an outcome the plan rules out is reported, not counted") {
  Collector collector(kHardwareConfig, false);
  collector.on_command(tools::cancel_command(3));
  Event rejected = event(EventType::Rejected, 1, 1, Opcode::Cancel, true);
  rejected.reason = static_cast<std::uint8_t>(RejectReason::QuantityTooLarge);
  collector.on_event(rejected);
  const auto summary = collector.summary();
  REQUIRE(summary.unplanned.size() == 1);
  CHECK(summary.unplanned.front() == "opcode x outcome/Cancel rejected QuantityTooLarge");
}

TEST_CASE("port samples fall in the phase of the command whose events are leaving") {
  Collector collector(kHardwareConfig, true);
  collector.on_command(tools::cancel_command(kHardwareConfig.handles)); // rejected: one event
  collector.on_command(order(1, Side::Buy, 10, 1));                      // rests: two events
  collector.on_port_cycle({true, true, false, false});  // command 1 accepted with evt_ready low
  collector.on_port_cycle({true, true, false, true});   // command 2 accepted
  collector.on_port_cycle({false, true, true, true});   // input gap before command 1's event
  Event rejected = event(EventType::Rejected, 1, 1, Opcode::Cancel, true);
  rejected.reason = static_cast<std::uint8_t>(RejectReason::HandleOutOfRange);
  collector.on_event(rejected);
  collector.on_port_cycle({false, false, true, true}); // command 2 waits for its first event
  Event accepted = event(EventType::Accepted, 2, 2, Opcode::NewOrder, false);
  accepted.handle = 1;
  accepted.price = 10;
  accepted.quantity = accepted.remaining = 1;
  collector.on_event(accepted);
  collector.on_port_cycle({false, true, true, false}); // evt_ready low and a gap between its events
  Event level = event(EventType::LevelUpdate, 3, 2, Opcode::NewOrder, true);
  level.price = 10;
  level.level_quantity = level.order_count = 1;
  collector.on_event(level);

  const std::string ports = "port phases (rtl)";
  CHECK(hits(collector, ports, "rejected: evt_ready low as it is accepted") == 1);
  CHECK(hits(collector, ports, "rejected: input gap before its first event") == 1);
  CHECK(hits(collector, ports, "order without fill: evt_ready low as it is accepted") == 0);
  CHECK(hits(collector, ports, "order without fill: input gap before its first event") == 0);
  CHECK(hits(collector, ports, "order without fill: evt_ready low between its first and last event") == 1);
  CHECK(hits(collector, ports, "order without fill: input gap between its first and last event") == 1);
  CHECK(collector.summary().unplanned.empty());
}

// An iceberg replenished by a sweep that triggers a stop; a stop-limit modified and cancelled.
TEST_CASE("stop and iceberg bins are counted from the streams", "[protocol3]") {
  Collector collector(kHardwareConfig, false);
  const std::vector<Command> commands{
      tools::new_order_command({.symbol = 0, .handle = 1, .side = Side::Sell, .price = 100, .quantity = 10,
                                .account = 1, .iceberg = true, .aux = 3}),
      tools::new_order_command({.symbol = 0, .handle = 2, .side = Side::Buy, .type = OrderType::Stop,
                                .tif = TimeInForce::Ioc, .quantity = 2, .account = 2, .aux = 100}),
      tools::new_order_command({.symbol = 0, .handle = 3, .side = Side::Buy, .price = 100, .quantity = 7,
                                .account = 3}),
      tools::new_order_command({.symbol = 0, .handle = 4, .side = Side::Sell, .type = OrderType::StopLimit,
                                .price = 90, .quantity = 2, .account = 2, .aux = 50}),
      tools::modify_command(4, 91, 3, 40),
      tools::cancel_command(4),
  };
  collect(collector, commands);
  const std::string stops = "stop orders";
  const std::string icebergs = "iceberg orders";
  CHECK(hits(collector, icebergs, "accepted, peak < quantity") == 1);
  CHECK(hits(collector, icebergs, "rests") == 1);
  CHECK(hits(collector, icebergs, "replenished twice or more in one command") == 1);
  CHECK(hits(collector, stops, "Stop placed, pending") == 1);
  CHECK(hits(collector, stops, "stop triggered by a NewOrder's trades") == 1);
  CHECK(hits(collector, stops, "stop triggered as it is placed") == 0);
  CHECK(hits(collector, stops, "triggered Stop trades") == 1);
  CHECK(hits(collector, stops, "pending stop modified, stays pending") == 1);
  CHECK(hits(collector, stops, "pending stop cancelled by Cancel") == 1);
  CHECK(collector.summary().unplanned.empty());
}
