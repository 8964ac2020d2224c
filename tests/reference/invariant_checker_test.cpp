// The invariant checker passes the reference model's events and catches planted faults.
#include <catch2/catch.hpp>

#include "reference_model.hpp"
#include "support/commands.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

using namespace twinmatch;
using namespace twinmatch::test;
using twinmatch::tools::InvariantChecker;

namespace {

constexpr CoreConfig kConfig{2, 200, 64, 1000};

std::vector<Event> session() {
  const std::vector<Command> commands = {
      buy(1, 99, 10),        sell(2, 101, 5),        sell(3, 101, 7),     buy(4, 102, 9),
      modify(3, 103, 7),     buy(5, 98, 4, 2),       market(6, Side::Sell, 12),
      buy(7, 97, 3),         snapshot(0),            cancel(7),           cancel(7),
      sell(8, 104, 1, 3),    mass_cancel(0),         buy(1, 50, 1),
  };
  ref::ReferenceModel model(kConfig);
  std::vector<Event> events;
  for (const Command& command : commands) model.apply(command, events);
  return events;
}

std::optional<std::string> check(const std::vector<Event>& events) {
  return InvariantChecker(kConfig).check_stream(events);
}

std::size_t find(const std::vector<Event>& events, EventType type) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].type == static_cast<std::uint8_t>(type)) return i;
  }
  FAIL("no such event");
  return 0;
}

} // namespace

TEST_CASE("the checker accepts the reference model's session", "[invariants]") {
  const auto events = session();
  REQUIRE(events.size() > 30);
  const auto violation = check(events);
  INFO(violation.value_or(""));
  CHECK_FALSE(violation.has_value());
}

TEST_CASE("the checker catches planted faults", "[invariants]") {
  const auto good = session();
  auto events = good;

  SECTION("a missing level update") {
    events.erase(events.begin() + static_cast<std::ptrdiff_t>(find(events, EventType::LevelUpdate)));
    for (std::size_t i = 0; i < events.size(); ++i) events[i].seq = i + 1;
    events[0].flags |= kEventLast; // keep the command framing intact
    CHECK(check(events).has_value());
  }
  SECTION("a fill at the taker's price") {
    events[find(events, EventType::Fill)].price = 102;
    CHECK(check(events).has_value());
  }
  SECTION("a fill quantity that does not add up") {
    events[find(events, EventType::Fill)].quantity += 1;
    CHECK(check(events).has_value());
  }
  SECTION("a skipped sequence number") {
    events[5].seq += 1;
    CHECK(check(events).has_value());
  }
  SECTION("a lost last flag") {
    events[1].flags = 0;
    CHECK(check(events).has_value());
  }
  SECTION("a wrong snapshot row") {
    events[find(events, EventType::SnapshotRow)].level_quantity += 1;
    CHECK(check(events).has_value());
  }
  SECTION("a cancel of the wrong quantity") {
    events[find(events, EventType::Cancelled)].quantity -= 1;
    CHECK(check(events).has_value());
  }
}
