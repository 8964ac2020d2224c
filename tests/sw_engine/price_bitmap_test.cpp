// The hierarchical price bitmap against std::set, on sizes at and around the 64-ary boundaries.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <vector>

#include "twinmatch/sw/price_bitmap.hpp"

namespace twinmatch::sw {
namespace {

std::uint32_t expected_above(const std::set<std::uint32_t>& set, std::uint32_t price) {
  auto it = set.upper_bound(price);
  return it == set.end() ? kNoPrice : *it;
}

TEST_CASE("price bitmap agrees with an ordered set", "[bitmap]") {
  for (std::uint32_t prices : {1u, 2u, 63u, 64u, 65u, 4096u, 4097u, 16384u, 262144u, 262145u}) {
    const BitmapShape shape(prices);
    std::vector<std::uint64_t> words(shape.words(), 0);
    PriceBitmap bitmap(shape, words.data());
    std::set<std::uint32_t> set;
    std::mt19937 rng(prices);
    const auto draw = [&rng] { return static_cast<std::uint32_t>(rng()); };
    INFO("prices " << prices);
    CHECK(bitmap.lowest() == kNoPrice);
    for (int step = 0; step < 4000; ++step) {
      // Mostly near a few hot spots so that words fill and empty, sometimes anywhere.
      const std::uint32_t price = step % 5 == 0 ? draw() % prices : (draw() % 8 + static_cast<std::uint32_t>(step / 500) * 4099) % prices;
      if (draw() % 2 != 0) {
        bitmap.set(price);
        set.insert(price);
      } else {
        bitmap.clear(price);
        set.erase(price);
      }
      CHECK(bitmap.lowest() == (set.empty() ? kNoPrice : *set.begin()));
      const std::uint32_t probe = draw() % prices;
      CHECK(bitmap.next_above(probe) == expected_above(set, probe));
    }
  }
}

TEST_CASE("bitmap layers: 16384 prices take three layers of 256, 4 and 1 words", "[bitmap]") {
  const BitmapShape shape(16384);
  CHECK(shape.layers() == 3);
  CHECK(shape.words() == 261);
  CHECK(BitmapShape(256).layers() == 2);
  CHECK(BitmapShape(64).layers() == 1);
}

} // namespace
} // namespace twinmatch::sw
