// SplitMix64 (Steele, Lea, Flood 2014): a tiny PRNG whose output is fixed by the algorithm, not
// by the standard library, so generated streams are the same everywhere.
#pragma once

#include <cstdint>

namespace twinmatch::tools {

class SplitMix64 {
public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // Uniform enough in [0, bound) for bound > 0 (the modulo bias is below 2^-32 for our bounds).
  std::uint32_t below(std::uint32_t bound) { return static_cast<std::uint32_t>(next() % bound); }

  // In [low, high].
  std::uint32_t between(std::uint32_t low, std::uint32_t high) {
    return low + static_cast<std::uint32_t>(next() % (std::uint64_t{high} - low + 1));
  }

  // True `per_mille` times in a thousand.
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

private:
  std::uint64_t state_;
};

} // namespace twinmatch::tools
