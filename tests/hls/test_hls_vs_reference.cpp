// The HLS core against the reference model (the oracle) on edge-of-table streams: the same
// commands must give the same event stream, compared byte for byte.
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "edge_stream.hpp"
#include "hls_diff.hpp"
#include "hls_harness.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;
using namespace twinmatch::test;

TEST_CASE("hls vs reference: edge-of-table streams, several seeds", "[hls][diff]") {
  const std::uint64_t seed = GENERATE(1, 2, 3, 0x5eed);
  INFO("seed " << seed);
  const std::vector<Command> commands = make_edge_stream(seed, 50000);
  const std::vector<Event> events = require_identical_to_reference(commands);

  // The comparison means something only if the stream reached every kind of outcome.
  std::set<int> types;
  std::set<int> cancel_reasons;
  std::set<int> reject_reasons;
  for (const Event& event : events) {
    types.insert(event.type);
    if (event.type == static_cast<std::uint8_t>(EventType::Cancelled))
      cancel_reasons.insert(event.reason);
    if (event.type == static_cast<std::uint8_t>(EventType::Rejected))
      reject_reasons.insert(event.reason);
  }
  CHECK(types == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
  CHECK(cancel_reasons == std::set<int>{1, 2, 3, 4, 5, 6, 7});
  CHECK(reject_reasons == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14});
}

TEST_CASE("hls vs reference: full tables, the longest commands", "[hls][diff]") {
  const auto& config = kHardwareConfig;
  std::vector<Command> commands;
  // Every handle but the last rests: 16 (15 on the top level) orders of 200 on each of the 256
  // ask levels of symbol 0.
  const std::uint32_t taker = config.handles - 1;
  for (std::uint32_t handle = 0; handle < taker; ++handle)
    commands.push_back(limit(handle, Side::Sell, handle % config.price_levels, 200, 0, handle % 5));
  commands.push_back(snapshot(0, 0));
  // One market order takes all of them: 4096 fills, 256 level updates, the remainder cancelled.
  commands.push_back(market(taker, Side::Buy, config.max_quantity, TimeInForce::Ioc, 0, 9));
  commands.push_back(snapshot(0, 0));
  // Fill the bids of symbol 3 with every handle, then mass cancel them by account, then all.
  for (std::uint32_t handle = 0; handle < config.handles; ++handle)
    commands.push_back(
        limit(handle, Side::Buy, handle % config.price_levels, 1 + handle, 3, handle % 3));
  commands.push_back(mass_cancel_account(3, 1));
  commands.push_back(mass_cancel(3));
  // Every handle is free again.
  commands.push_back(limit(taker, Side::Buy, 0, 1, 1, 1));

  const std::vector<Event> events = require_identical_to_reference(commands);
  std::size_t longest = 0;
  std::size_t current = 0;
  for (const Event& event : events) {
    ++current;
    if ((event.flags & kEventLast) != 0) {
      longest = std::max(longest, current);
      current = 0;
    }
  }
  // The market order is the longest command: Accepted, 4095 fills, 256 updates, the remainder.
  CHECK(longest == 1 + taker + config.price_levels + 1);
}
