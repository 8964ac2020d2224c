// The host stand-in of PackedBits (hls/include/twinmatch/hls/packed_bits.hpp): fields read back
// what was written, a field across the 64-bit boundary included, and writing one field leaves
// its neighbours alone.
#include <catch2/catch.hpp>

#include "twinmatch/hls/core.hpp"

using namespace twinmatch::hlscore;

TEST_CASE("hls packed bits: fields round-trip and keep their neighbours", "[hls][packed]") {
  PackedBits<69> word{}; // HwConfig's level word: head 12 | tail 12 | count 13 | quantity 32
  set_bits(word, 0, 12, 0xFFF);
  set_bits(word, 12, 12, 0xABC);
  set_bits(word, 24, 13, 0x1FFF);
  set_bits(word, 37, 32, 0xDEADBEEF); // bits 37 .. 68: across the first word's end
  CHECK(get_bits(word, 0, 12) == 0xFFF);
  CHECK(get_bits(word, 12, 12) == 0xABC);
  CHECK(get_bits(word, 24, 13) == 0x1FFF);
  CHECK(get_bits(word, 37, 32) == 0xDEADBEEF);

  set_bits(word, 37, 32, 1);
  set_bits(word, 12, 12, 0);
  CHECK(get_bits(word, 0, 12) == 0xFFF);
  CHECK(get_bits(word, 12, 12) == 0);
  CHECK(get_bits(word, 24, 13) == 0x1FFF);
  CHECK(get_bits(word, 37, 32) == 1);

  // A value wider than its field keeps only the field's bits.
  set_bits(word, 24, 13, 0xFFFFFFFF);
  CHECK(get_bits(word, 24, 13) == 0x1FFF);
  CHECK(get_bits(word, 37, 32) == 1);

  PackedBits<20> open{};
  set_word(open, 1000000);
  CHECK(word_value(open) == 1000000);
}

TEST_CASE("hls packed bits: the memory words are their fields' widths", "[hls][packed]") {
  // info: account 32, slot, symbol, side, stp 2, post-only, peak (quantity width);
  // level: head, tail, count, displayed quantity, hidden quantity;
  // stop: handle, stop price 32, side, market, tif 2.
  CHECK(InfoLayout<HwConfig>::kBits == 66);
  CHECK(LevelLayout<HwConfig>::kBits == 101);
  CHECK(StopLayout<HwConfig>::kBits == 48);
  CHECK(InfoLayout<VenueConfig>::kBits == 76);
  CHECK(LevelLayout<VenueConfig>::kBits == 121);
  CHECK(StopLayout<VenueConfig>::kBits == 52);
}
