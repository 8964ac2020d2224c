// The C ABI as another language would use it: libtwinmatch_sw.so opened with dlopen, every
// function looked up by name.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <string_view>

#include "twinmatch/twinmatch_c.h"

namespace {

struct Library {
  void* handle = dlopen(TWINMATCH_SW_C_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  ~Library() {
    if (handle != nullptr) dlclose(handle);
  }
  template <class F>
  F* get(const char* name) const {
    return reinterpret_cast<F*>(dlsym(handle, name));
  }
};

TEST_CASE("C ABI through dlopen", "[c_abi]") {
  Library lib;
  INFO(TWINMATCH_SW_C_LIBRARY);
  REQUIRE(lib.handle != nullptr);
  auto* create = lib.get<decltype(twinmatch_create)>("twinmatch_create");
  auto* destroy = lib.get<decltype(twinmatch_destroy)>("twinmatch_destroy");
  auto* submit = lib.get<decltype(twinmatch_submit)>("twinmatch_submit");
  auto* cancel = lib.get<decltype(twinmatch_cancel)>("twinmatch_cancel");
  auto* modify = lib.get<decltype(twinmatch_modify)>("twinmatch_modify");
  auto* mass_cancel = lib.get<decltype(twinmatch_mass_cancel)>("twinmatch_mass_cancel");
  auto* snapshot = lib.get<decltype(twinmatch_snapshot)>("twinmatch_snapshot");
  auto* event_count = lib.get<decltype(twinmatch_event_count)>("twinmatch_event_count");
  auto* events = lib.get<decltype(twinmatch_events)>("twinmatch_events");
  auto* event_ids = lib.get<decltype(twinmatch_event_order_ids)>("twinmatch_event_order_ids");
  auto* best_bid = lib.get<decltype(twinmatch_best_bid)>("twinmatch_best_bid");
  auto* best_ask = lib.get<decltype(twinmatch_best_ask)>("twinmatch_best_ask");
  auto* depth = lib.get<decltype(twinmatch_depth)>("twinmatch_depth");
  auto* open_quantity = lib.get<decltype(twinmatch_open_quantity)>("twinmatch_open_quantity");
  auto* level_at = lib.get<decltype(twinmatch_level_at)>("twinmatch_level_at");
  auto* status_name = lib.get<decltype(twinmatch_status_name)>("twinmatch_status_name");
  auto* version = lib.get<decltype(twinmatch_version)>("twinmatch_version");
  REQUIRE((create && destroy && submit && cancel && modify && mass_cancel && snapshot && event_count && events &&
           event_ids && best_bid && best_ask && depth && open_quantity && level_at && status_name && version));
  CHECK(std::string_view(version()) == TWINMATCH_VERSION_STRING);
  CHECK(std::string_view(status_name(TWINMATCH_UNKNOWN_HANDLE)) == "UnknownHandle");
  // Only the C names leave the library.
  CHECK(lib.get<void>("_ZN9twinmatch2sw14MatchingEngineD1Ev") == nullptr);

  const twinmatch_config bad{0, 10, 10, 10};
  CHECK(create(&bad) == nullptr);
  const twinmatch_config config{2, 1000, 8, 1000};
  twinmatch_engine* engine = create(&config);
  REQUIRE(engine != nullptr);

  twinmatch_order sell{};
  sell.order_id = 500;
  sell.side = 1;
  sell.price = 120;
  sell.quantity = 10;
  REQUIRE(submit(engine, &sell) == TWINMATCH_OK);
  REQUIRE(event_count(engine) == 2);
  CHECK(events(engine)[0].type == 1); // Accepted
  CHECK(event_ids(engine)[0].order_id == 500);

  twinmatch_order buy{};
  buy.order_id = 600;
  buy.price = 121;
  buy.quantity = 4;
  REQUIRE(submit(engine, &buy) == TWINMATCH_OK);
  REQUIRE(event_count(engine) == 3); // Accepted, Fill, LevelUpdate
  CHECK(events(engine)[1].type == 2);
  CHECK(events(engine)[1].price == 120);
  CHECK(event_ids(engine)[1].order_id == 600);
  CHECK(event_ids(engine)[1].maker_order_id == 500);

  std::uint32_t price = 0;
  CHECK(best_ask(engine, 0, &price) == 1);
  CHECK(price == 120);
  CHECK(best_bid(engine, 0, &price) == 0);
  std::uint32_t quantity = 0;
  CHECK(open_quantity(engine, 500, &quantity) == 1);
  CHECK(quantity == 6);

  // Refusals: a status code, no change.
  CHECK(submit(engine, &sell) == TWINMATCH_DUPLICATE_ORDER_ID);
  CHECK(cancel(engine, 999) == TWINMATCH_UNKNOWN_HANDLE);
  CHECK(modify(engine, 500, 1000, 1) == TWINMATCH_PRICE_OUTSIDE_BAND);
  twinmatch_order bad_side = buy;
  bad_side.order_id = 700;
  bad_side.side = 9;
  CHECK(submit(engine, &bad_side) == TWINMATCH_MALFORMED);
  bad_side.side = 0;
  bad_side.reserved = 1;
  CHECK(submit(engine, &bad_side) == TWINMATCH_MALFORMED);
  CHECK(submit(engine, nullptr) == TWINMATCH_MALFORMED);
  CHECK(submit(nullptr, &buy) == TWINMATCH_MALFORMED);
  CHECK(mass_cancel(engine, 5, 0, 0) == TWINMATCH_UNKNOWN_SYMBOL);
  twinmatch_level levels[4];
  REQUIRE(depth(engine, 0, 1, levels, 4) == 1);
  CHECK(levels[0].price == 120);
  CHECK(levels[0].quantity == 6);
  CHECK(levels[0].orders == 1);
  CHECK(depth(engine, 0, 2, levels, 4) == 0);
  twinmatch_level level{};
  CHECK(level_at(engine, 0, TWINMATCH_SELL, 120, &level) == 1);
  CHECK(level.quantity == 6);

  REQUIRE(modify(engine, 500, 125, 6) == TWINMATCH_OK);
  REQUIRE(snapshot(engine, 0, 0) == TWINMATCH_OK);
  REQUIRE(event_count(engine) == 2);
  CHECK(events(engine)[0].price == 125);
  REQUIRE(mass_cancel(engine, 0, 0, 0) == TWINMATCH_OK);
  CHECK(events(engine)[event_count(engine) - 1].order_count == 1);
  CHECK(open_quantity(engine, 500, &quantity) == 0);
  destroy(engine);
}

TEST_CASE("C ABI: set_band moves a book's band and cancels what falls outside", "[c_abi]") {
  Library lib;
  REQUIRE(lib.handle != nullptr);
  auto* create = lib.get<decltype(twinmatch_create)>("twinmatch_create");
  auto* destroy = lib.get<decltype(twinmatch_destroy)>("twinmatch_destroy");
  auto* submit = lib.get<decltype(twinmatch_submit)>("twinmatch_submit");
  auto* set_band = lib.get<decltype(twinmatch_set_band)>("twinmatch_set_band");
  auto* event_count = lib.get<decltype(twinmatch_event_count)>("twinmatch_event_count");
  auto* events = lib.get<decltype(twinmatch_events)>("twinmatch_events");
  auto* event_ids = lib.get<decltype(twinmatch_event_order_ids)>("twinmatch_event_order_ids");
  REQUIRE((create && destroy && submit && set_band && event_count && events && event_ids));
  const twinmatch_config config{2, 1000, 8, 1000};
  twinmatch_engine* engine = create(&config);
  REQUIRE(engine != nullptr);

  twinmatch_order low{};
  low.order_id = 1;
  low.price = 10;
  low.quantity = 3;
  REQUIRE(submit(engine, &low) == TWINMATCH_OK);
  CHECK(set_band(engine, 0, 65) == TWINMATCH_PRICE_OUT_OF_RANGE);
  CHECK(set_band(engine, 2, 64) == TWINMATCH_UNKNOWN_SYMBOL);
  CHECK(set_band(nullptr, 0, 64) == TWINMATCH_MALFORMED);
  REQUIRE(set_band(engine, 0, 64) == TWINMATCH_OK);
  REQUIRE(event_count(engine) == 3); // Cancelled (BandMoved), LevelUpdate, BandSet
  CHECK(events(engine)[0].reason == 7);
  CHECK(event_ids(engine)[0].order_id == 1);
  CHECK(events(engine)[2].type == 10);
  CHECK(events(engine)[2].price == 64);
  twinmatch_order high = low;
  high.order_id = 2;
  high.price = 1063; // the top of the moved band
  CHECK(submit(engine, &high) == TWINMATCH_OK);
  high.order_id = 3;
  high.price = 10;
  CHECK(submit(engine, &high) == TWINMATCH_PRICE_OUTSIDE_BAND);
  destroy(engine);
}

TEST_CASE("C ABI: stop, stop-limit and iceberg orders, modify of a pending stop", "[c_abi][stop][iceberg]") {
  Library lib;
  REQUIRE(lib.handle != nullptr);
  auto* create = lib.get<decltype(twinmatch_create_with_stop_orders)>("twinmatch_create_with_stop_orders");
  auto* destroy = lib.get<decltype(twinmatch_destroy)>("twinmatch_destroy");
  auto* submit = lib.get<decltype(twinmatch_submit)>("twinmatch_submit");
  auto* submit_stop = lib.get<decltype(twinmatch_submit_stop)>("twinmatch_submit_stop");
  auto* submit_iceberg = lib.get<decltype(twinmatch_submit_iceberg)>("twinmatch_submit_iceberg");
  auto* modify_stop = lib.get<decltype(twinmatch_modify_stop)>("twinmatch_modify_stop");
  auto* cancel = lib.get<decltype(twinmatch_cancel)>("twinmatch_cancel");
  auto* event_count = lib.get<decltype(twinmatch_event_count)>("twinmatch_event_count");
  auto* events = lib.get<decltype(twinmatch_events)>("twinmatch_events");
  auto* event_ids = lib.get<decltype(twinmatch_event_order_ids)>("twinmatch_event_order_ids");
  auto* open_quantity = lib.get<decltype(twinmatch_open_quantity)>("twinmatch_open_quantity");
  auto* level_at = lib.get<decltype(twinmatch_level_at)>("twinmatch_level_at");
  REQUIRE((create && destroy && submit && submit_stop && submit_iceberg && modify_stop && cancel && event_count &&
           events && event_ids && open_quantity && level_at));
  const twinmatch_config config{2, 1000, 8, 1000};
  twinmatch_engine* engine = create(&config, 1);
  REQUIRE(engine != nullptr);

  twinmatch_order iceberg{};
  iceberg.order_id = 10;
  iceberg.side = TWINMATCH_SELL;
  iceberg.price = 200;
  iceberg.quantity = 9;
  REQUIRE(submit_iceberg(engine, &iceberg, 4) == TWINMATCH_OK);
  CHECK(events(engine)[0].aux == 4);
  twinmatch_level level{};
  CHECK(level_at(engine, 0, TWINMATCH_SELL, 200, &level) == 1);
  CHECK(level.quantity == 4);
  std::uint32_t quantity = 0;
  CHECK(open_quantity(engine, 10, &quantity) == 1);
  CHECK(quantity == 9);

  twinmatch_order stop{};
  stop.order_id = 20;
  stop.side = TWINMATCH_BUY;
  stop.order_type = TWINMATCH_STOP;
  stop.tif = TWINMATCH_IOC;
  stop.quantity = 5;
  CHECK(submit(engine, &stop) == TWINMATCH_MALFORMED); // a stop needs its stop price
  CHECK(events(engine)[0].seq == 0);
  REQUIRE(submit_stop(engine, &stop, 200) == TWINMATCH_OK);
  CHECK(events(engine)[0].type == TWINMATCH_EVENT_STOP_ACCEPTED);
  CHECK(event_ids(engine)[0].order_id == 20);
  stop.order_id = 21;
  CHECK(submit_stop(engine, &stop, 300) == TWINMATCH_STOP_CAPACITY);
  twinmatch_order not_a_stop = stop;
  not_a_stop.order_type = TWINMATCH_LIMIT;
  CHECK(submit_stop(engine, &not_a_stop, 300) == TWINMATCH_MALFORMED);
  CHECK(modify_stop(engine, 20, 0, 6, 201) == TWINMATCH_OK);
  CHECK(events(engine)[0].aux == 201);
  CHECK(modify_stop(engine, 20, 0, 6, 200) == TWINMATCH_OK);

  // A buy at 200 trades, the stop triggers and takes the iceberg's replenished slices.
  twinmatch_order buy{};
  buy.order_id = 30;
  buy.price = 200;
  buy.quantity = 1;
  REQUIRE(submit(engine, &buy) == TWINMATCH_OK);
  const std::size_t count = event_count(engine);
  bool triggered = false;
  for (std::size_t i = 0; i < count; ++i) {
    if (events(engine)[i].type == TWINMATCH_EVENT_STOP_TRIGGERED) {
      triggered = true;
      CHECK(event_ids(engine)[i].order_id == 20);
    }
  }
  CHECK(triggered);
  CHECK(open_quantity(engine, 20, &quantity) == 0); // filled: 6 of the iceberg's 8
  CHECK(open_quantity(engine, 10, &quantity) == 1);
  CHECK(quantity == 2);
  CHECK(cancel(engine, 10) == TWINMATCH_OK);
  CHECK(events(engine)[0].quantity == 2);
  destroy(engine);
}

} // namespace
