// The drop-in engine's id map: ids whose hashes share the 32-bit tag a slot keeps, growth from a
// small table, and every operation against a std::map.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "twinmatch/sw/order_id_map.hpp"

namespace twinmatch::sw {
namespace {

// The multiplicative inverse of the map's hash multiplier modulo 2^64 (Newton's iteration).
constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t inverse(std::uint64_t a) {
  std::uint64_t x = a; // correct to 3 bits for odd a; each step doubles them
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
static_assert(kMultiplier * inverse(kMultiplier) == 1);

// Ids whose hashes differ only in their low 32 bits: the same tag, the same home slot.
std::vector<std::uint64_t> same_tag_ids(std::size_t count) {
  std::vector<std::uint64_t> ids;
  for (std::uint64_t low = 1; ids.size() < count; ++low) ids.push_back((0xABCD1234ull << 32 | low) * inverse(kMultiplier));
  return ids;
}

TEST_CASE("id map: ids that share a tag are told apart by the id kept for their handle", "[order_id_map]") {
  OrderIdMap map(64, 16);
  const std::vector<std::uint64_t> ids = same_tag_ids(6);
  for (std::uint32_t h = 0; h < ids.size(); ++h) REQUIRE(map.insert(ids[h], h));
  for (std::uint32_t h = 0; h < ids.size(); ++h) CHECK(map.find(ids[h]) == h);
  CHECK(!map.insert(ids[3], 40)); // a duplicate, found past the first three of its run
  CHECK(map.find(ids[0] + 1) == OrderIdMap::kAbsent);
  map.erase_handle(1);
  map.erase(ids[4]);
  CHECK(map.find(ids[1]) == OrderIdMap::kAbsent);
  CHECK(map.find(ids[4]) == OrderIdMap::kAbsent);
  for (const std::uint32_t h : {0u, 2u, 3u, 5u}) CHECK(map.find(ids[h]) == h);
  CHECK(map.insert(ids[1], 7));
  CHECK(map.find(ids[1]) == 7);
  CHECK(map.id_of(7) == ids[1]);
  CHECK(map.size() == 5);
}

TEST_CASE("id map: grows from a small table and agrees with std::map on every operation", "[order_id_map]") {
  constexpr std::uint32_t kHandles = 5000;
  OrderIdMap map(kHandles, 16);
  std::map<std::uint64_t, std::uint32_t> expected;
  std::vector<std::uint32_t> free_handles;
  for (std::uint32_t h = kHandles; h-- > 0;) free_handles.push_back(h);
  std::uint64_t state = 99;
  const auto next = [&state] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  for (int step = 0; step < 200'000; ++step) {
    const std::uint64_t r = next();
    // Small ids collide often enough to exercise duplicates; a few share tags.
    const std::uint64_t id = (r >> 60) < 2 ? same_tag_ids(8)[(r >> 8) % 8] : (r >> 20) % 20000;
    const bool add = (r >> 40) % 3 != 0 && !free_handles.empty();
    if (add) {
      const bool fresh = !expected.contains(id);
      REQUIRE(map.insert(id, free_handles.back()) == fresh);
      if (fresh) {
        expected[id] = free_handles.back();
        free_handles.pop_back();
      }
    } else {
      const auto it = expected.find(id);
      REQUIRE(map.find(id) == (it == expected.end() ? OrderIdMap::kAbsent : it->second));
      if (it != expected.end()) {
        map.erase_handle(it->second);
        free_handles.push_back(it->second);
        expected.erase(it);
      }
    }
  }
  REQUIRE(map.size() == expected.size());
  for (const auto& [id, handle] : expected) CHECK(map.find(id) == handle);
  CHECK(map.slots() >= 2 * map.size());
  CHECK(map.slots() > 16);
}

} // namespace
} // namespace twinmatch::sw
