// The invariants of docs/matching.md over random streams, checked against the engine's own book
// after every command: never crossed at rest, per-order quantity accounted for by its events,
// level totals equal to the sums over resting orders, every command ending with one last event.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "random_stream.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

namespace twinmatch::sw_test {
namespace {

using sw::Core;
using sw::kNoPrice;
using sw::VectorSink;

void check_stream(const CoreConfig& config, const StreamShape& shape, std::uint64_t seed, std::size_t count) {
  std::vector<Event> events;
  Core<VectorSink> core(config, events);
  RandomStream stream(config, shape, seed);
  std::vector<std::uint32_t> open(config.handles, 0); // open quantity as the events tell it
  std::vector<sw::LevelView> levels(config.price_levels);
  std::uint64_t failures = 0;

  for (std::size_t i = 0; i < count && failures == 0; ++i) {
    const Command c = stream.next();
    const std::size_t first = events.size();
    core.apply(c);
    REQUIRE(events.size() > first);
    std::vector<std::uint32_t> touched;
    for (std::size_t k = first; k < events.size(); ++k) {
      const Event& e = events[k];
      const bool last = k + 1 == events.size();
      if ((e.flags == kEventLast) != last) ++failures;
      switch (static_cast<EventType>(e.type)) {
      case EventType::Accepted:
      case EventType::Modified: open[e.handle] = e.quantity; touched.push_back(e.handle); break;
      case EventType::Fill:
        if (open[e.handle] < e.quantity || open[e.handle] - e.quantity != e.remaining) ++failures;
        if (open[e.maker_handle] < e.quantity || open[e.maker_handle] - e.quantity != e.maker_remaining) ++failures;
        open[e.handle] = e.remaining;
        open[e.maker_handle] = e.maker_remaining;
        touched.push_back(e.maker_handle);
        break;
      case EventType::Cancelled:
        if (e.quantity != open[e.handle]) ++failures;
        open[e.handle] = 0;
        touched.push_back(e.handle);
        break;
      default: break;
      }
    }
    for (std::uint32_t handle : touched) {
      if (core.open_quantity(handle) != open[handle]) ++failures;
    }
    for (std::uint16_t symbol = 0; symbol < config.symbols; ++symbol) {
      const std::uint32_t bid = core.best_price(symbol, Side::Buy);
      const std::uint32_t ask = core.best_price(symbol, Side::Sell);
      if (bid != kNoPrice && ask != kNoPrice && bid >= ask) ++failures;
    }
    INFO("seed " << seed << " command " << i << ": " << describe_all({events.begin() + static_cast<std::ptrdiff_t>(first), events.end()}));
    REQUIRE(failures == 0);
  }

  // Level totals against the resting orders, from the events' view of open quantities.
  std::map<std::tuple<std::uint16_t, std::uint8_t, std::uint32_t>, std::pair<std::uint64_t, std::uint32_t>> sums;
  for (std::uint32_t handle = 0; handle < config.handles; ++handle) {
    if (!core.is_resting(handle)) {
      CHECK(open[handle] == 0);
      continue;
    }
    const sw::Order& o = core.book().order(handle);
    auto& sum = sums[{o.symbol, o.side, o.price}];
    sum.first += open[handle];
    sum.second += 1;
  }
  std::size_t level_count = 0;
  for (std::uint16_t symbol = 0; symbol < config.symbols; ++symbol) {
    for (Side side : {Side::Buy, Side::Sell}) {
      const std::size_t n = core.book().levels(symbol, side, levels);
      for (std::size_t k = 0; k < n; ++k) {
        if (k > 0) CHECK((side == Side::Buy ? levels[k].price < levels[k - 1].price : levels[k].price > levels[k - 1].price));
        const auto& sum = sums[{symbol, static_cast<std::uint8_t>(side), levels[k].price}];
        CHECK(levels[k].quantity == sum.first);
        CHECK(levels[k].orders == sum.second);
      }
      level_count += n;
    }
  }
  CHECK(level_count == sums.size());
}

TEST_CASE("invariants hold over random streams on the hardware configuration", "[invariants]") {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) check_stream(kHardwareConfig, StreamShape{}, seed, 20000);
}

TEST_CASE("invariants hold with wide prices, many symbols and few handles", "[invariants]") {
  StreamShape shape;
  shape.symbols = 5;
  shape.spread = 3000;
  shape.max_quantity = 1000;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) check_stream(CoreConfig{5, 16384, 512, 1000}, shape, seed, 20000);
}

} // namespace
} // namespace twinmatch::sw_test
