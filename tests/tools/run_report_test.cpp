// The tally counts what the events say, and the JSON report carries it with the run's figures.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "twinmatch/tools/run_report.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

Event event(EventType type, std::uint8_t reason = 0, std::uint32_t quantity = 0) {
  Event e{};
  e.type = static_cast<std::uint8_t>(type);
  e.reason = reason;
  e.quantity = quantity;
  return e;
}

std::vector<Event> sample_events() {
  return {
      event(EventType::Accepted, 0, 10),
      event(EventType::Fill, 0, 4),
      event(EventType::Fill, 0, 6),
      event(EventType::Cancelled, static_cast<std::uint8_t>(CancelReason::SelfTrade), 3),
      event(EventType::Rejected, static_cast<std::uint8_t>(RejectReason::HandleInUse)),
      event(EventType::Rejected, static_cast<std::uint8_t>(RejectReason::HandleInUse)),
      event(EventType::Rejected, 0),   // reason the protocol does not define
      event(static_cast<EventType>(42)), // type the protocol does not define
  };
}

} // namespace

TEST_CASE("the tally counts types, reasons and traded quantity", "[report]") {
  const EventTally tally = tally_events(sample_events());
  CHECK(tally.events_by_type[static_cast<std::size_t>(EventType::Accepted)] == 1);
  CHECK(tally.events_by_type[static_cast<std::size_t>(EventType::Fill)] == 2);
  CHECK(tally.events_by_type[static_cast<std::size_t>(EventType::Rejected)] == 3);
  CHECK(tally.rejects_by_reason[static_cast<std::size_t>(RejectReason::HandleInUse)] == 2);
  CHECK(tally.cancels_by_reason[static_cast<std::size_t>(CancelReason::SelfTrade)] == 1);
  CHECK(tally.filled_quantity == 10);
  CHECK(tally.undefined == 2);
}

TEST_CASE("the JSON report carries the run, the tally and the backend's metrics", "[report]") {
  RunRecord run;
  run.backend = "ref";
  run.config = kHardwareConfig;
  run.commands = 1000;
  run.events = sample_events().size();
  run.tally = tally_events(sample_events());
  run.wall_seconds = 0.5;
  run.metrics = {{"cycles_per_command", 3.5}, {"p99_latency_ns", 120.0}};

  const nlohmann::json report = nlohmann::json::parse(run_report_json(run));
  CHECK(report["backend"] == "ref");
  CHECK(report["config"]["price_levels"] == 256);
  CHECK(report["config"]["handles"] == 4096);
  CHECK(report["commands"] == 1000);
  CHECK(report["events"] == 8);
  CHECK(report["events_by_type"]["Fill"] == 2);
  CHECK(report["events_by_type"]["MassCancelDone"] == 0);
  CHECK(report["rejects_by_reason"]["HandleInUse"] == 2);
  CHECK(report["rejects_by_reason"]["Malformed"] == 0);
  CHECK(report["cancels_by_reason"]["SelfTrade"] == 1);
  CHECK(report["filled_quantity"] == 10);
  CHECK(report["undefined_events"] == 2);
  CHECK(report["wall_time_s"] == 0.5);
  CHECK(report["throughput_commands_per_s"] == 2000.0);
  CHECK(report["metrics"]["cycles_per_command"] == 3.5);
  CHECK(report["metrics"]["p99_latency_ns"] == 120.0);
}

TEST_CASE("a run that took no measurable time reports no throughput", "[report]") {
  RunRecord run;
  run.commands = 10;
  CHECK(commands_per_second(run) == 0.0);
}
