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

namespace {

// Icebergs replenished by sweeps, stops placed, triggered in a cascade, modified and cancelled.
const std::vector<Command> kStopSession = {
    iceberg(1, Side::Sell, 100, 10, 3), sell(2, 100, 2), sell(3, 102, 4), sell(4, 103, 6),
    stop(10, Side::Buy, 2, 103),        stop(11, Side::Buy, 3, 102),
    buy(5, 100, 6),                     buy(6, 102, 8),       // triggers 11, whose fill triggers 10
    sell(8, 105, 5),                    stop(13, Side::Buy, 1, 105), stop(14, Side::Buy, 1, 104),
    buy(9, 105, 4),                                            // triggers 13, then 14
    stop_limit(12, Side::Buy, 110, 3, 150), modify_stop(12, 109, 2, 140), snapshot(0),
    iceberg(7, Side::Buy, 90, 20, 4),   modify(7, 90, 12),   cancel(12), mass_cancel(0),
};

std::vector<Event> stop_session() {
  ref::ReferenceModel model(kConfig);
  std::vector<Event> events;
  for (const Command& command : kStopSession) model.apply(command, events);
  return events;
}

// Renumbers seq and cmd_seq from the records' places and command boundaries (last flags).
void renumber(std::vector<Event>& events) {
  std::uint64_t command = 1;
  for (std::size_t i = 0; i < events.size(); ++i) {
    events[i].seq = i + 1;
    events[i].cmd_seq = command;
    if (events[i].flags & kEventLast) ++command;
  }
}

std::size_t find_handle(const std::vector<Event>& events, EventType type, std::uint32_t handle) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].type == static_cast<std::uint8_t>(type) && events[i].handle == handle) return i;
  }
  FAIL("no such event");
  return 0;
}

} // namespace

TEST_CASE("the checker accepts a session of stops and icebergs", "[invariants][protocol3]") {
  const auto events = stop_session();
  REQUIRE(find(events, EventType::Replenished) > 0);
  REQUIRE(find_handle(events, EventType::StopTriggered, 10) > find_handle(events, EventType::StopTriggered, 11));
  REQUIRE(find_handle(events, EventType::StopTriggered, 14) > find_handle(events, EventType::StopTriggered, 13));
  REQUIRE(events[find_handle(events, EventType::StopTriggered, 13)].cmd_seq ==
          events[find_handle(events, EventType::StopTriggered, 14)].cmd_seq);
  const auto violation = check(events);
  INFO(violation.value_or(""));
  CHECK_FALSE(violation.has_value());
}

TEST_CASE("the checker catches planted faults of stops and icebergs", "[invariants][protocol3]") {
  auto events = stop_session();

  SECTION("a missing replenishment") {
    events.erase(events.begin() + static_cast<std::ptrdiff_t>(find(events, EventType::Replenished)));
    renumber(events);
    CHECK(check(events).has_value());
  }
  SECTION("a replenishment of more than the peak") {
    events[find(events, EventType::Replenished)].quantity += 1;
    CHECK(check(events).has_value());
  }
  SECTION("a level update that counts hidden quantity") {
    const std::size_t rests = find_handle(events, EventType::Accepted, 1) + 1;
    REQUIRE(events[rests].type == static_cast<std::uint8_t>(EventType::LevelUpdate));
    events[rests].level_quantity = 10;
    CHECK(check(events).has_value());
  }
  SECTION("a fill of more than an iceberg displays") {
    const std::size_t fill = find(events, EventType::Fill);
    REQUIRE(events[fill].maker_handle == 1);
    events[fill].quantity += 1;
    events[fill].remaining -= 1;
    events[fill].maker_remaining -= 1;
    CHECK(check(events).has_value());
  }
  SECTION("a triggered stop left pending") {
    // Command 8 ends before its stops run: both are left triggered.
    const std::size_t first = find_handle(events, EventType::StopTriggered, 11);
    std::size_t end = first;
    while ((events[end].flags & kEventLast) == 0) ++end;
    events.erase(events.begin() + static_cast<std::ptrdiff_t>(first),
                 events.begin() + static_cast<std::ptrdiff_t>(end + 1));
    events[first - 1].flags |= kEventLast;
    renumber(events);
    CHECK(check(events).has_value());
  }
  SECTION("stops that run out of placement order") {
    // Stops 13 and 14 trigger in one command and run 13 first: swapping their placements (two
    // single-event commands) makes 14 the older one, so 13 runs out of turn.
    std::swap(events[find_handle(events, EventType::StopAccepted, 13)],
              events[find_handle(events, EventType::StopAccepted, 14)]);
    renumber(events);
    CHECK(check(events).has_value());
  }
  SECTION("a stop that runs when its book's last trade does not trigger it") {
    const std::size_t placed = find_handle(events, EventType::StopAccepted, 10);
    const std::size_t run = find_handle(events, EventType::StopTriggered, 10);
    events[placed].aux = 200;
    events[run].aux = 200;
    CHECK(check(events).has_value());
  }
  SECTION("a handle both pending and resting") {
    events[find_handle(events, EventType::Accepted, 7)].handle = 12;
    CHECK(check(events).has_value());
  }
  SECTION("a cancel of a pending stop for the wrong quantity") {
    events[find_handle(events, EventType::Cancelled, 12)].quantity = 3;
    CHECK(check(events).has_value());
  }
}

TEST_CASE("the checker holds each book to stop_orders pending stops", "[invariants][protocol3]") {
  const auto events = stop_session();
  CoreConfig one_stop = kConfig;
  one_stop.stop_orders = 1;
  CHECK(InvariantChecker(one_stop).check_stream(events).has_value());
}
