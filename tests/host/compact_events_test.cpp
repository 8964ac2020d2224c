// The compact link encoding of events (host/compact_events.hpp): lossless for any event stream,
// smaller than a completion slot for the events cores emit, and every malformed record refused
// with a reason, both by the decoder and by the driver that drains a compact completion ring.
#include <array>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "loopback_device.hpp"
#include "reference_run.hpp"
#include "support/commands.hpp"
#include "twinmatch/host/compact_events.hpp"
#include "twinmatch/host/driver.hpp"
#include "twinmatch/host/order_gateway.hpp"

namespace twinmatch::test {
namespace {

using Record = std::array<std::uint8_t, host::kCompactMaxRecordBytes>;

// A session whose events include every event type.
std::vector<Command> every_event_type_session() {
  std::vector<Command> commands;
  for (std::uint32_t handle = 0; handle < 12; ++handle) {
    commands.push_back(sell(handle, 100 + handle % 4, 10 + handle));
  }
  commands.push_back(snapshot(0));
  commands.push_back(buy(20, 102, 60)); // fills, level updates
  commands.push_back(cancel(0));        // already filled: Rejected
  commands.push_back(modify(11, 101, 5));
  commands.push_back(mass_cancel(0));
  commands.push_back(set_band(1, 128));
  return commands;
}

struct CollectingSink final : host::CompletionSink {
  void on_event(const Event& event) override { events.push_back(event); }
  std::vector<Event> events;
};

// A driver with compact events, 4 submission slots and `lines` of completion ring, over a
// loopback card.
struct CompactDriver {
  static host::DriverConfig config(std::uint32_t lines, std::uint32_t batch, bool blocking) {
    host::DriverConfig config{4, lines, batch, blocking};
    config.event_encoding = host::EventEncoding::Compact;
    return config;
  }
  CompactDriver(std::uint32_t lines, std::uint32_t batch, bool blocking)
      : device(kHardwareConfig), driver(config(lines, batch, blocking), device, sink) {
    device.attach(driver.rings());
  }
  LoopbackDevice device;
  CollectingSink sink;
  host::Driver driver;
};

// Encodes `events` into one buffer, then decodes it back.
std::vector<Event> round_trip(const std::vector<Event>& events, std::vector<std::uint32_t>& sizes) {
  host::CompactEncoder encoder;
  std::vector<std::uint8_t> wire;
  for (const Event& event : events) {
    Record record{};
    const std::uint32_t predicted = encoder.record_bytes(event);
    const std::uint32_t size = encoder.encode(event, record.data());
    REQUIRE(size == predicted);
    REQUIRE(size % 4 == 0);
    sizes.push_back(size);
    wire.insert(wire.end(), record.begin(), record.begin() + size);
  }
  host::CompactDecoder decoder;
  std::vector<Event> decoded;
  for (std::size_t at = 0; at < wire.size();) {
    Event event{};
    const auto result = decoder.decode(std::span(wire).subspan(at), event);
    INFO(result.error);
    REQUIRE(result.bytes == sizes[decoded.size()]);
    decoded.push_back(event);
    at += result.bytes;
  }
  return decoded;
}

std::uint32_t encode_one(host::CompactEncoder& encoder, const Event& event, Record& record) {
  record = {};
  return encoder.encode(event, record.data());
}

} // namespace

TEST_CASE("compact events: every event type decodes back to the same 64 bytes, in fewer") {
  const std::vector<Event> events = reference_events(kHardwareConfig, every_event_type_session());
  std::set<std::uint8_t> types;
  for (const Event& event : events) types.insert(event.type);
  REQUIRE(types.size() == host::kCompactLastType); // every type, 1 .. 10

  std::vector<std::uint32_t> sizes;
  CHECK(same_bytes(round_trip(events, sizes), events));
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO("event " << i << " type " << int{events[i].type});
    CHECK(sizes[i] <= 36); // the header and at most 7 words: never a full record here
    switch (static_cast<EventType>(events[i].type)) {
    case EventType::Accepted: CHECK(sizes[i] <= 24); break; // handle price quantity remaining
    case EventType::LevelUpdate: // price, then level_quantity and order_count unless emptied
      CHECK(sizes[i] == (events[i].order_count == 0 ? 12 : 24));
      break;
    case EventType::Fill: CHECK(sizes[i] <= 32); break;
    default: break;
    }
  }
}

TEST_CASE("compact events: what the compact form cannot carry goes as a full record, losslessly") {
  std::vector<Event> events = reference_events(kHardwareConfig, every_event_type_session());
  REQUIRE(events.size() > 20);
  events[3].seq += 5;      // numbering that is not implicit ...
  events[4].seq += 5;      // (then implicit again from there)
  events[7].cmd_seq = 99;  // a command number out of order
  events[9].reserved0 = 1; // nonzero reserved bytes
  events[11].aux = 0x80000000u;
  events[13].type = 0;     // types the compact form has no kind for
  events[15].type = 200;
  events.push_back(Event{}); // all zero: type 0, seq 0
  std::vector<std::uint32_t> sizes;
  CHECK(same_bytes(round_trip(events, sizes), events));
  for (const std::size_t full : {3, 7, 8, 9, 11, 13, 15}) {
    INFO("event " << full);
    CHECK(sizes[full] == host::kCompactMaxRecordBytes);
  }
  CHECK(sizes[4] < host::kCompactMaxRecordBytes); // seq 3 + 5 + 1: implicit after event 3
  CHECK(sizes[10] < host::kCompactMaxRecordBytes);
  CHECK(sizes.back() == host::kCompactMaxRecordBytes);
}

namespace {

// Protocol 3 events as a command stream brings them (docs/matching.md, "Stop orders" and "Iceberg
// orders"), numbered as a core numbers them: the last of each command flagged.
std::vector<Event> stop_and_iceberg_events() {
  std::vector<Event> events;
  std::uint64_t cmd_seq = 1;
  const auto add = [&](EventType type, std::uint32_t handle, bool last, auto&& fill_in) {
    Event event{};
    event.type = static_cast<std::uint8_t>(type);
    event.flags = last ? kEventLast : 0;
    event.cmd_opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
    event.symbol = 2;
    event.seq = events.size() + 1;
    event.cmd_seq = cmd_seq;
    event.handle = handle;
    fill_in(event);
    events.push_back(event);
    if (last) ++cmd_seq;
  };
  // An iceberg sell of 12 showing 5 (Accepted with its peak in aux), resting.
  add(EventType::Accepted, 1, false, [](Event& e) { e.side = 1; e.price = 100; e.quantity = e.remaining = 12; e.aux = 5; });
  add(EventType::LevelUpdate, 0, true, [](Event& e) { e.side = 1; e.price = 100; e.level_quantity = 5; e.order_count = 1; });
  // A buy stop at 100 for 4 (StopAccepted: stop price in aux), pending.
  add(EventType::StopAccepted, 2, true, [](Event& e) { e.quantity = e.remaining = 4; e.aux = 100; });
  // A buy of 5 takes the iceberg's slice: a Fill, a Replenished slice, the level; the trade at
  // 100 triggers the stop (StopTriggered), which takes 4 more.
  add(EventType::Accepted, 3, false, [](Event& e) { e.price = 100; e.quantity = e.remaining = 5; });
  add(EventType::Fill, 3, false, [](Event& e) { e.maker_handle = 1; e.price = 100; e.quantity = 5; e.maker_remaining = 7; });
  add(EventType::Replenished, 1, false, [](Event& e) { e.side = 1; e.price = 100; e.quantity = 5; e.remaining = 7; });
  add(EventType::LevelUpdate, 0, false, [](Event& e) { e.side = 1; e.price = 100; e.level_quantity = 5; e.order_count = 1; });
  add(EventType::StopTriggered, 2, false, [](Event& e) { e.quantity = e.remaining = 4; e.aux = 100; });
  add(EventType::Fill, 2, false, [](Event& e) { e.maker_handle = 1; e.price = 100; e.quantity = 4; e.maker_remaining = 3; });
  add(EventType::LevelUpdate, 0, true, [](Event& e) { e.side = 1; e.price = 100; e.level_quantity = 1; e.order_count = 1; });
  // A sell stop-limit, then its Modified (new stop price 0 is no aux: compact) and another.
  add(EventType::StopAccepted, 4, true, [](Event& e) { e.side = 1; e.price = 90; e.quantity = e.remaining = 2; e.aux = 95; });
  add(EventType::Modified, 4, true, [](Event& e) { e.side = 1; e.price = 90; e.quantity = e.remaining = 3; });
  add(EventType::Modified, 4, true, [](Event& e) { e.side = 1; e.price = 91; e.quantity = e.remaining = 3; e.aux = 0xFFFFFFFFu; });
  add(EventType::Cancelled, 4, true, [](Event& e) { e.side = 1; e.reason = 1; e.price = 91; e.quantity = 3; });
  return events;
}

} // namespace

TEST_CASE("compact events: stop and iceberg events go as full records where they must, losslessly") {
  const std::vector<Event> events = stop_and_iceberg_events();
  std::vector<std::uint32_t> sizes;
  CHECK(same_bytes(round_trip(events, sizes), events));
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO("event " << i << " type " << int{events[i].type});
    // A full record for types 11-13 and for any nonzero aux; compact otherwise, the numbering
    // implicit again right after a full record.
    const bool full = events[i].type > host::kCompactLastType || events[i].aux != 0;
    CHECK((sizes[i] == host::kCompactMaxRecordBytes) == full);
  }
  CHECK(sizes[11] < host::kCompactMaxRecordBytes); // the Modified whose new stop price is 0
}

TEST_CASE("compact events: a malformed record is refused with its reason, the numbering kept") {
  const std::vector<Command> one_order{sell(1, 100, 5)};
  const std::vector<Event> events = reference_events(kHardwareConfig, one_order);
  REQUIRE(events.size() == 2); // Accepted, LevelUpdate
  host::CompactEncoder encoder;
  Record accepted{};
  const std::uint32_t size = encode_one(encoder, events[0], accepted);
  REQUIRE(size == 24);
  Record full{};
  Event odd = events[1];
  odd.aux = 1;
  REQUIRE(encode_one(encoder, odd, full) == host::kCompactMaxRecordBytes);

  struct Case {
    const char* name;
    Record record;
    std::size_t published;
    const char* reason;
  };
  std::vector<Case> cases;
  const auto with = [](Record record, std::size_t at, std::uint8_t value) {
    record[at] = value;
    return record;
  };
  cases.push_back({"kind 0 (nothing written)", Record{}, 72, "unknown record kind 0"});
  cases.push_back({"kind 11", with(accepted, 0, 11), size, "unknown record kind 11"});
  cases.push_back({"kind 0xFE", with(accepted, 0, 0xFE), size, "unknown record kind 254"});
  cases.push_back({"a header cut short", accepted, 7, "header needs 8 bytes"});
  cases.push_back({"a body cut short", accepted, size - 4, "runs past the 20 published"});
  cases.push_back({"a mask naming more fields", with(accepted, 7, 0xFF), size, "runs past"});
  cases.push_back({"a field present but zero", with(with(accepted, 8, 0), 9, 0), size,
                   "handle is marked present but zero"});
  cases.push_back({"a full record's header not zero", with(full, 3, 1), 72, "nonzero bytes"});
  cases.push_back({"a full record cut short", full, 71, "full record needs 72 bytes"});
  for (const Case& bad : cases) {
    INFO(bad.name);
    host::CompactDecoder decoder;
    Event event{};
    const auto result = decoder.decode(std::span(bad.record).first(bad.published), event);
    CHECK(result.bytes == 0);
    CHECK_THAT(result.error, Catch::Contains(bad.reason));
    // The decoder did not move on: the good record still decodes as the stream's first.
    REQUIRE(decoder.decode(std::span(accepted).first(size), event).bytes == size);
    CHECK(std::memcmp(&event, &events[0], sizeof(Event)) == 0);
  }
}

TEST_CASE("driver: compact events come back byte-identical, records wrapping the ring's end") {
  const std::vector<Command> commands = every_event_type_session();
  const std::vector<Event> expected = reference_events(kHardwareConfig, commands);
  for (const std::uint32_t lines : {2u, 4u, 1024u}) {
    for (const std::uint32_t batch : {1u, 3u}) {
      CAPTURE(lines, batch);
      CompactDriver compact(lines, batch, true);
      auto& [device, sink, driver] = compact;
      for (const Command& command : commands) REQUIRE(driver.submit(command) == host::SubmitStatus::Ok);
      REQUIRE(driver.drain() == host::SubmitStatus::Ok);
      CHECK(driver.fault().empty());
      CHECK(same_bytes(sink.events, expected));
      CHECK(device.max_completion_occupancy() <= lines * host::kCompactLineBytes);
      // A 128-byte ring holds 6 records at most, so the stream went round it many times, and
      // records of 12 to 32 bytes do not divide it: some straddled its end.
      if (lines == 2) CHECK(driver.completion_head() > 8 * lines * host::kCompactLineBytes);
    }
  }
}

TEST_CASE("driver: a session of stops and icebergs comes back byte-identical, compact or full") {
  const auto request = [](Side side, OrderType type, TimeInForce tif, std::uint32_t price,
                          std::uint32_t quantity, std::uint32_t stop_price, std::uint32_t peak) {
    host::OrderRequest order;
    order.side = side;
    order.type = type;
    order.tif = tif;
    order.price = price;
    order.quantity = quantity;
    order.account = 1 + quantity % 3;
    order.stop_price = stop_price;
    order.display_quantity = peak;
    return order;
  };
  const auto limit = OrderType::Limit, stop = OrderType::Stop, stop_limit = OrderType::StopLimit;
  const auto gtc = TimeInForce::Gtc, ioc = TimeInForce::Ioc;
  const std::vector<Command> commands{
      host::new_order_command(request(Side::Sell, limit, gtc, 100, 20, 0, 5), 1), // iceberg
      host::new_order_command(request(Side::Sell, limit, gtc, 100, 3, 0, 0), 2),
      host::new_order_command(request(Side::Buy, stop, ioc, 0, 6, 100, 0), 3),
      host::new_order_command(request(Side::Sell, stop_limit, gtc, 90, 2, 95, 0), 4),
      host::new_order_command(request(Side::Buy, limit, gtc, 100, 7, 0, 0), 5), // stop 3 runs
      host::modify_command(4, 99, 2, 101),                                      // stop 4 runs
      host::new_order_command(request(Side::Buy, stop, ioc, 0, 1, 0xFFFFFFFFu, 0), 6),
      cancel(4),
      mass_cancel(0)};
  const std::vector<Event> expected = reference_events(kHardwareConfig, commands);
  std::set<std::uint8_t> types;
  for (const Event& event : expected) types.insert(event.type);
  for (const EventType type : {EventType::StopAccepted, EventType::StopTriggered, EventType::Replenished}) {
    CHECK(types.contains(static_cast<std::uint8_t>(type)));
  }
  CHECK_FALSE(types.contains(static_cast<std::uint8_t>(EventType::Rejected)));
  for (const host::EventEncoding encoding : {host::EventEncoding::Compact, host::EventEncoding::Full}) {
    CAPTURE(static_cast<int>(encoding));
    host::DriverConfig config{4, 2, 1, true};
    config.event_encoding = encoding;
    LoopbackDevice device(kHardwareConfig);
    CollectingSink sink;
    host::Driver driver(config, device, sink);
    device.attach(driver.rings());
    for (const Command& command : commands) REQUIRE(driver.submit(command) == host::SubmitStatus::Ok);
    REQUIRE(driver.drain() == host::SubmitStatus::Ok);
    CHECK(driver.fault().empty());
    CHECK(same_bytes(sink.events, expected));
  }
}

TEST_CASE("driver: a corrupted compact record or tail is a fault, never delivered") {
  const std::vector<Command> commands = every_event_type_session();
  const std::vector<Event> expected = reference_events(kHardwareConfig, commands);
  SECTION("an unknown kind") {
    CompactDriver compact(4, 1, true);
    auto& [device, sink, driver] = compact;
    int records = 0;
    device.corrupt = [&records](std::span<std::uint8_t> record) {
      if (++records == 6) record[0] = 0x33;
    };
    host::SubmitStatus status = host::SubmitStatus::Ok;
    for (const Command& command : commands) {
      status = driver.submit(command);
      if (status != host::SubmitStatus::Ok) break;
    }
    if (status == host::SubmitStatus::Ok) status = driver.drain();
    CHECK(status == host::SubmitStatus::Fault);
    CHECK_THAT(driver.fault(), Catch::Contains("malformed completion record at byte") &&
                                   Catch::Contains("unknown record kind 51"));
    REQUIRE(sink.events.size() == 5); // those before it, and nothing after
    CHECK(same_bytes(sink.events, std::vector<Event>(expected.begin(), expected.begin() + 5)));
  }
  SECTION("a tail published further than the ring holds") {
    CompactDriver compact(2, 1, false);
    auto& [device, sink, driver] = compact;
    driver.rings().compact_tail = 129;
    CHECK(driver.poll() == 0);
    CHECK_THAT(driver.fault(), Catch::Contains("more than the ring's 128"));
    CHECK(sink.events.empty());
  }
  SECTION("a tail in the middle of a record") {
    CompactDriver compact(2, 1, false);
    auto& [device, sink, driver] = compact;
    REQUIRE(driver.submit(commands[0]) == host::SubmitStatus::Ok);
    device.process();
    const std::uint32_t tail = driver.rings().compact_tail; // Accepted, LevelUpdate (24 bytes)
    driver.rings().compact_tail = tail - 12;
    CHECK(driver.poll() == 1);
    CHECK_THAT(driver.fault(), Catch::Contains("a 24-byte record (kind 6") &&
                                   Catch::Contains("runs past the 12 published bytes"));
  }
  SECTION("the compact ring's size is checked") {
    host::DriverConfig config;
    config.event_encoding = host::EventEncoding::Compact;
    config.completion_entries = 1u << 25;
    CHECK_THAT(host::validate(config).value_or(""), Catch::Contains("at most 2^24 lines"));
    config.completion_entries = 1u << 24;
    CHECK_FALSE(host::validate(config));
  }
}

} // namespace twinmatch::test
