// The state of every book of a core, in pools sized once at start-up from the CoreConfig:
//   orders  - one 24-byte slot per handle; resting orders of a level form an intrusive doubly
//             linked FIFO through `next`/`prev` (kNoHandle at the ends);
//   levels  - one 24-byte slot per (symbol, side, price): total quantity, head, tail, order
//             count. The tail is kept so that appending touches the newest order (likely in
//             cache), not the oldest;
//   bitmaps - one PriceBitmap per (symbol, side), plus the cached best of each side, both over
//             the side's price ranks (rank()): best first on both sides.
// Nothing here allocates after construction. The pools are zeroed anonymous mappings: the OS
// backs only the pages a workload touches, unless prefault() maps them all up front.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/sw/price_bitmap.hpp"

namespace twinmatch::sw {

// A level as the queries report it.
struct LevelView {
  std::uint32_t price;
  std::uint32_t orders;
  std::uint64_t quantity;
};

struct Order {
  std::uint32_t next; // FIFO neighbours within the level (handles)
  std::uint32_t prev;
  std::uint32_t open; // open quantity; 0 means the handle is not resting
  std::uint32_t price;
  std::uint32_t account;
  std::uint16_t symbol;
  std::uint8_t side;
  std::uint8_t traits; // StpMode in bits 0-1, kPostOnlyTrait
};
static_assert(sizeof(Order) == 24);

inline constexpr std::uint8_t kStpTraitMask = 0x03;
inline constexpr std::uint8_t kPostOnlyTrait = 0x04;

inline constexpr std::uint32_t kNoHandle = 0xFFFFFFFFu;

struct Level {
  std::uint64_t quantity;
  std::uint32_t head;  // oldest order; valid while count > 0
  std::uint32_t tail;  // newest order; valid while count > 0
  std::uint32_t count; // resting orders
  std::uint32_t unused;
};
static_assert(sizeof(Level) == 24);

// Returns a pool's pages to the OS (nothing for a null pool).
void unmap_pool(void* memory, std::size_t bytes);

// Throws std::invalid_argument for a configuration the engine cannot represent (start-up only).
void check_config(const CoreConfig& config);

class OrderBook {
public:
  explicit OrderBook(const CoreConfig& config);

  const CoreConfig& config() const { return config_; }

  // Writes every page of the pools once, so the OS maps them now rather than on the first
  // command that touches them (a page fault costs microseconds on the hot path). Skipped, and
  // false returned, when the pools exceed half of the machine's memory: a sparse giant
  // configuration then stays lazily mapped instead of exhausting memory.
  bool prefault();

  // Bytes of order, level and bitmap memory, as sized from the configuration.
  std::size_t pool_bytes() const { return orders_.bytes() + levels_.bytes() + bitmap_words_.bytes(); }

  // A (symbol, side) pair as one index: symbol * 2 + side.
  static std::uint32_t side_index(std::uint32_t symbol, std::uint8_t side) { return symbol * 2 + side; }

  Order& order(std::uint32_t handle) { return orders_.get()[handle]; }
  const Order& order(std::uint32_t handle) const { return orders_.get()[handle]; }

  Level& level(std::uint32_t side_index, std::uint32_t price) {
    return levels_.get()[level_index(side_index, price)];
  }
  const Level& level(std::uint32_t side_index, std::uint32_t price) const {
    return levels_.get()[level_index(side_index, price)];
  }

  // The band of a book: [base, base + price_levels - 1] (docs/matching.md, "The price band").
  std::uint32_t base(std::uint32_t symbol) const { return side_base(side_index(symbol, 0)); }
  bool in_band(std::uint32_t symbol, std::uint32_t price) const {
    return price - base(symbol) < config_.price_levels;
  }
  // Moves a book's band to start at `base`. Its levels outside the new band must be empty.
  void move_band(std::uint32_t symbol, std::uint32_t base);

  // Prefetch hints for a command's fields as they come, unchecked: the address is computed in
  // integers (no out-of-range pointer is ever formed) and a prefetch of any address is harmless.
  // The band's base is read for a side index clamped into range.
  [[gnu::always_inline]] void prefetch_level(std::uint32_t side_index, std::uint32_t price) const {
    const std::uint32_t side = std::min<std::uint32_t>(side_index, last_side_);
    hint(levels_.get(), (std::size_t{side} * level_stride_ + (price - side_base(side))) * sizeof(Level));
  }
  [[gnu::always_inline]] void prefetch_order(std::uint32_t handle) const {
    hint(orders_.get(), std::size_t{handle} * sizeof(Order));
  }

  // A price as its side ranks it: rank 0 is the best price the side could have (the highest
  // bid, the lowest ask) and a worse price has a higher rank. Bitmaps and the cached best work
  // in ranks, so that "better" is "lower" on both sides: crossing, the best-price update and
  // walks over a side are one compare or one direction, never a branch on the side (which a
  // stream of mixed buys and sells makes the predictor miss half of the time). Its own inverse.
  // Ranks count from the band's base: moving the band re-ranks the levels it keeps.
  std::uint32_t rank(std::uint32_t side_index, std::uint32_t price) const {
    return flip(side_index, price - side_base(side_index));
  }
  std::uint32_t price_of(std::uint32_t side_index, std::uint32_t rank) const {
    return flip(side_index, rank) + side_base(side_index);
  }

  // The rank of a side's best price, or kNoPrice (above every rank) if it is empty.
  std::uint32_t best_rank(std::uint32_t side_index) const { return best_.get()[side_index]; }

  // The best price of a side (highest bid, lowest ask) or kNoPrice.
  std::uint32_t best(std::uint32_t side_index) const {
    const std::uint32_t best = best_rank(side_index);
    return best == kNoPrice ? kNoPrice : price_of(side_index, best);
  }

  // Calls visit(price) for each non-empty level of a side, best first, until it returns false.
  template <class Visit>
  void visit_levels(std::uint32_t side_index, Visit&& visit) const {
    bitmap(side_index).visit_ascending([&](std::uint32_t rank) { return visit(price_of(side_index, rank)); });
  }

  // Appends an order (whose slot is filled in, open > 0) at the tail of its level. Returns the level.
  [[gnu::always_inline]] Level& append(std::uint32_t handle) {
    Order& o = order(handle);
    const std::uint32_t side = side_index(o.symbol, o.side);
    Level& l = level(side, o.price);
    o.next = kNoHandle;
    if (l.count == 0) {
      o.prev = kNoHandle;
      l.head = handle;
      mark_non_empty(side, o.price);
    } else {
      o.prev = l.tail;
      order(l.tail).next = handle;
    }
    l.tail = handle;
    ++l.count;
    l.quantity += o.open;
    return l;
  }

  // Takes a resting order out of its level and marks the handle free. Returns the level.
  [[gnu::always_inline]] Level& remove(std::uint32_t handle) {
    Order& o = order(handle);
    const std::uint32_t side = side_index(o.symbol, o.side);
    Level& l = level(side, o.price);
    l.quantity -= o.open;
    o.open = 0;
    if (--l.count == 0) {
      mark_empty(side, o.price);
      return l;
    }
    if (o.prev == kNoHandle) l.head = o.next;
    else order(o.prev).next = o.next;
    if (o.next == kNoHandle) l.tail = o.prev;
    else order(o.next).prev = o.prev;
    return l;
  }

  // remove() for the oldest order of level `l` (side, price), which matching takes: it has no
  // predecessor, and a successor unless it was the last.
  [[gnu::always_inline]] void remove_head(Level& l, std::uint32_t side, std::uint32_t price) {
    Order& o = order(l.head);
    l.quantity -= o.open;
    o.open = 0;
    if (--l.count == 0) return mark_empty(side, price);
    l.head = o.next;
    order(o.next).prev = kNoHandle;
  }

  // Empties a level whose orders the caller has already freed (open = 0 in each slot).
  void empty_level(std::uint32_t side, std::uint32_t price) {
    Level& l = level(side, price);
    l.count = 0;
    l.quantity = 0;
    mark_empty(side, price);
  }

  // Queries.
  bool is_resting(std::uint32_t handle) const { return handle < config_.handles && order(handle).open != 0; }
  std::size_t levels(std::uint32_t symbol, Side side, std::span<LevelView> out) const;

private:
  std::size_t level_index(std::uint32_t side_index, std::uint32_t price) const {
    return std::size_t{side_index} * level_stride_ + (price - side_base(side_index));
  }

  // Both sides of a book keep its base, so that a side index finds it without a shift.
  std::uint32_t side_base(std::uint32_t side_index) const { return side_bases_.get()[side_index]; }

  // A price's offset into the band as its side ranks it; its own inverse.
  std::uint32_t flip(std::uint32_t side_index, std::uint32_t offset) const {
    const std::uint32_t flip = (side_index & 1) - 1; // all ones for bids (side 0)
    return (offset ^ flip) + (flip & config_.price_levels);
  }

  [[gnu::always_inline]] static void hint(const void* base, std::size_t offset) {
    __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(base) + offset), 1);
  }

  PriceBitmap bitmap(std::uint32_t side_index) const {
    return PriceBitmap(shape_, bitmap_words_.get() + std::size_t{side_index} * shape_.words());
  }

  void mark_non_empty(std::uint32_t side, std::uint32_t price) {
    const std::uint32_t rank = this->rank(side, price);
    bitmap(side).set(rank);
    std::uint32_t& best = best_.get()[side];
    best = std::min(best, rank); // kNoPrice is above every rank
  }

  void mark_empty(std::uint32_t side, std::uint32_t price) {
    const std::uint32_t rank = this->rank(side, price);
    PriceBitmap bits = bitmap(side);
    bits.clear(rank);
    std::uint32_t& best = best_.get()[side];
    if (best == rank) best = bits.next_above(rank);
  }

  // Zeroed memory mapped at start-up, on transparent huge pages where the kernel allows: the
  // level and order pools are tens of MiB touched at random, so 4 KiB pages would make nearly
  // every access a TLB miss.
  template <class T>
  class Pool {
  public:
    Pool() = default;
    explicit Pool(std::size_t count);
    Pool(Pool&& other) noexcept : data_(std::exchange(other.data_, nullptr)), bytes_(other.bytes_) {}
    Pool& operator=(Pool&&) = delete;
    ~Pool() { unmap_pool(data_, bytes_); }
    T* get() const { return data_; }
    std::size_t bytes() const { return bytes_; }

  private:
    T* data_ = nullptr;
    std::size_t bytes_ = 0;
  };

  CoreConfig config_;
  std::size_t level_stride_; // levels from one side's block to the next: see level_stride()
  BitmapShape shape_;
  Pool<Order> orders_;
  Pool<Level> levels_;
  Pool<std::uint64_t> bitmap_words_;
  Pool<std::uint32_t> best_;
  Pool<std::uint32_t> side_bases_;
  std::uint32_t last_side_;
};

} // namespace twinmatch::sw
