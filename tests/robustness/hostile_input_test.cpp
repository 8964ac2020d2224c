// The hostile input catalogue: one table of bad commands, each run through every backend after
// the same set-up. Every backend must answer with the one documented reject, and the book must
// read the same (a full snapshot of every symbol) before and after.
#include <catch2/catch.hpp>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "support/commands.hpp"
#include "support/event_text.hpp"
#include "twinmatch/tools/backends.hpp"

using namespace twinmatch;
using namespace twinmatch::test;

namespace {

const std::vector<std::string> kBackends = {"ref", "sw", "hls", "rtl"};
constexpr CoreConfig kConfig = kHardwareConfig;
constexpr std::uint16_t kLastSymbol = kConfig.symbols - 1;
constexpr std::uint32_t kLastHandle = kConfig.handles - 1;
constexpr std::uint32_t kTopPrice = kConfig.price_levels - 1;

struct HostileCase {
  const char* name;
  Command command;
  RejectReason reason;
};

Command changed(Command command, const std::function<void(Command&)>& change) {
  change(command);
  return command;
}

// A small two-sided book on symbol 0 and one order on the last symbol.
std::vector<Command> setup() {
  return {buy(1, 100, 10, 7), buy(2, 99, 5, 8), sell(3, 102, 4, 7),
          new_order({.handle = 4, .side = Side::Sell, .price = 103, .quantity = 6,
                     .post_only = true}),
          new_order({.handle = kLastHandle, .side = Side::Buy, .price = kTopPrice,
                     .quantity = kConfig.max_quantity, .symbol = kLastSymbol})};
}

std::vector<HostileCase> catalogue() {
  const Command order = buy(5, 101, 1);
  return {
      {"opcode 0", changed(order, [](Command& c) { c.opcode = 0; }), RejectReason::Malformed},
      {"opcode 7", changed(order, [](Command& c) { c.opcode = 7; }), RejectReason::Malformed},
      {"SetBand with a new order's fields", changed(order, [](Command& c) { c.opcode = 6; }),
       RejectReason::Malformed},
      {"opcode 255", changed(order, [](Command& c) { c.opcode = 255; }), RejectReason::Malformed},
      {"version 0", changed(order, [](Command& c) { c.version = 0; }), RejectReason::Malformed},
      {"the previous version", changed(order, [](Command& c) { c.version = kOldestProtocolVersion - 1; }),
       RejectReason::Malformed},
      {"the next version", changed(order, [](Command& c) { c.version = kProtocolVersion + 1; }),
       RejectReason::Malformed},
      {"reserved0 set", changed(order, [](Command& c) { c.reserved0 = 0x40; }),
       RejectReason::Malformed},
      {"aux set", changed(order, [](Command& c) { c.aux = 1; }),
       RejectReason::Malformed},
      {"side 2", changed(order, [](Command& c) { c.side = 2; }), RejectReason::Malformed},
      {"order type 7", changed(order, [](Command& c) { c.order_type = 7; }),
       RejectReason::Malformed},
      {"tif 3", changed(order, [](Command& c) { c.tif = 3; }), RejectReason::Malformed},
      {"stp 4", changed(order, [](Command& c) { c.stp = 4; }), RejectReason::Malformed},
      {"undefined flag bit", changed(order, [](Command& c) { c.flags = 0x08; }),
       RejectReason::Malformed},
      {"iceberg flag on a version-2 order", changed(order, [](Command& c) {
         c.version = kOldestProtocolVersion;
         c.flags = kFlagIceberg;
         c.aux = 1;
       }),
       RejectReason::Malformed},
      {"iceberg without a peak", changed(order, [](Command& c) { c.flags = kFlagIceberg; }),
       RejectReason::InvalidCombination},
      {"by-account flag on a new order", changed(order, [](Command& c) { c.flags = kFlagByAccount; }),
       RejectReason::Malformed},
      {"depth on a new order", changed(order, [](Command& c) { c.depth = 3; }),
       RejectReason::Malformed},
      {"market order with a price", changed(market(5, Side::Buy, 1), [](Command& c) { c.price = 1; }),
       RejectReason::Malformed},
      {"cancel with a quantity", changed(cancel(1), [](Command& c) { c.quantity = 1; }),
       RejectReason::Malformed},
      {"cancel with a symbol", changed(cancel(1), [](Command& c) { c.symbol = 1; }),
       RejectReason::Malformed},
      {"modify with an account", changed(modify(1, 100, 5), [](Command& c) { c.account = 9; }),
       RejectReason::Malformed},
      {"modify with a side", changed(modify(1, 100, 5), [](Command& c) { c.side = 1; }),
       RejectReason::Malformed},
      {"mass cancel with an account but no flag",
       changed(mass_cancel(0), [](Command& c) { c.account = 7; }), RejectReason::Malformed},
      {"mass cancel with a handle", changed(mass_cancel(0), [](Command& c) { c.handle = 1; }),
       RejectReason::Malformed},
      {"snapshot with a price", changed(snapshot(0), [](Command& c) { c.price = 100; }),
       RejectReason::Malformed},
      {"all ones", changed(order, [](Command& c) { std::memset(&c, 0xff, sizeof c); }),
       RejectReason::Malformed},
      {"new order, unknown symbol",
       new_order({.handle = 5, .side = Side::Buy, .price = 100, .quantity = 1,
                  .symbol = kConfig.symbols}),
       RejectReason::UnknownSymbol},
      {"new order, symbol 65535",
       new_order({.handle = 5, .side = Side::Buy, .price = 100, .quantity = 1, .symbol = 65535}),
       RejectReason::UnknownSymbol},
      {"mass cancel, unknown symbol", mass_cancel(kConfig.symbols), RejectReason::UnknownSymbol},
      {"snapshot, unknown symbol", snapshot(kConfig.symbols), RejectReason::UnknownSymbol},
      {"new order, handle past the table", buy(kConfig.handles, 100, 1),
       RejectReason::HandleOutOfRange},
      {"new order, handle 2^32-1", buy(0xffffffffu, 100, 1), RejectReason::HandleOutOfRange},
      {"cancel, handle past the table", cancel(kConfig.handles), RejectReason::HandleOutOfRange},
      {"modify, handle past the table", modify(kConfig.handles, 100, 1),
       RejectReason::HandleOutOfRange},
      {"new order reusing a resting handle", buy(1, 90, 1), RejectReason::HandleInUse},
      {"new order reusing the last handle", sell(kLastHandle, 150, 1), RejectReason::HandleInUse},
      {"cancel of an unknown handle", cancel(5), RejectReason::UnknownHandle},
      {"modify of an unknown handle", modify(5, 100, 1), RejectReason::UnknownHandle},
      {"new order, zero quantity", buy(5, 100, 0), RejectReason::ZeroQuantity},
      {"modify to zero quantity", modify(1, 100, 0), RejectReason::ZeroQuantity},
      {"new order, quantity one over the limit", buy(5, 100, kConfig.max_quantity + 1),
       RejectReason::QuantityTooLarge},
      {"new order, quantity 2^32-1", buy(5, 100, 0xffffffffu), RejectReason::QuantityTooLarge},
      {"modify, quantity over the limit", modify(1, 100, kConfig.max_quantity + 1),
       RejectReason::QuantityTooLarge},
      {"new order, price one past the band", buy(5, kConfig.price_levels, 1),
       RejectReason::PriceOutsideBand},
      {"new order, price 2^32-1", sell(5, 0xffffffffu, 1), RejectReason::PriceOutsideBand},
      {"modify, price outside the band", modify(1, kConfig.price_levels, 1),
       RejectReason::PriceOutsideBand},
      {"market GTC", market(5, Side::Buy, 1, TimeInForce::Gtc), RejectReason::InvalidCombination},
      {"market post-only",
       new_order({.handle = 5, .side = Side::Buy, .price = 0, .quantity = 1,
                  .tif = TimeInForce::Ioc, .type = OrderType::Market, .post_only = true}),
       RejectReason::InvalidCombination},
      {"post-only IOC",
       new_order({.handle = 5, .side = Side::Buy, .price = 90, .quantity = 1,
                  .tif = TimeInForce::Ioc, .post_only = true}),
       RejectReason::InvalidCombination},
      {"FOK with self-trade prevention",
       new_order({.handle = 5, .side = Side::Buy, .price = 90, .quantity = 1,
                  .tif = TimeInForce::Fok, .stp = StpMode::CancelResting}),
       RejectReason::InvalidCombination},
      {"post-only buy at the best ask",
       new_order({.handle = 5, .side = Side::Buy, .price = 102, .quantity = 1, .post_only = true}),
       RejectReason::PostOnlyWouldCross},
      {"post-only sell through the best bid",
       new_order({.handle = 5, .side = Side::Sell, .price = 50, .quantity = 1, .post_only = true}),
       RejectReason::PostOnlyWouldCross},
      {"post-only order modified to cross", modify(4, 100, 6), RejectReason::PostOnlyWouldCross},
  };
}

std::vector<Command> full_snapshot() {
  std::vector<Command> commands;
  for (std::uint16_t symbol = 0; symbol < kConfig.symbols; ++symbol) {
    commands.push_back(snapshot(symbol));
  }
  return commands;
}

// The events of the commands from `first` on, as text, without their sequence numbers.
std::vector<std::string> texts_from(const std::vector<Event>& events, std::uint64_t first_cmd_seq,
                                    std::uint64_t end_cmd_seq) {
  std::vector<std::string> texts;
  for (const Event& event : events) {
    if (event.cmd_seq >= first_cmd_seq && event.cmd_seq < end_cmd_seq) {
      texts.push_back(event_text(event));
    }
  }
  return texts;
}

std::vector<Event> run_backend(const std::string& name, const std::vector<Command>& commands) {
  std::string error;
  const auto backend = tools::make_backend(name, kConfig, {}, error);
  INFO(error);
  REQUIRE(backend);
  std::vector<Event> events;
  tools::Metrics metrics;
  backend->run(commands, events, metrics);
  return events;
}

} // namespace

TEST_CASE("hostile commands get the documented reject on every backend, and change nothing",
          "[robustness]") {
  const auto cases = catalogue();
  const auto before = full_snapshot();
  // One stream per backend: set-up, then for each case a snapshot, the bad command, a snapshot.
  std::vector<Command> stream = setup();
  for (const HostileCase& hostile : cases) {
    stream.insert(stream.end(), before.begin(), before.end());
    stream.push_back(hostile.command);
  }
  stream.insert(stream.end(), before.begin(), before.end());

  std::vector<Event> reference_events;
  for (const std::string& backend : kBackends) {
    INFO("backend " << backend);
    const std::vector<Event> events = run_backend(backend, stream);
    const std::uint64_t snapshot_commands = before.size();
    std::uint64_t cmd_seq = setup().size() + 1;
    const auto book = texts_from(events, cmd_seq, cmd_seq + snapshot_commands);
    REQUIRE(book.size() > kConfig.symbols); // the set-up left rows to compare
    for (const HostileCase& hostile : cases) {
      INFO("case: " << hostile.name);
      CHECK(texts_from(events, cmd_seq, cmd_seq + snapshot_commands) == book);
      cmd_seq += snapshot_commands;
      const auto answer = texts_from(events, cmd_seq, cmd_seq + 1);
      REQUIRE(answer.size() == 1);
      const Event expected_reject = [&] {
        Event event{};
        event.type = static_cast<std::uint8_t>(EventType::Rejected);
        event.flags = kEventLast;
        event.reason = static_cast<std::uint8_t>(hostile.reason);
        event.handle = hostile.command.handle;
        event.symbol = hostile.command.symbol;
        return event;
      }();
      CHECK(answer.front() == event_text(expected_reject));
      cmd_seq += 1;
    }
    CHECK(texts_from(events, cmd_seq, cmd_seq + snapshot_commands) == book);
    if (reference_events.empty()) {
      reference_events = events;
    } else {
      REQUIRE(events.size() == reference_events.size());
      CHECK(std::memcmp(events.data(), reference_events.data(), events.size() * sizeof(Event)) == 0);
    }
  }
}

TEST_CASE("a flood fills every handle, then bounces, then drains, on every backend",
          "[robustness][flood]") {
  // Every handle rests (spread over every symbol, side and price); the next orders bounce off
  // the full table; a mass cancel frees symbol 0's handles, which then carry one market order
  // per side of every other book that sweeps it empty.
  std::vector<Command> stream;
  for (std::uint32_t handle = 0; handle < kConfig.handles; ++handle) {
    const auto symbol = static_cast<std::uint16_t>(handle % kConfig.symbols);
    const bool is_buy = (handle / kConfig.symbols) % 2 == 0;
    const std::uint32_t half = kConfig.price_levels / 2;
    const std::uint32_t offset = (handle / (2 * kConfig.symbols)) % half;
    stream.push_back(new_order({.handle = handle,
                                .side = is_buy ? Side::Buy : Side::Sell,
                                .price = is_buy ? half - 1 - offset : half + offset,
                                .quantity = 1 + handle % 7,
                                .account = handle % 5,
                                .symbol = symbol}));
  }
  stream.push_back(buy(kConfig.handles, 1, 1));
  stream.push_back(buy(0, 1, 1));
  stream.push_back(mass_cancel(0));
  std::uint32_t freed_handle = 0; // symbol 0 held every handle divisible by the symbol count
  for (std::uint16_t symbol = 1; symbol < kConfig.symbols; ++symbol) {
    for (const Side side : {Side::Buy, Side::Sell}) {
      stream.push_back(new_order({.handle = freed_handle,
                                  .side = side,
                                  .price = 0,
                                  .quantity = kConfig.max_quantity,
                                  .symbol = symbol,
                                  .tif = TimeInForce::Ioc,
                                  .type = OrderType::Market}));
      freed_handle += kConfig.symbols;
    }
  }
  const auto snapshots = full_snapshot();
  stream.insert(stream.end(), snapshots.begin(), snapshots.end());

  std::vector<Event> reference_events;
  for (const std::string& backend : kBackends) {
    INFO("backend " << backend);
    const std::vector<Event> events = run_backend(backend, stream);
    if (reference_events.empty()) {
      reference_events = events;
      std::size_t rests = 0, bounces = 0, fills = 0, empty_books = 0;
      for (const Event& event : events) {
        const auto type = static_cast<EventType>(event.type);
        if (type == EventType::LevelUpdate && event.cmd_seq <= kConfig.handles) ++rests;
        if (type == EventType::Rejected) ++bounces;
        if (type == EventType::Fill) ++fills;
        if (type == EventType::SnapshotEnd && event.order_count == 0) ++empty_books;
      }
      CHECK(rests == kConfig.handles);
      CHECK(bounces == 2);
      CHECK(fills == kConfig.handles - kConfig.handles / kConfig.symbols);
      CHECK(empty_books == kConfig.symbols);
    } else {
      REQUIRE(events.size() == reference_events.size());
      CHECK(std::memcmp(events.data(), reference_events.data(), events.size() * sizeof(Event)) == 0);
    }
  }
}
