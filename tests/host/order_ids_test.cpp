// The client-id layer's idea of "terminal" for stop and iceberg orders (docs/matching.md, "Stop
// orders" and "Iceberg orders"), on events built by hand: a pending or triggered stop keeps its
// handle, its fill or cancel frees it; a replenished iceberg keeps it until its last fill.
#include <catch2/catch.hpp>

#include "twinmatch/host/order_ids.hpp"

namespace twinmatch::test {
namespace {

Event event_of(EventType type, std::uint32_t handle, Opcode cause = Opcode::NewOrder) {
  Event event{};
  event.type = static_cast<std::uint8_t>(type);
  event.cmd_opcode = static_cast<std::uint8_t>(cause);
  event.handle = handle;
  return event;
}

Event fill(std::uint32_t taker, std::uint32_t remaining, std::uint32_t maker,
           std::uint32_t maker_remaining) {
  Event event = event_of(EventType::Fill, taker);
  event.remaining = remaining;
  event.maker_handle = maker;
  event.maker_remaining = maker_remaining;
  event.quantity = 1;
  return event;
}

Event cancelled(std::uint32_t handle, CancelReason reason, Opcode cause) {
  Event event = event_of(EventType::Cancelled, handle, cause);
  event.reason = static_cast<std::uint8_t>(reason);
  return event;
}

Event rejected(std::uint32_t handle, RejectReason reason, Opcode cause) {
  Event event = event_of(EventType::Rejected, handle, cause);
  event.reason = static_cast<std::uint8_t>(reason);
  return event;
}

struct Claimed {
  host::OrderIdMap ids{8};
  std::uint32_t claim(std::uint64_t client) {
    const auto claim = ids.claim(client);
    REQUIRE(claim.handle);
    return *claim.handle;
  }
  bool live(std::uint64_t client) const { return ids.handle_of(client).has_value(); }
};

} // namespace

TEST_CASE("order ids: a stop holds its handle while pending and after it triggers") {
  Claimed f;
  const std::uint32_t stop = f.claim(1);
  const std::uint32_t maker = f.claim(2);
  f.ids.observe(event_of(EventType::StopAccepted, stop));
  CHECK(f.live(1));
  CHECK(f.ids.claim(1).reason == RejectReason::DuplicateOrderId);

  SECTION("a modify of the pending stop, refused or not, ends nothing") {
    f.ids.observe(rejected(stop, RejectReason::InvalidCombination, Opcode::Modify));
    f.ids.observe(event_of(EventType::Modified, stop, Opcode::Modify));
    CHECK(f.live(1));
  }
  SECTION("a Cancel of the pending stop frees it") {
    f.ids.observe(cancelled(stop, CancelReason::User, Opcode::Cancel));
    CHECK_FALSE(f.live(1));
  }
  SECTION("a mass cancel or a band move frees it") {
    f.ids.observe(cancelled(stop, CancelReason::Mass, Opcode::MassCancel));
    CHECK_FALSE(f.live(1));
  }
  SECTION("triggered, it keeps its handle through partial fills and frees it with its last") {
    f.ids.observe(event_of(EventType::StopTriggered, stop, Opcode::NewOrder));
    CHECK(f.live(1));
    f.ids.observe(fill(stop, 3, maker, 0));
    CHECK(f.live(1));
    CHECK_FALSE(f.live(2)); // the maker it took out
    f.ids.observe(fill(stop, 0, f.claim(3), 4));
    CHECK_FALSE(f.live(1));
    CHECK(f.live(3));
  }
  SECTION("triggered, its remainder's cancel frees it") {
    f.ids.observe(event_of(EventType::StopTriggered, stop, Opcode::Modify));
    f.ids.observe(fill(stop, 2, maker, 1));
    CHECK(f.live(1));
    f.ids.observe(cancelled(stop, CancelReason::MarketRemainder, Opcode::Modify));
    CHECK_FALSE(f.live(1));
  }
  SECTION("triggered as a stop-limit that rests, it stays until its order ends") {
    f.ids.observe(event_of(EventType::StopTriggered, stop));
    f.ids.observe(event_of(EventType::LevelUpdate, stop));
    CHECK(f.live(1));
    f.ids.observe(fill(f.claim(3), 0, stop, 0));
    CHECK_FALSE(f.live(1));
  }
}

TEST_CASE("order ids: a stop the core refuses frees its handle, one it refuses for a handle in "
          "use does not") {
  Claimed f;
  const std::uint32_t stop = f.claim(1);
  f.ids.observe(rejected(stop, RejectReason::StopCapacity, Opcode::NewOrder));
  CHECK_FALSE(f.live(1));
  const std::uint32_t held = f.claim(2);
  f.ids.observe(rejected(held, RejectReason::HandleInUse, Opcode::NewOrder));
  CHECK(f.live(2));
}

TEST_CASE("order ids: an iceberg maker keeps its handle through replenishments") {
  Claimed f;
  const std::uint32_t iceberg = f.claim(1);
  f.ids.observe(event_of(EventType::Accepted, iceberg));
  // A taker uses up the displayed 5 of 12: 7 left (hidden included), a new slice shows.
  f.ids.observe(fill(f.claim(2), 0, iceberg, 7));
  Event replenished = event_of(EventType::Replenished, iceberg);
  replenished.quantity = 5;
  replenished.remaining = 7;
  f.ids.observe(replenished);
  CHECK(f.live(1));
  CHECK_FALSE(f.live(2));
  f.ids.observe(fill(f.claim(3), 3, iceberg, 0));
  CHECK_FALSE(f.live(1));
  CHECK(f.live(3));
}

} // namespace twinmatch::test
