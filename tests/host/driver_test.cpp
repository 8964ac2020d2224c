// The driver's rings, doorbell and completion checks, against a card without time.
#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

#include "loopback_device.hpp"
#include "reference_run.hpp"
#include "support/commands.hpp"
#include "twinmatch/host/driver.hpp"

namespace twinmatch::test {
namespace {

struct CollectingSink final : host::CompletionSink {
  void on_event(const Event& event) override { events.push_back(event); }
  void on_command_complete(std::uint64_t cmd_seq) override { completed.push_back(cmd_seq); }
  std::vector<Event> events;
  std::vector<std::uint64_t> completed;
};

// A book of 40 resting sells that one buy sweeps: commands with many events each.
std::vector<Command> sweeping_session() {
  std::vector<Command> commands;
  for (std::uint32_t handle = 0; handle < 40; ++handle) {
    commands.push_back(sell(handle, 100 + handle % 8, 10 + handle));
  }
  commands.push_back(snapshot(0));
  commands.push_back(buy(50, 103, 300));
  commands.push_back(cancel(7));  // already filled: UnknownHandle
  commands.push_back(modify(39, 101, 5));
  commands.push_back(mass_cancel(0));
  commands.push_back(snapshot(0));
  return commands;
}

} // namespace

TEST_CASE("driver: every event comes back once and in order through 2-entry rings") {
  const std::vector<Command> commands = sweeping_session();
  const std::vector<Event> expected = reference_events(kHardwareConfig, commands);
  REQUIRE(expected.size() > 100); // many laps of a 2-slot completion ring

  for (const std::uint32_t entries : {1u, 2u, 4u}) {
    CAPTURE(entries);
    LoopbackDevice device(kHardwareConfig);
    CollectingSink sink;
    host::Driver driver({entries, entries, 1, true}, device, sink);
    device.attach(driver.rings());
    for (const Command& command : commands) {
      REQUIRE(driver.submit(command) == host::SubmitStatus::Ok);
      REQUIRE(driver.outstanding() <= entries);
    }
    REQUIRE(driver.drain() == host::SubmitStatus::Ok);
    CHECK(driver.fault().empty());
    CHECK(same_bytes(sink.events, expected));
    CHECK(device.max_completion_occupancy() <= entries);
    REQUIRE(sink.completed.size() == commands.size());
    for (std::size_t i = 0; i < sink.completed.size(); ++i) CHECK(sink.completed[i] == i + 1);
  }
}

TEST_CASE("driver: a fresh completion ring holds nothing to read") {
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({4, 4, 1, false}, device, sink);
  device.attach(driver.rings());
  CHECK(driver.poll() == 0);
  // A slot written with the second lap's phase is stale on the first lap.
  driver.rings().completion[0] = {Event{}, host::phase_of(4, 4)};
  CHECK(driver.poll() == 0);
  CHECK(sink.events.empty());
}

TEST_CASE("driver: the phase bit alternates per lap, also across the 32-bit index wrap") {
  for (const std::uint32_t entries : {1u, 2u, 1024u, 1u << 30}) {
    CAPTURE(entries);
    CHECK(host::phase_of(0, entries) == 1);
    CHECK(host::phase_of(entries - 1, entries) == 1);
    CHECK(host::phase_of(entries, entries) == 0);
    CHECK(host::phase_of(2 * entries - 1, entries) == 0);
    // Index 2^32 - 1 is the last slot of an odd-numbered (second, fourth, ...) lap; 0 follows.
    CHECK(host::phase_of(0xFFFFFFFFu, entries) == 0);
  }
}

TEST_CASE("driver: non-blocking submit returns Busy on a full ring and writes nothing") {
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({4, 8, 1, false}, device, sink);
  device.attach(driver.rings());
  device.hold(true);
  for (std::uint32_t handle = 0; handle < 4; ++handle) {
    REQUIRE(driver.submit(buy(handle, 10, 1)) == host::SubmitStatus::Ok);
  }
  const Command slot_before = driver.rings().submission[0];
  CHECK(driver.submit(buy(4, 10, 1)) == host::SubmitStatus::Busy);
  CHECK(std::memcmp(&driver.rings().submission[0], &slot_before, sizeof(Command)) == 0);
  CHECK(driver.submitted() == 4);

  device.process();
  CHECK(driver.submit(buy(4, 10, 1)) == host::SubmitStatus::Ok);
  device.process();
  REQUIRE(driver.poll() == 2); // Accepted, LevelUpdate
  CHECK(driver.completed() == 5);
  CHECK(sink.events[sink.events.size() - 2].handle == 4); // its Accepted
}

TEST_CASE("driver: the doorbell rings once per batch, and flush rings for the rest") {
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({16, 16, 4, false}, device, sink);
  device.attach(driver.rings());
  device.hold(true);
  for (std::uint32_t handle = 0; handle < 10; ++handle) {
    REQUIRE(driver.submit(buy(handle, 10, 1)) == host::SubmitStatus::Ok);
  }
  CHECK(device.doorbells() == std::vector<std::uint32_t>{4, 8});
  driver.flush();
  driver.flush();
  CHECK(device.doorbells() == std::vector<std::uint32_t>{4, 8, 10});
  CHECK(driver.doorbells() == 3);
}

TEST_CASE("driver: a full ring of unannounced commands is announced before the driver waits") {
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({2, 2, 8, true}, device, sink); // batch larger than the ring
  device.attach(driver.rings());
  for (std::uint32_t handle = 0; handle < 5; ++handle) {
    REQUIRE(driver.submit(buy(handle, 10, 1)) == host::SubmitStatus::Ok);
  }
  REQUIRE(driver.drain() == host::SubmitStatus::Ok);
  CHECK(driver.completed() == 5);
}

TEST_CASE("driver: a broken completion stream is a fault, reported and not consumed") {
  const std::vector<Command> commands = sweeping_session();
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({64, 64, 1, true}, device, sink);
  device.attach(driver.rings());
  // Every sell of the session causes Accepted then LevelUpdate (last): seq 3 is command 2's first.
  std::uint64_t seen = 0;
  std::string expected_fault;
  std::size_t delivered = 2;

  SECTION("a dropped event leaves a gap in seq") {
    device.tamper = [&](Event&) { return ++seen != 3; };
    expected_fault = "event seq 4 arrived where seq 3 was due";
  }
  SECTION("an event naming another command") {
    device.tamper = [&](Event& event) {
      if (++seen == 3) event.cmd_seq = 9;
      return true;
    };
    expected_fault = "event seq 3 names command 9, but command 2 is the oldest open one";
  }
  SECTION("an event with another opcode") {
    device.tamper = [&](Event& event) {
      if (++seen == 3) event.cmd_opcode = static_cast<std::uint8_t>(Opcode::Cancel);
      return true;
    };
    expected_fault = "event seq 3 carries opcode 2, command 2 was opcode 1";
  }
  SECTION("a missing last flag: the next command's event arrives while this one is open") {
    device.tamper = [&](Event& event) {
      if (++seen == 2) event.flags = 0;
      return true;
    };
    expected_fault = "event seq 3 names command 2, but command 1 is the oldest open one";
  }
  SECTION("a spurious last flag: the rest of the command arrives after it closed") {
    device.tamper = [&](Event& event) {
      if (++seen == 3) event.flags = kEventLast;
      return true;
    };
    expected_fault = "event seq 4 names command 2, but command 3 is the oldest open one";
    delivered = 3;
  }

  host::SubmitStatus status = host::SubmitStatus::Ok;
  for (const Command& command : commands) {
    status = driver.submit(command);
    if (status != host::SubmitStatus::Ok) break;
  }
  if (status == host::SubmitStatus::Ok) status = driver.drain();
  CHECK(status == host::SubmitStatus::Fault);
  CHECK(driver.fault() == expected_fault);
  CHECK(sink.events.size() == delivered);
  CHECK(driver.submit(buy(1000, 1, 1)) == host::SubmitStatus::Fault);
}

TEST_CASE("driver: ring and window sizes must be powers of two and the batch at least one") {
  CHECK_FALSE(host::validate({256, 1024, 1, true}));
  CHECK(host::validate({3, 4, 1, true}));
  CHECK(host::validate({4, 0, 1, true}));
  CHECK(host::validate({4, 4, 0, true}));
  CHECK_FALSE(host::validate({4, 4, 1, true, host::SubmitMode::Pio, 1}));
  CHECK(host::validate({4, 4, 1, true, host::SubmitMode::Pio, 6}));
  CHECK(host::validate({4, 4, 1, true, host::SubmitMode::Pio, 2048}));
}

namespace {

// Announcements cover the submission indices once each and in order: each starts where the one
// before ended, whichever way it went, so a card that takes commands in index order from its
// window or from the ring sees them in submission order.
void check_announced_in_order(const LoopbackDevice& device, std::uint32_t submitted) {
  std::uint32_t end = 0;
  for (const LoopbackDevice::Announcement& announcement : device.announcements()) {
    CHECK(announcement.first == end);
    CHECK(announcement.end > announcement.first);
    end = announcement.end;
  }
  CHECK(end == submitted);
}

} // namespace

TEST_CASE("driver: pio mode writes every command into the window while it has room") {
  const std::vector<Command> commands = sweeping_session();
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({64, 64, 1, true, host::SubmitMode::Pio, 64}, device, sink);
  device.attach(driver.rings());
  for (const Command& command : commands) {
    REQUIRE(driver.submit(command) == host::SubmitStatus::Ok);
    device.process(); // the card keeps up: the window never fills
    driver.poll();
  }
  REQUIRE(driver.drain() == host::SubmitStatus::Ok);
  CHECK(same_bytes(sink.events, reference_events(kHardwareConfig, commands)));
  CHECK(device.doorbells().empty());
  CHECK(device.taken_from_ring() == 0);
  CHECK(driver.window_commands() == commands.size());
  CHECK(driver.window_writes() == commands.size());
  CHECK(driver.window_full_commands() == 0);
  CHECK(driver.doorbells() == 0);
  check_announced_in_order(device, static_cast<std::uint32_t>(commands.size()));
}

TEST_CASE("driver: a full window makes a non-blocking submit return Busy and write nothing") {
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({8, 16, 1, false, host::SubmitMode::Pio, 2}, device, sink);
  device.attach(driver.rings());
  device.hold(true);
  REQUIRE(driver.submit(buy(0, 10, 1)) == host::SubmitStatus::Ok);
  REQUIRE(driver.submit(buy(1, 10, 1)) == host::SubmitStatus::Ok);
  const Command slot_before = driver.rings().submission[2];
  CHECK(driver.submit(buy(2, 10, 1)) == host::SubmitStatus::Busy);
  CHECK(std::memcmp(&driver.rings().submission[2], &slot_before, sizeof(Command)) == 0);
  CHECK(driver.submitted() == 2);
  CHECK(device.doorbells().empty());
  device.process();
  CHECK(driver.submit(buy(2, 10, 1)) == host::SubmitStatus::Ok); // polled: a slot came free
  device.hold(false);
  REQUIRE(driver.drain() == host::SubmitStatus::Ok);
  const std::vector<Command> commands{buy(0, 10, 1), buy(1, 10, 1), buy(2, 10, 1)};
  CHECK(same_bytes(sink.events, reference_events(kHardwareConfig, commands)));
  CHECK(driver.window_commands() == 3);
  CHECK(driver.window_full_commands() == 0);
  CHECK(device.taken_from_ring() == 0);
}

TEST_CASE("driver: a blocking submit waits for window room, and every command uses the window") {
  const std::vector<Command> commands = sweeping_session();
  for (const std::uint32_t window : {1u, 2u, 4u}) {
    CAPTURE(window);
    LoopbackDevice device(kHardwareConfig);
    CollectingSink sink;
    host::Driver driver({8, 4, 3, true, host::SubmitMode::Pio, window}, device, sink);
    device.attach(driver.rings());
    for (const Command& command : commands) {
      REQUIRE(driver.submit(command) == host::SubmitStatus::Ok);
      REQUIRE(driver.outstanding() <= window);
    }
    REQUIRE(driver.drain() == host::SubmitStatus::Ok);
    CHECK(same_bytes(sink.events, reference_events(kHardwareConfig, commands)));
    CHECK(device.taken_from_ring() == 0);
    CHECK(device.max_window_span() <= window);
    CHECK(driver.window_commands() == commands.size());
    check_announced_in_order(device, static_cast<std::uint32_t>(commands.size()));
  }
}

TEST_CASE("driver: with window_full=ring a full window sends the rest through the ring, in "
          "order, and loses nothing") {
  LoopbackDevice device(kHardwareConfig);
  CollectingSink sink;
  host::Driver driver({8, 16, 1, false, host::SubmitMode::Pio, 2, host::WindowFull::Ring},
                      device, sink);
  device.attach(driver.rings());
  device.hold(true); // the card runs nothing until process()
  std::vector<Command> commands;
  for (std::uint32_t handle = 0; handle < 6; ++handle) {
    commands.push_back(buy(handle, 10, 1));
    REQUIRE(driver.submit(commands.back()) == host::SubmitStatus::Ok);
  }
  // Two slots of window: commands 0 and 1 went there; 2 to 5 found it full and were announced
  // with a doorbell each.
  CHECK(driver.window_commands() == 2);
  CHECK(driver.window_full_commands() == 4);
  CHECK(device.doorbells() == std::vector<std::uint32_t>{3, 4, 5, 6});
  device.process();
  CHECK(device.taken_from_ring() == 4);
  REQUIRE(driver.poll() == 12); // Accepted, LevelUpdate each
  // The window is free again: the next commands go there, after the ring's.
  for (std::uint32_t handle = 6; handle < 8; ++handle) {
    commands.push_back(buy(handle, 10, 1));
    REQUIRE(driver.submit(commands.back()) == host::SubmitStatus::Ok);
  }
  CHECK(driver.window_commands() == 4);
  device.hold(false);
  REQUIRE(driver.drain() == host::SubmitStatus::Ok);
  CHECK(device.taken_from_ring() == 4);
  CHECK(same_bytes(sink.events, reference_events(kHardwareConfig, commands)));
  CHECK(device.max_window_span() <= 2);
  check_announced_in_order(device, 8);
}

TEST_CASE("driver: with window_full=ring window and ring submissions interleave in order under "
          "any window size") {
  const std::vector<Command> commands = sweeping_session();
  const std::vector<Event> expected = reference_events(kHardwareConfig, commands);
  for (const std::uint32_t window : {1u, 2u, 4u, 16u}) {
    for (const std::uint32_t batch : {1u, 3u}) {
      CAPTURE(window, batch);
      LoopbackDevice device(kHardwareConfig);
      CollectingSink sink;
      host::Driver driver(
          {8, 4, batch, true, host::SubmitMode::Pio, window, host::WindowFull::Ring}, device,
          sink);
      device.attach(driver.rings());
      // The card runs only when the driver waits, so the window fills and both paths are used.
      for (const Command& command : commands) {
        REQUIRE(driver.submit(command) == host::SubmitStatus::Ok);
      }
      REQUIRE(driver.drain() == host::SubmitStatus::Ok);
      CHECK(same_bytes(sink.events, expected));
      CHECK(device.max_window_span() <= window);
      CHECK(driver.window_commands() + device.taken_from_ring() == commands.size());
      if (window < 8) {
        CHECK(driver.window_full_commands() > 0);
        CHECK(device.taken_from_ring() > 0);
      }
      CHECK(driver.window_commands() > 0);
      check_announced_in_order(device, static_cast<std::uint32_t>(commands.size()));
    }
  }
}

} // namespace twinmatch::test
