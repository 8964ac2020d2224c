// The order book's storage does not grow with the band's width: levels live in 64-level blocks
// (and blocks in pages) taken from pools on first use and given back when empty, so a 2^32 - 1
// tick band costs its per-side page tables and nothing per unused price.
#include <catch2/catch.hpp>

#include <vector>

#include "commands.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/engine.hpp"
#include "twinmatch/sw/sinks.hpp"

namespace twinmatch::sw_test {
namespace {

constexpr CoreConfig kWidest{2, 0xFFFFFFFFu, 64, 1000};

TEST_CASE("a 2^32 - 1 tick band keeps its levels in blocks that go back when empty", "[sparse]") {
  std::vector<Event> events;
  sw::Core<sw::VectorSink> core(kWidest, events);
  // Fixed part: two sides' page tables (256 KiB each) and their bitmaps; the pools hold at most
  // 64 orders' blocks and pages.
  CHECK(core.book().pool_bytes() < (std::size_t{4} << 20));
  CHECK(!core.book().dense());
  const std::vector<std::uint32_t> bids{0, 27'000, 27'063, 27'064, 65'535, 65'536, 66'000};
  const std::vector<std::uint32_t> asks{4'000'000'000u, 4'000'000'063u, 0xFFFFFFFEu};
  std::uint32_t handle = 0;
  for (std::uint32_t price : bids) core.apply(limit(handle++, Side::Buy, price, 1 + price % 7));
  for (std::uint32_t price : asks) core.apply(limit(handle++, Side::Sell, price, 3));
  core.apply(limit(handle++, Side::Sell, 0xFFFFFFFFu, 3)); // past the band's end
  CHECK(events.back().reason == static_cast<std::uint8_t>(RejectReason::PriceOutsideBand));
  CHECK(core.best_price(0, Side::Buy) == 66'000);
  CHECK(core.best_price(0, Side::Sell) == 4'000'000'000u);
  CHECK(core.book().live_blocks() >= 7);
  CHECK(core.book().live_blocks() <= bids.size() + asks.size());
  CHECK(core.book().live_pages() >= 4);

  std::vector<sw::LevelView> levels(16);
  REQUIRE(core.book().levels(0, Side::Buy, levels) == bids.size());
  for (std::size_t i = 0; i < bids.size(); ++i) CHECK(levels[i].price == bids[bids.size() - 1 - i]);
  REQUIRE(core.book().levels(0, Side::Sell, levels) == asks.size());
  for (std::size_t i = 0; i < asks.size(); ++i) CHECK(levels[i].price == asks[i]);

  // A sweep through the whole band: a sell at 0 takes every bid, best first.
  core.apply(limit(handle++, Side::Sell, 0, 1000));
  CHECK(core.best_price(0, Side::Buy) == sw::kNoPrice);
  CHECK(core.best_price(0, Side::Sell) == 0);
  core.apply(cancel(handle - 1));
  for (std::uint32_t h = static_cast<std::uint32_t>(bids.size()); h < bids.size() + asks.size(); ++h)
    core.apply(cancel(h));
  CHECK(core.best_price(0, Side::Sell) == sw::kNoPrice);
  CHECK(core.book().live_blocks() == 0);
  CHECK(core.book().live_pages() == 0);
}

TEST_CASE("the hardware and CPU default bands keep dense blocks, wider ones pooled blocks", "[sparse]") {
  CHECK(sw::OrderBook(kHardwareConfig).dense());
  CHECK(sw::OrderBook(kCpuConfig).dense());
  CHECK(!sw::OrderBook(CoreConfig{64, 1u << 20, 1u << 20, 1000}).dense());
}

TEST_CASE("drop-in: the default engine with a 2^32 - 1 tick band trades far from zero", "[sparse][drop_in]") {
  sw::MatchingEngine engine(CoreConfig{64, 0xFFFFFFFFu, 1u << 20, 1'000'000'000});
  sw::OrderRequest sell{.order_id = 1, .symbol = 63, .side = Side::Sell, .price = 4'000'000'000u, .quantity = 5};
  REQUIRE(engine.submit(sell) == sw::Status::Ok);
  sw::OrderRequest buy{.order_id = 2, .symbol = 63, .side = Side::Buy, .price = 4'000'000'001u, .quantity = 7};
  REQUIRE(engine.submit(buy) == sw::Status::Ok);
  CHECK(engine.best_bid(63) == 4'000'000'001u);
  CHECK(engine.best_ask(63) == std::nullopt);
  CHECK(engine.set_band(63, 64) == sw::Status::PriceOutOfRange); // the band would pass 2^32 - 1
  CHECK(engine.set_band(63, 0) == sw::Status::Ok);
}

TEST_CASE("drop-in: a best price of 2^32 - 1 is a price, not the empty marker", "[sparse][drop_in]") {
  sw::MatchingEngine engine(CoreConfig{2, 1024, 64, 1000});
  REQUIRE(engine.set_band(1, 0xFFFFFC00u) == sw::Status::Ok); // the band ends at 2^32 - 1
  CHECK(engine.best_ask(1) == std::nullopt);
  sw::OrderRequest sell{.order_id = 1, .symbol = 1, .side = Side::Sell, .price = 0xFFFFFFFFu, .quantity = 5};
  REQUIRE(engine.submit(sell) == sw::Status::Ok);
  CHECK(engine.best_ask(1) == 0xFFFFFFFFu);
  CHECK(engine.best_bid(1) == std::nullopt);
}

} // namespace
} // namespace twinmatch::sw_test
