// The venue-sized HLS core (hlscore::kVenueConfig: 256 symbols, a 4,096-tick band, 65,536
// orders) against the reference model, byte for byte: a generated banded stream over many
// symbols, and full tables (the longest sweep and the longest band move the loop bounds allow).
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "hls_diff.hpp"
#include "support/commands.hpp"
#include "twinmatch/hls/hw_config.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;
using namespace twinmatch::test;

namespace {

constexpr const CoreConfig& kVenue = hlscore::kVenueConfig;

// The most events any one command of `events` caused.
std::size_t longest_command(const std::vector<Event>& events) {
  std::size_t longest = 0;
  std::size_t current = 0;
  for (const Event& event : events) {
    ++current;
    if ((event.flags & kEventLast) != 0) {
      longest = std::max(longest, current);
      current = 0;
    }
  }
  return longest;
}

} // namespace

TEST_CASE("hls venue vs reference: a banded stream over many symbols", "[hls][venue][diff]") {
  const std::vector<Command> commands =
      tools::generate(kVenue, tools::Scenario::Banded, 17, 60000);
  REQUIRE(commands.size() == 60000);
  const std::vector<Event> events = require_identical_to_reference(commands, kVenue);

  // It means something only if it reached many books, far-from-zero prices and band moves.
  std::set<std::uint16_t> symbols;
  std::size_t band_moves = 0;
  std::uint32_t highest_price = 0;
  for (const Event& event : events) {
    if (event.type == static_cast<std::uint8_t>(EventType::Accepted)) symbols.insert(event.symbol);
    if (event.type == static_cast<std::uint8_t>(EventType::BandSet)) ++band_moves;
    highest_price = std::max(highest_price, event.price);
  }
  CHECK(symbols.size() >= 200);
  CHECK(band_moves >= 10);
  CHECK(highest_price > 1'000'000'000u);
}

TEST_CASE("hls venue vs reference: full tables, the longest sweep and band move",
          "[hls][venue][diff]") {
  std::vector<Command> commands;
  constexpr std::uint32_t kBase = 0x40000000u;
  commands.push_back(set_band(7, kBase));
  // Every handle but the last rests on the asks of symbol 7: 16 orders on each of 4096 levels
  // (15 on the top one), entered from the top of the band down so that the levels fill in
  // reverse of their slot order.
  const std::uint32_t taker = kVenue.handles - 1;
  for (std::uint32_t handle = 0; handle < taker; ++handle)
    commands.push_back(limit(handle, Side::Sell, kBase + kVenue.price_levels - 1 -
                                                     handle % kVenue.price_levels,
                             10, 7, handle % 5));
  commands.push_back(snapshot(7, 0));
  // One market order takes every one of them: 65535 fills, 4096 level updates, the remainder.
  commands.push_back(market(taker, Side::Buy, kVenue.max_quantity, TimeInForce::Ioc, 7, 9));
  // Every handle rests again, as bids of symbol 200 over a band moved up half a width; then a
  // move by a whole band width cancels every one of them.
  commands.push_back(set_band(200, 2048));
  for (std::uint32_t handle = 0; handle < kVenue.handles; ++handle)
    commands.push_back(limit(handle, Side::Buy, 2048 + (handle * 7) % kVenue.price_levels,
                             1 + handle % 1000, 200, handle % 3));
  commands.push_back(set_band(200, 2048 + kVenue.price_levels));
  commands.push_back(snapshot(200, 0));

  const std::vector<Event> events = require_identical_to_reference(commands, kVenue);
  // The longest commands, 69,633 events each: the sweep (Accepted, 65535 fills, 4096 updates,
  // the remainder) and the band move (65536 cancels, 4096 updates, BandSet).
  CHECK(longest_command(events) == kVenue.handles + kVenue.price_levels + 1);
}
