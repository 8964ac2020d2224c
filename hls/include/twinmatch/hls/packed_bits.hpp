// PackedBits<Bits>: a memory word of exactly `Bits` bits, with get_bits / set_bits on a field of
// it. With the Vitis HLS headers it is ap_uint<Bits> and the fields are range() slices; else a
// host stand-in that stores the bits in 64-bit words. The core keeps its tables in these words
// so that a memory is as wide as its fields, not as wide as their C types.
#pragma once

#include <cstdint>

#if __has_include(<ap_int.h>)
#include <ap_int.h>

namespace twinmatch::hlscore {

template <unsigned Bits>
using PackedBits = ap_uint<Bits>;

// ap_uint's width parameter is an int: deduce it as one.
template <int Bits>
std::uint64_t get_bits(const ap_uint<Bits>& word, unsigned low, unsigned width) {
  return word.range(low + width - 1, low).to_uint64();
}

template <int Bits>
void set_bits(ap_uint<Bits>& word, unsigned low, unsigned width, std::uint64_t value) {
  word.range(low + width - 1, low) = value;
}

// A word that is one field (a quantity, a link): its value, and a write of all of it.
template <int Bits>
std::uint64_t word_value(const ap_uint<Bits>& word) {
  return word.to_uint64();
}

template <int Bits>
void set_word(ap_uint<Bits>& word, std::uint64_t value) {
  word = value;
}

} // namespace twinmatch::hlscore

#else

namespace twinmatch::hlscore {

template <unsigned Bits>
struct PackedBits {
  static_assert(Bits >= 1 && Bits <= 128, "the stand-in holds up to 128 bits");
  std::uint64_t words[(Bits + 63) / 64] = {};
};

constexpr std::uint64_t field_mask(unsigned width) {
  return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
}

// The field [low, low + width) of `word`; width <= 64 and the field lies inside Bits.
template <unsigned Bits>
std::uint64_t get_bits(const PackedBits<Bits>& word, unsigned low, unsigned width) {
  const unsigned index = low / 64;
  const unsigned shift = low % 64;
  std::uint64_t value = word.words[index] >> shift;
  if (shift != 0 && shift + width > 64) value |= word.words[index + 1] << (64 - shift);
  return value & field_mask(width);
}

template <unsigned Bits>
void set_bits(PackedBits<Bits>& word, unsigned low, unsigned width, std::uint64_t value) {
  const unsigned index = low / 64;
  const unsigned shift = low % 64;
  const std::uint64_t mask = field_mask(width);
  value &= mask;
  word.words[index] = (word.words[index] & ~(mask << shift)) | (value << shift);
  if (shift != 0 && shift + width > 64) {
    const std::uint64_t high_mask = field_mask(shift + width - 64);
    word.words[index + 1] = (word.words[index + 1] & ~high_mask) | (value >> (64 - shift));
  }
}

// A word that is one field (a quantity, a link): its value, and a write of all of it.
template <unsigned Bits>
std::uint64_t word_value(const PackedBits<Bits>& word) {
  return get_bits(word, 0, Bits);
}

template <unsigned Bits>
void set_word(PackedBits<Bits>& word, std::uint64_t value) {
  set_bits(word, 0, Bits, value);
}

} // namespace twinmatch::hlscore

#endif
