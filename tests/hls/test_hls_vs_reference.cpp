// The HLS core against the reference model (the oracle) on edge-of-table streams: the same
// commands must give the same event stream, compared byte for byte.
#include <set>

#include <catch2/catch.hpp>

#include "edge_stream.hpp"
#include "hls_diff.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;

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
  CHECK(types == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(cancel_reasons == std::set<int>{1, 2, 3, 4, 5, 6});
  CHECK(reject_reasons == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
}
