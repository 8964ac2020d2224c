// Which prices of one book side hold orders: a 64-ary hierarchy of bit words.
// Layer 0 has one bit per price; a bit of layer n+1 says "word below is non-zero". Finding the
// lowest set price or the next one above a price is a handful of countr_zero steps (three
// layers for 16384 or 262144 prices), never a scan over empty prices. The order book stores
// each side's prices as ranks, best first, so that it only ever walks upwards.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <type_traits>

namespace twinmatch::sw {

inline constexpr std::uint32_t kNoPrice = 0xFFFFFFFFu;

// The shape shared by every side of a core: how many layers and where each one starts inside a
// side's block of words. The words themselves live in the caller's pool.
class BitmapShape {
public:
  static constexpr int kMaxLayers = 6; // 64^6 > 2^32: any uint32 price range fits

  constexpr explicit BitmapShape(std::uint32_t prices) {
    std::uint64_t words = (std::uint64_t{prices} + 63) / 64;
    offset_[0] = 0;
    layers_ = 1;
    std::uint64_t total = words;
    while (words > 1) {
      offset_[layers_] = static_cast<std::uint32_t>(total);
      words = (words + 63) / 64;
      total += words;
      ++layers_;
    }
    words_ = static_cast<std::uint32_t>(total);
  }

  constexpr int layers() const { return layers_; }
  constexpr std::uint32_t words() const { return words_; } // per side
  constexpr std::uint32_t offset(int layer) const { return offset_[layer]; }

private:
  std::array<std::uint32_t, kMaxLayers> offset_{};
  int layers_ = 1;
  std::uint32_t words_ = 0;
};

// A view of one side's words; cheap to make, used on the hot path.
class PriceBitmap {
public:
  PriceBitmap(const BitmapShape& shape, std::uint64_t* words) : shape_(shape), words_(words) {}

  // set() and clear() visit every layer, without a branch on what they find: whether a word
  // was or became empty depends on the stream, and a mispredicted early exit costs more than
  // the few writes to words that are in cache anyway. The loop runs a fixed count per shape,
  // which the predictor learns.
  void set(std::uint32_t price) {
    by_layer_count([&](auto layers) {
      std::uint32_t index = price;
      for (int layer = 0; layer < layers; ++layer) {
        words_[shape_.offset(layer) + (index >> 6)] |= std::uint64_t{1} << (index & 63);
        index >>= 6;
      }
    });
  }

  // `emptied` all zeros makes it a no-op: callers that know whether the price's own content
  // emptied pass that as a mask instead of branching on it.
  void clear(std::uint32_t price, std::uint64_t emptied = ~std::uint64_t{0}) {
    by_layer_count([&](auto layers) {
      std::uint32_t index = price; // `emptied`: all ones while the word below became empty
      for (int layer = 0; layer < layers; ++layer) {
        std::uint64_t& word = words_[shape_.offset(layer) + (index >> 6)];
        word &= ~((std::uint64_t{1} << (index & 63)) & emptied);
        emptied &= std::uint64_t{0} - std::uint64_t{word == 0};
        index >>= 6;
      }
    });
  }

  std::uint32_t lowest() const {
    const int top = shape_.layers() - 1;
    if (words_[shape_.offset(top)] == 0) return kNoPrice;
    return descend_low(top, 0);
  }

  // The lowest set price strictly above `price`, or kNoPrice.
  std::uint32_t next_above(std::uint32_t price) const {
    std::uint32_t index = price;
    for (int layer = 0; layer < shape_.layers(); ++layer) {
      const int bit = static_cast<int>(index & 63);
      const std::uint64_t above = bit == 63 ? 0 : ~std::uint64_t{0} << (bit + 1);
      const std::uint64_t word = words_[shape_.offset(layer) + (index >> 6)] & above;
      if (word != 0) {
        const std::uint32_t found = (index & ~63u) | static_cast<std::uint32_t>(std::countr_zero(word));
        return layer == 0 ? found : descend_low(layer - 1, found);
      }
      index >>= 6;
    }
    return kNoPrice;
  }

  // Calls visit(price) for set prices from the lowest up until it returns false. Walks a leaf
  // word's bits directly and climbs the layers only between words. `visit` may clear the price
  // it is given.
  template <class Visit>
  void visit_ascending(Visit&& visit) const {
    for (std::uint32_t price = lowest(); price != kNoPrice;) {
      const std::uint32_t base = price & ~63u;
      std::uint64_t bits = words_[price >> 6] & (~std::uint64_t{0} << (price & 63));
      while (bits != 0) {
        const int bit = std::countr_zero(bits);
        if (!visit(base | static_cast<std::uint32_t>(bit))) return;
        bits &= bits - 1;
      }
      price = next_above(base | 63u);
    }
  }

private:
  // Runs body(layers) with the layer count a constant for the common shapes, so that set() and
  // clear() unroll there (16 instructions a message fewer on the drop-in path, the sw backend's
  // probe unchanged): two layers hold 65 to 4096 prices (the hardware band), three 4097 to
  // 262,144 (the CPU default and venue bands, a pooled core's pages).
  template <class Body>
  [[gnu::always_inline]] void by_layer_count(Body&& body) const {
    if (shape_.layers() == 3) body(std::integral_constant<int, 3>{});
    else if (shape_.layers() == 2) body(std::integral_constant<int, 2>{});
    else body(shape_.layers());
  }

  // From word `index` of `layer` down to layer 0, always taking the lowest bit.
  std::uint32_t descend_low(int layer, std::uint32_t index) const {
    for (; layer >= 0; --layer) {
      const std::uint64_t word = words_[shape_.offset(layer) + index];
      index = (index << 6) | static_cast<std::uint32_t>(std::countr_zero(word));
    }
    return index;
  }

  const BitmapShape& shape_;
  std::uint64_t* words_;
};

} // namespace twinmatch::sw
