// Client ids to handles: reuse only after the terminal event, and the driver's own rejects.
#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "loopback_device.hpp"
#include "twinmatch/host/order_gateway.hpp"

namespace twinmatch::test {
namespace {

constexpr CoreConfig kFourHandles{1, 64, 4, 1000};

struct RecordingSink final : host::CompletionSink {
  void on_event(const Event& event) override { events.push_back(event); }
  std::vector<Event> events;
};

host::OrderRequest limit(Side side, std::uint32_t price, std::uint32_t quantity) {
  host::OrderRequest request;
  request.side = side;
  request.price = price;
  request.quantity = quantity;
  request.account = 1;
  return request;
}

// A gateway in non-blocking mode over a card that acts only when told to (settle()).
struct Fixture {
  Fixture() : gateway(kFourHandles, {8, 16, 1, false}, device, sink) {
    device.attach(gateway.driver().rings());
    device.hold(true);
  }
  void settle() {
    device.process();
    gateway.driver().poll();
  }
  LoopbackDevice device{kFourHandles};
  RecordingSink sink;
  host::OrderGateway gateway;
};

} // namespace

TEST_CASE("gateway: no free handle is CapacityExhausted, and a handle returns only after its "
          "terminal event") {
  Fixture f;
  std::vector<std::uint32_t> handles;
  for (std::uint64_t id = 1; id <= 4; ++id) {
    const host::SubmitResult result = f.gateway.new_order(id, limit(Side::Buy, 10, 5));
    REQUIRE(result.status == host::SubmitStatus::Ok);
    handles.push_back(result.handle);
  }
  f.settle();
  CHECK(f.gateway.ids().live() == 4);

  host::SubmitResult fifth = f.gateway.new_order(5, limit(Side::Buy, 10, 5));
  CHECK(fifth.status == host::SubmitStatus::Rejected);
  CHECK(fifth.reason == RejectReason::CapacityExhausted);
  CHECK(f.gateway.driver().submitted() == 4); // never reached the core

  REQUIRE(f.gateway.cancel(2).status == host::SubmitStatus::Ok);
  // Cancel submitted, and even executed by the card, but its Cancelled not yet drained.
  f.device.process();
  CHECK(f.gateway.new_order(5, limit(Side::Buy, 10, 5)).reason == RejectReason::CapacityExhausted);
  f.gateway.driver().poll();
  CHECK(f.sink.events.back().type == static_cast<std::uint8_t>(EventType::LevelUpdate));
  fifth = f.gateway.new_order(5, limit(Side::Buy, 10, 5));
  REQUIRE(fifth.status == host::SubmitStatus::Ok);
  CHECK(fifth.handle == handles[1]);
  f.settle();
  CHECK(f.sink.events.back().type == static_cast<std::uint8_t>(EventType::LevelUpdate));
  CHECK(f.gateway.driver().fault().empty());
}

TEST_CASE("gateway: a live id is a DuplicateOrderId until its order's terminal event") {
  Fixture f;
  REQUIRE(f.gateway.new_order(7, limit(Side::Buy, 10, 5)).status == host::SubmitStatus::Ok);
  const host::SubmitResult duplicate = f.gateway.new_order(7, limit(Side::Sell, 20, 5));
  CHECK(duplicate.status == host::SubmitStatus::Rejected);
  CHECK(duplicate.reason == RejectReason::DuplicateOrderId);
  CHECK(f.gateway.driver().submitted() == 1);

  // A sell of 3 fills 3 of the buy: the taker is done, the maker still rests with 2.
  REQUIRE(f.gateway.new_order(8, limit(Side::Sell, 10, 3)).status == host::SubmitStatus::Ok);
  f.settle();
  CHECK(f.gateway.ids().handle_of(7).has_value());
  CHECK_FALSE(f.gateway.ids().handle_of(8).has_value());
  CHECK(f.gateway.new_order(7, limit(Side::Buy, 10, 1)).reason == RejectReason::DuplicateOrderId);
  CHECK(f.gateway.new_order(8, limit(Side::Buy, 9, 1)).status == host::SubmitStatus::Ok);

  // Another sell takes the maker's last 2: now id 7 is free again.
  REQUIRE(f.gateway.new_order(9, limit(Side::Sell, 10, 2)).status == host::SubmitStatus::Ok);
  f.settle();
  CHECK_FALSE(f.gateway.ids().handle_of(7).has_value());
  CHECK(f.gateway.new_order(7, limit(Side::Buy, 5, 1)).status == host::SubmitStatus::Ok);
}

TEST_CASE("gateway: cancel and modify of an unknown id are UnknownHandle, never sent") {
  Fixture f;
  CHECK(f.gateway.cancel(42).reason == RejectReason::UnknownHandle);
  CHECK(f.gateway.cancel(42).status == host::SubmitStatus::Rejected);
  CHECK(f.gateway.modify(42, 10, 1).reason == RejectReason::UnknownHandle);
  CHECK(f.gateway.driver().submitted() == 0);
  f.settle();
  CHECK(f.sink.events.empty());
}

TEST_CASE("gateway: orders that end at once free their handle with their last event") {
  Fixture f;
  SECTION("a new order the core rejects") {
    REQUIRE(f.gateway.new_order(1, limit(Side::Buy, 10, 0)).status == host::SubmitStatus::Ok);
    CHECK(f.gateway.ids().live() == 1);
    f.settle();
    CHECK(f.sink.events.back().reason == static_cast<std::uint8_t>(RejectReason::ZeroQuantity));
  }
  SECTION("an IOC order with nothing to trade against") {
    host::OrderRequest ioc = limit(Side::Buy, 10, 5);
    ioc.tif = TimeInForce::Ioc;
    REQUIRE(f.gateway.new_order(1, ioc).status == host::SubmitStatus::Ok);
    f.settle();
    CHECK(f.sink.events.back().reason ==
          static_cast<std::uint8_t>(CancelReason::ImmediateOrCancel));
  }
  SECTION("resting orders left outside a moved band") {
    REQUIRE(f.gateway.new_order(1, limit(Side::Buy, 10, 5)).status == host::SubmitStatus::Ok);
    REQUIRE(f.gateway.new_order(2, limit(Side::Sell, 12, 5)).status == host::SubmitStatus::Ok);
    REQUIRE(f.gateway.set_band(0, 64).status == host::SubmitStatus::Ok);
    f.settle();
    CHECK(f.sink.events.back().type == static_cast<std::uint8_t>(EventType::BandSet));
    CHECK(f.sink.events.back().order_count == 2);
  }
  SECTION("resting orders taken by a mass cancel") {
    REQUIRE(f.gateway.new_order(1, limit(Side::Buy, 10, 5)).status == host::SubmitStatus::Ok);
    REQUIRE(f.gateway.new_order(2, limit(Side::Sell, 12, 5)).status == host::SubmitStatus::Ok);
    REQUIRE(f.gateway.mass_cancel(0, std::nullopt).status == host::SubmitStatus::Ok);
    f.settle();
    CHECK(f.sink.events.back().type == static_cast<std::uint8_t>(EventType::MassCancelDone));
  }
  CHECK(f.gateway.ids().live() == 0);
  CHECK(f.gateway.driver().fault().empty());
}

TEST_CASE("gateway: a refused modify does not end the order") {
  Fixture f;
  REQUIRE(f.gateway.new_order(1, limit(Side::Buy, 10, 5)).status == host::SubmitStatus::Ok);
  REQUIRE(f.gateway.modify(1, 10, 0).status == host::SubmitStatus::Ok); // ZeroQuantity
  f.settle();
  CHECK(f.sink.events.back().type == static_cast<std::uint8_t>(EventType::Rejected));
  CHECK(f.gateway.ids().handle_of(1).has_value());
}

TEST_CASE("gateway: a stop order carries its stop price in aux, an iceberg its peak and flag") {
  host::OrderRequest stop = limit(Side::Sell, 0, 5);
  stop.type = OrderType::Stop;
  stop.tif = TimeInForce::Ioc;
  stop.stop_price = 0; // a stop price may be 0
  Command command = host::new_order_command(stop, 3);
  CHECK(command.version == kProtocolVersion);
  CHECK(command.order_type == static_cast<std::uint8_t>(OrderType::Stop));
  CHECK(command.handle == 3);
  CHECK(command.price == 0);
  CHECK(command.aux == 0);
  CHECK(command.flags == 0);

  host::OrderRequest stop_limit = limit(Side::Buy, 120, 5);
  stop_limit.type = OrderType::StopLimit;
  stop_limit.stop_price = 118;
  command = host::new_order_command(stop_limit, 4);
  CHECK(command.order_type == static_cast<std::uint8_t>(OrderType::StopLimit));
  CHECK(command.price == 120);
  CHECK(command.aux == 118);

  host::OrderRequest iceberg = limit(Side::Buy, 99, 50);
  iceberg.display_quantity = 10;
  iceberg.post_only = true;
  command = host::new_order_command(iceberg, 5);
  CHECK(command.flags == (kFlagIceberg | kFlagPostOnly));
  CHECK(command.aux == 10);
  CHECK(command.quantity == 50);

  // Whatever the request, the driver sends it as asked: the core judges it.
  host::OrderRequest iceberg_stop = stop_limit;
  iceberg_stop.display_quantity = 2;
  command = host::new_order_command(iceberg_stop, 6);
  CHECK(command.flags == kFlagIceberg);
  CHECK(command.aux == 118);

  command = host::modify_command(7, 0, 9, 0xFFFFFFF0u);
  CHECK(command.opcode == static_cast<std::uint8_t>(Opcode::Modify));
  CHECK(command.handle == 7);
  CHECK(command.quantity == 9);
  CHECK(command.aux == 0xFFFFFFF0u);
}

TEST_CASE("gateway: a stop keeps its handle while pending and through its trigger, then frees it") {
  Fixture f;
  const auto stop = [](Side side, OrderType type, TimeInForce tif, std::uint32_t price,
                       std::uint32_t quantity, std::uint32_t stop_price) {
    host::OrderRequest request = limit(side, price, quantity);
    request.type = type;
    request.tif = tif;
    request.stop_price = stop_price;
    return request;
  };
  const auto last_type = [&] { return static_cast<EventType>(f.sink.events.back().type); };
  REQUIRE(f.gateway.new_order(1, limit(Side::Sell, 10, 5)).status == host::SubmitStatus::Ok);
  REQUIRE(f.gateway.new_order(2, stop(Side::Buy, OrderType::Stop, TimeInForce::Ioc, 0, 3, 10)).status ==
          host::SubmitStatus::Ok);
  f.settle();
  CHECK(last_type() == EventType::StopAccepted);
  CHECK(f.gateway.ids().handle_of(2).has_value()); // pending: no trade on the book yet
  CHECK(f.gateway.new_order(2, limit(Side::Buy, 1, 1)).reason == RejectReason::DuplicateOrderId);

  SECTION("a modify of the pending stop keeps it; its cancel frees it") {
    REQUIRE(f.gateway.modify(2, 0, 4, 11).status == host::SubmitStatus::Ok);
    f.settle();
    CHECK(last_type() == EventType::Modified);
    CHECK(f.sink.events.back().aux == 11);
    CHECK(f.gateway.ids().handle_of(2).has_value());
    REQUIRE(f.gateway.cancel(2).status == host::SubmitStatus::Ok);
    f.settle();
    CHECK(last_type() == EventType::Cancelled);
    CHECK_FALSE(f.gateway.ids().handle_of(2).has_value());
  }
  SECTION("a trade triggers it; filled, it frees its handle") {
    REQUIRE(f.gateway.new_order(3, limit(Side::Buy, 10, 1)).status == host::SubmitStatus::Ok);
    f.settle();
    // Order 3 took 1 at 10, the stop then bought its 3 from order 1, which keeps 1.
    CHECK(std::any_of(f.sink.events.begin(), f.sink.events.end(), [](const Event& event) {
      return event.type == static_cast<std::uint8_t>(EventType::StopTriggered);
    }));
    CHECK_FALSE(f.gateway.ids().handle_of(2).has_value());
    CHECK_FALSE(f.gateway.ids().handle_of(3).has_value());
    CHECK(f.gateway.ids().handle_of(1).has_value());
    // A stop-limit placed while its condition holds runs at once and rests: it stays live.
    REQUIRE(f.gateway.new_order(4, stop(Side::Sell, OrderType::StopLimit, TimeInForce::Gtc, 12, 2, 10))
                .status == host::SubmitStatus::Ok);
    f.settle();
    CHECK(last_type() == EventType::LevelUpdate);
    CHECK(f.gateway.ids().handle_of(4).has_value());
  }
  CHECK(f.gateway.driver().fault().empty());
}

TEST_CASE("gateway: an iceberg keeps its handle through its replenishments") {
  Fixture f;
  host::OrderRequest iceberg = limit(Side::Sell, 20, 12);
  iceberg.display_quantity = 5;
  REQUIRE(f.gateway.new_order(1, iceberg).status == host::SubmitStatus::Ok);
  REQUIRE(f.gateway.new_order(2, limit(Side::Buy, 20, 7)).status == host::SubmitStatus::Ok);
  f.settle();
  CHECK(std::any_of(f.sink.events.begin(), f.sink.events.end(), [](const Event& event) {
    return event.type == static_cast<std::uint8_t>(EventType::Replenished);
  }));
  CHECK(f.gateway.ids().handle_of(1).has_value());
  CHECK_FALSE(f.gateway.ids().handle_of(2).has_value());
  REQUIRE(f.gateway.new_order(3, limit(Side::Buy, 20, 5)).status == host::SubmitStatus::Ok);
  f.settle();
  CHECK_FALSE(f.gateway.ids().handle_of(3).has_value());
  CHECK_FALSE(f.gateway.ids().handle_of(1).has_value()); // its last 5 taken
  CHECK(f.gateway.ids().live() == 0);
}

TEST_CASE("gateway: a Busy ring gives the claimed handle back") {
  LoopbackDevice device(kFourHandles);
  RecordingSink sink;
  host::OrderGateway gateway(kFourHandles, {1, 4, 1, false}, device, sink);
  device.attach(gateway.driver().rings());
  device.hold(true);
  REQUIRE(gateway.new_order(1, limit(Side::Buy, 10, 5)).status == host::SubmitStatus::Ok);
  CHECK(gateway.new_order(2, limit(Side::Buy, 10, 5)).status == host::SubmitStatus::Busy);
  CHECK_FALSE(gateway.ids().handle_of(2).has_value());
  CHECK(gateway.ids().live() == 1);
}

TEST_CASE("gateway: the downstream sink sees an event before its handle is released") {
  struct ClientIds final : host::CompletionSink {
    void on_event(const Event& event) override {
      if (event.type == static_cast<std::uint8_t>(EventType::Cancelled)) {
        cancelled.push_back(gateway->client_of(event.handle).value_or(0));
      }
    }
    host::OrderGateway* gateway = nullptr;
    std::vector<std::uint64_t> cancelled;
  } sink;
  LoopbackDevice device(kFourHandles);
  host::OrderGateway gateway(kFourHandles, {8, 16, 1, true}, device, sink);
  sink.gateway = &gateway;
  device.attach(gateway.driver().rings());
  REQUIRE(gateway.new_order(0xfeedULL << 32, limit(Side::Buy, 10, 5)).status ==
          host::SubmitStatus::Ok);
  REQUIRE(gateway.cancel(0xfeedULL << 32).status == host::SubmitStatus::Ok);
  REQUIRE(gateway.driver().drain() == host::SubmitStatus::Ok);
  CHECK(sink.cancelled == std::vector<std::uint64_t>{0xfeedULL << 32});
  CHECK(gateway.ids().live() == 0);
}

} // namespace twinmatch::test
