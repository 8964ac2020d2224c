// The state of every book of a core, in pools sized once at start-up from the CoreConfig, in
// memory that grows with the live orders and levels, not with the width of the price band:
//   orders - one 24-byte slot per handle; resting orders of a level form an intrusive doubly
//            linked FIFO through `next`/`prev` (kNoHandle at the ends);
//   levels - 24 bytes each (total quantity, head, tail, order count; the tail is kept so that
//            appending touches the newest order, likely in cache, not the oldest), 64 ranks of
//            a side to a LevelBlock;
//   sides  - per (symbol, side): the cached best, the band's rank offset, where its blocks are.
// Prices are handled as ranks (rank()): best first on both sides, counted from the band.
//
// A core whose blocks would all fit in 64 MiB (the hardware and the CPU default bands) is
// *dense*: every block is assigned to its (side, rank) at start-up and found by arithmetic, and
// a PriceBitmap over each side's ranks says which levels hold orders: the layout of the dense
// level arrays before the band, plus a 64-byte gap per 64 levels. Any other core is *pooled*:
// a rank's block is found through a page (1024 block ids: 65,536 ranks) named by a dense
// per-side table of page ids (one per 65,536 ticks: 65,536 entries, 256 KiB, for a 2^32 - 1
// tick band); blocks and pages come from pools when a level first fills and go back when their
// last level empties; which levels hold orders is a word in each block, words per page and a
// PriceBitmap over a side's pages. A pooled lookup is three dependent loads (the side's recent
// page's table, block id, level) whatever the band's width. Id 0 of both pools is an empty page
// or block that is never written, so a lookup of a price without a level reads zeros instead of
// branching. Nothing here allocates after construction: a live block has a resting order, so
// the pools, sized by min(handles, blocks the bands could need), never run out. The pools are
// zeroed anonymous mappings: the OS backs only the pages a workload touches, on huge pages for
// the order slots and blocks, on 4 KiB pages for the per-page tables and bits (a book uses one
// or two pages: kilobytes, where huge pages would hold 4 MiB). Measured (docs/profiling-log.md,
// 2026-12-03 session 8): a session costs the same instructions and modelled cache misses on a
// 2^14 and a 2^32 - 1 tick band (ctest "bench: band width guard"); 4 MiB resident after a
// venue session of 40,000 live orders on the 2^32 - 1 band.
#pragma once

#include <algorithm>
#include <bit>
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
  std::uint8_t traits; // StpMode in bits 0-1, kPostOnlyTrait, kIcebergTrait, a pending stop's
};
static_assert(sizeof(Order) == 24);

inline constexpr std::uint8_t kStpTraitMask = 0x03;
inline constexpr std::uint8_t kPostOnlyTrait = 0x04;
// A resting iceberg: `open` is its displayed part, its OrderExtra the peak and the hidden rest.
inline constexpr std::uint8_t kIcebergTrait = 0x08;
// A pending stop (docs/matching.md, "Stop orders"): in no level; `open` is its quantity, `price`
// its limit price (0 for a Stop), next/prev link its book's pending stops in placement order,
// its OrderExtra holds the stop price. Its tif is in bits 6-7.
inline constexpr std::uint8_t kPendingStopTrait = 0x10;
inline constexpr std::uint8_t kStopLimitTrait = 0x20;
inline constexpr unsigned kStopTifShift = 6;

// What an order needs beyond its slot, only for icebergs and stops: a pool of its own, so that
// the slots of plain orders stay 24 bytes and this is touched only by the orders that use it.
struct OrderExtra {
  std::uint32_t peak;       // an iceberg's display quantity
  std::uint32_t hidden;     // a resting iceberg's open quantity beyond its displayed part
  std::uint32_t stop_price; // a pending stop's
  std::uint32_t unused;
  std::uint64_t placement;  // a pending stop's place among all stops ever placed (the export's order)
};

// Per book: its pending stops (a list through the stops' slots, oldest first), the bounds that
// say in one compare whether the last trade triggers any of them, its last trade price, and how
// many icebergs rest on each side (a fill-or-kill check walks a side's orders only if some do).
struct BookState {
  std::uint32_t stops;       // pending stops
  std::uint32_t first_stop;  // oldest pending stop (kNoHandle-free only while stops > 0)
  std::uint32_t last_stop;   // newest
  std::uint32_t unused;
  std::uint64_t last_trade;  // 1 + the price of the book's most recent fill; 0 before its first
  std::uint64_t lowest_buy_stop;   // lowest stop price of the pending buy stops, 2^32 if none
  std::int64_t highest_sell_stop;  // highest of the pending sell stops, -1 if none
  std::uint32_t icebergs[2]; // resting icebergs per side
};
inline constexpr std::uint64_t kNoBuyStop = std::uint64_t{1} << 32;
inline constexpr std::int64_t kNoSellStop = -1;

inline constexpr std::uint32_t kNoHandle = 0xFFFFFFFFu;

struct Level {
  std::uint64_t quantity;
  std::uint32_t head;  // oldest order; valid while count > 0
  std::uint32_t tail;  // newest order; valid while count > 0
  std::uint32_t count; // resting orders
  std::uint32_t unused;
};
static_assert(sizeof(Level) == 24);

// 64 consecutive ranks of one side. 25 cache lines: an odd count, so that blocks spread over
// the cache sets instead of starting on the same few. The levels come first, so that a level's
// block is found from the level alone (levels[0] and the block share their address).
struct LevelBlock {
  Level levels[64];
  std::uint64_t occupied;  // bit i: levels[i] holds orders
  std::uint32_t next_free; // the free list's link while the block is unused
  std::uint32_t unused[13];

  static LevelBlock& of(Level& level, std::uint32_t rank) {
    return *reinterpret_cast<LevelBlock*>(&level - (rank & 63));
  }
};
static_assert(sizeof(LevelBlock) == 25 * 64);

// 1024 consecutive blocks of one side: their ids (0 = none) in a table of 1024 words at
// page id * 1024 of one pool (a shift, not a multiply, finds it), and which of them exist.
struct PageBits {
  std::uint64_t summary;      // bit w: occupied[w] != 0
  std::uint64_t occupied[16]; // bit: that block exists (holds orders)
  std::uint32_t next_free;    // the free list's link while the page is unused
  std::uint32_t unused;
};
inline constexpr std::uint32_t kPageBlocks = 1024;

inline constexpr std::uint32_t kBlockShift = 6;  // 64 ranks a block
inline constexpr std::uint32_t kPageShift = 16;  // 65,536 ranks a page

// Returns a pool's pages to the OS (nothing for a null pool).
void unmap_pool(void* memory, std::size_t bytes);

// Throws std::invalid_argument for a configuration the engine cannot represent (start-up only).
void check_config(const CoreConfig& config);

class OrderBook {
public:
  explicit OrderBook(const CoreConfig& config);

  const CoreConfig& config() const { return config_; }

  // Writes the pages of the order slots, of the first blocks and pages (the pools hand out low
  // ids first) and of the per-side tables once, so the OS maps them now rather than on the first
  // command that touches them (a page fault costs microseconds on the hot path), up to fixed
  // caps (order_book.cpp): a band as wide as 2^32 needs no more memory up front than a narrow
  // one. False, and nothing written, when that would exceed half of the machine's memory.
  bool prefault();

  // Bytes of memory mapped for the pools (mostly not backed until touched).
  std::size_t pool_bytes() const {
    return orders_.bytes() + blocks_.bytes() + page_blocks_.bytes() + page_bits_.bytes() + page_ids_.bytes() +
           top_words_.bytes() + sides_.bytes() + scratch_.bytes() + extras_.bytes() + book_states_.bytes();
  }

  // A (symbol, side) pair as one index: symbol * 2 + side.
  static std::uint32_t side_index(std::uint32_t symbol, std::uint8_t side) { return symbol * 2 + side; }

  Order& order(std::uint32_t handle) { return orders_.get()[handle]; }
  const Order& order(std::uint32_t handle) const { return orders_.get()[handle]; }
  OrderExtra& extra(std::uint32_t handle) { return extras_.get()[handle]; }
  const OrderExtra& extra(std::uint32_t handle) const { return extras_.get()[handle]; }
  BookState& book_state(std::uint32_t symbol) { return book_states_.get()[symbol]; }
  const BookState& book_state(std::uint32_t symbol) const { return book_states_.get()[symbol]; }

  // A resting order's whole open quantity: an iceberg's hidden part included.
  std::uint32_t whole_open(std::uint32_t handle) const {
    const Order& o = order(handle);
    return (o.traits & kIcebergTrait) != 0 ? o.open + extra(handle).hidden : o.open;
  }

  // ---- pending stops (docs/matching.md, "Stop orders")
  // Appends a stop (slot filled in: open, price, side, symbol, traits with kPendingStopTrait;
  // its extra's stop price and placement) as its book's newest pending stop.
  void add_stop(std::uint32_t handle);
  // Takes a pending stop out of its book's list; its slot is left as it was. unlink_stop leaves
  // the book's trigger bounds stale: a run of them ends with stop_price_changed().
  void remove_stop(std::uint32_t handle) {
    unlink_stop(handle);
    recompute_stop_bounds(order(handle).symbol);
  }
  void unlink_stop(std::uint32_t handle);
  // After a pending stop's stop price changed.
  void stop_price_changed(std::uint32_t symbol) { recompute_stop_bounds(symbol); }
  // Pending stops of all books.
  std::uint32_t pending_stops() const { return pending_stops_; }
  // Whether the book's last trade triggers any of its pending stops.
  bool stop_triggered(std::uint32_t symbol) const {
    const BookState& b = book_state(symbol);
    // (last_trade - 1 wraps to 2^64 - 1 before the first trade: above every stop, never at or below)
    return b.last_trade != 0 &&
           (b.last_trade - 1 >= b.lowest_buy_stop || static_cast<std::int64_t>(b.last_trade - 1) <= b.highest_sell_stop);
  }
  // The oldest pending stop of the book that its last trade triggers, or kNoHandle.
  std::uint32_t first_triggered_stop(std::uint32_t symbol) const;
  // Whether a pending stop's condition holds at the book's last trade.
  bool triggers(std::uint32_t handle) const {
    const Order& o = order(handle);
    const BookState& b = book_state(o.symbol);
    const std::uint32_t stop = extra(handle).stop_price;
    return b.last_trade != 0 && (o.side == 0 ? b.last_trade - 1 >= stop : b.last_trade - 1 <= stop);
  }

  // The level of a price (rank) inside the side's band; an empty level if none holds orders
  // (the shared empty block's: read it, never write it).
  Level& level(std::uint32_t side_index, std::uint32_t price) { return level_at(side_index, rank(side_index, price)); }
  const Level& level(std::uint32_t side_index, std::uint32_t price) const {
    return level_at(side_index, rank(side_index, price));
  }
  Level& level_at(std::uint32_t side_index, std::uint32_t rank) { return block_at(side_index, rank).levels[rank & 63]; }
  const Level& level_at(std::uint32_t side_index, std::uint32_t rank) const {
    return block_at(side_index, rank).levels[rank & 63];
  }

  // The band of a book: [base, base + price_levels - 1] (docs/matching.md, "The price band").
  std::uint32_t base(std::uint32_t symbol) const { return 0u - sides_.get()[side_index(symbol, 1)].rank_offset; }
  bool in_band(std::uint32_t symbol, std::uint32_t price) const {
    return price - base(symbol) < config_.price_levels;
  }
  // Moves a book's band to start at `base` (a multiple of kBandAlign). Its levels outside the new
  // band must be empty. The kept levels' blocks move whole (the move is a multiple of 64 ranks):
  // O(live blocks of the book).
  void move_band(std::uint32_t symbol, std::uint32_t base);

  // Prefetch hints for a command's fields as they come, unchecked: the side and the page are
  // clamped into their tables, the two loads of the index then read valid (cache-resident)
  // entries, and a prefetch of any address is harmless.
  [[gnu::always_inline]] void prefetch_level(std::uint32_t side_index, std::uint32_t price) const {
    const std::uint32_t side = std::min(side_index, last_side_);
    const std::uint32_t r = rank(side, price);
    if (dense_) {
      hint(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(sides_.get()[side].dense_blocks) +
                                         std::size_t{r >> kBlockShift} * sizeof(LevelBlock) + (r & 63) * sizeof(Level)));
      return;
    }
    const std::uint32_t* blocks = block_table(side, std::min(r >> kPageShift, pages_per_side_ - 1));
    hint(&blocks_.get()[blocks[(r >> kBlockShift) & 1023]].levels[r & 63]);
  }
  [[gnu::always_inline]] void prefetch_order(std::uint32_t handle) const {
    hint(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(orders_.get()) + std::size_t{handle} * sizeof(Order)));
  }

  // A price as its side ranks it: rank 0 is the best price the side's band holds (its top for
  // bids, its base for asks) and a worse price has a higher rank. Bitmaps and the cached best
  // work in ranks, so that "better" is "lower" on both sides: crossing, the best-price update and
  // walks over a side are one compare or one direction, never a branch on the side (which a
  // stream of mixed buys and sells makes the predictor miss half of the time). One xor and one
  // add: a bid's rank is base + price_levels - 1 - price, an ask's price - base.
  std::uint32_t rank(std::uint32_t side_index, std::uint32_t price) const {
    return (price ^ flip(side_index)) + sides_.get()[side_index].rank_offset;
  }
  std::uint32_t price_of(std::uint32_t side_index, std::uint32_t rank) const {
    return (rank - sides_.get()[side_index].rank_offset) ^ flip(side_index);
  }

  // The rank of a side's best price, or kNoPrice (above every rank) if it is empty.
  std::uint32_t best_rank(std::uint32_t side_index) const { return sides_.get()[side_index].best; }

  // The best price of a side (highest bid, lowest ask) or kNoPrice.
  std::uint32_t best(std::uint32_t side_index) const {
    const std::uint32_t best = best_rank(side_index);
    return best == kNoPrice ? kNoPrice : price_of(side_index, best);
  }

  // Calls visit(price) for each non-empty level of a side, best first, until it returns false.
  // `visit` may empty the level it is given (its block and page may go back to their pools).
  template <class Visit>
  void visit_levels(std::uint32_t side_index, Visit&& visit) const {
    if (dense_) {
      top(side_index).visit_ascending([&](std::uint32_t r) { return visit(price_of(side_index, r)); });
      return;
    }
    for (std::uint32_t r = lowest(side_index); r != kNoPrice;) {
      const std::uint32_t first = r & ~63u;
      std::uint64_t bits = block_at(side_index, r).occupied & (~std::uint64_t{0} << (r & 63));
      while (bits != 0) {
        if (!visit(price_of(side_index, first | static_cast<std::uint32_t>(std::countr_zero(bits))))) return;
        bits &= bits - 1;
      }
      r = next_above(side_index, first | 63u);
    }
  }

  // Appends an order (whose slot is filled in, open > 0) at the tail of its level, taking the
  // level's block (and its page) from the pools if the level is the first of its 64. Returns it.
  [[gnu::always_inline]] Level& append(std::uint32_t handle) {
    Order& o = order(handle);
    const std::uint32_t side = side_index(o.symbol, o.side);
    const std::uint32_t r = rank(side, o.price);
    LevelBlock& block = dense_ ? sides_.get()[side].dense_blocks[r >> kBlockShift] : pooled_block(side, r);
    Level& l = block.levels[r & 63];
    o.next = kNoHandle;
    if (l.count == 0) {
      o.prev = kNoHandle;
      l.head = handle;
      mark_non_empty(side, r, block);
      std::uint32_t& best = sides_.get()[side].best;
      best = std::min(best, r); // kNoPrice is above every rank
    } else {
      o.prev = l.tail;
      order(l.tail).next = handle;
    }
    l.tail = handle;
    ++l.count;
    l.quantity += o.open;
    return l;
  }

  // Takes a resting order out of its level and marks the handle free. Returns the level, which
  // stays readable until the next append even if its block went back to the pool.
  [[gnu::always_inline]] Level& remove(std::uint32_t handle) {
    Order& o = order(handle);
    const std::uint32_t side = side_index(o.symbol, o.side);
    const std::uint32_t r = rank(side, o.price);
    Level& l = level_at(side, r);
    l.quantity -= o.open;
    o.open = 0;
    if (--l.count == 0) {
      mark_empty(side, r, l);
      return l;
    }
    if (o.prev == kNoHandle) l.head = o.next;
    else order(o.prev).next = o.next;
    if (o.next == kNoHandle) l.tail = o.prev;
    else order(o.next).prev = o.prev;
    return l;
  }

  // remove() for the oldest order of level `l` (side, rank), which matching takes: it has no
  // predecessor, and a successor unless it was the last.
  [[gnu::always_inline]] void remove_head(Level& l, std::uint32_t side, std::uint32_t rank) {
    Order& o = order(l.head);
    l.quantity -= o.open;
    o.open = 0;
    if (--l.count == 0) return mark_empty(side, rank, l);
    l.head = o.next;
    order(o.next).prev = kNoHandle;
  }

  // Empties a level whose orders the caller has already freed (open = 0 in each slot).
  void empty_level(std::uint32_t side, std::uint32_t price) {
    const std::uint32_t r = rank(side, price);
    Level& l = level_at(side, r);
    l.count = 0;
    l.quantity = 0;
    mark_empty(side, r, l);
  }

  // Queries. A handle is in use while its order rests or its stop is pending.
  bool in_use(std::uint32_t handle) const { return handle < config_.handles && order(handle).open != 0; }
  bool is_resting(std::uint32_t handle) const {
    return in_use(handle) && (order(handle).traits & kPendingStopTrait) == 0;
  }
  bool is_pending(std::uint32_t handle) const {
    return in_use(handle) && (order(handle).traits & kPendingStopTrait) != 0;
  }
  std::size_t levels(std::uint32_t symbol, Side side, std::span<LevelView> out) const;

  // Whether every block is assigned at start-up (see the top of this file).
  bool dense() const { return dense_; }
  // A pooled core's blocks and pages taken from the pools now (for tests and memory figures).
  std::uint32_t live_blocks() const { return live_blocks_; }
  std::uint32_t live_pages() const { return live_pages_; }

private:
  // Each side remembers the page it last appended to, so that a lookup in it (for a book that
  // trades within 65,536 ticks: always) reads its block table without the page table.
  // One cache line per side: what a command on it reads first.
  struct alignas(64) SideState {
    std::uint32_t best;           // rank, kNoPrice when empty
    std::uint32_t rank_offset;    // rank = (price ^ flip) + rank_offset
    std::uint32_t recent_page;    // page number, or kNoPage
    std::uint32_t recent_page_id; // its id
    std::uint32_t* recent_blocks; // its block table
    std::uint32_t* pages;         // the side's page ids (in page_ids_), 0 = none
    LevelBlock* dense_blocks;     // a dense core: the side's block of rank 0
  };
  static constexpr std::uint32_t kNoPage = 0xFFFFFFFFu;

  // All ones for bids (side 0), zero for asks.
  static std::uint32_t flip(std::uint32_t side_index) { return (side_index & 1) - 1; }

  std::uint32_t& page_id(std::uint32_t side, std::uint32_t page) const { return sides_.get()[side].pages[page]; }
  // The id of a page, from the side's line when it is the recent one (the page table of a wide
  // band is spread over 256 KiB per side).
  std::uint32_t live_page_id(std::uint32_t side, std::uint32_t page) const {
    const SideState& state = sides_.get()[side];
    return page == state.recent_page ? state.recent_page_id : state.pages[page];
  }
  std::uint32_t* page_blocks(std::uint32_t page_id) const {
    return page_blocks_.get() + (std::size_t{page_id} << 10);
  }
  PageBits& page_bits(std::uint32_t page_id) const { return page_bits_.get()[page_id]; }
  const std::uint32_t* block_table(std::uint32_t side, std::uint32_t page) const {
    const SideState& state = sides_.get()[side];
    if (page == state.recent_page) [[likely]] return state.recent_blocks;
    return page_blocks(state.pages[page]);
  }
  LevelBlock& block_at(std::uint32_t side, std::uint32_t rank) const {
    if (dense_) return sides_.get()[side].dense_blocks[rank >> kBlockShift];
    return blocks_.get()[block_table(side, rank >> kPageShift)[(rank >> kBlockShift) & 1023]];
  }
  // A dense core's block of a rank: every side's blocks in a row, after the empty block 0.
  std::size_t dense_block_id(std::uint32_t side, std::uint32_t rank) const {
    return std::size_t{side} * blocks_per_side_ + (rank >> kBlockShift) + 1;
  }
  // A pooled core's block for appending at `rank`: its page and block taken if missing.
  [[gnu::always_inline]] LevelBlock& pooled_block(std::uint32_t side, std::uint32_t rank) {
    SideState& state = sides_.get()[side];
    if (rank >> kPageShift != state.recent_page) [[unlikely]] enter_page(side, rank >> kPageShift);
    std::uint32_t& block_id = state.recent_blocks[(rank >> kBlockShift) & 1023];
    if (block_id == 0) [[unlikely]] block_id = take_block();
    return blocks_.get()[block_id];
  }
  // Makes `page` of `side` its recent page, taking it from the pool if the side has none there.
  void enter_page(std::uint32_t side, std::uint32_t page);
  PriceBitmap top(std::uint32_t side) const {
    return PriceBitmap(top_shape_, top_words_.get() + std::size_t{side} * top_shape_.words());
  }

  [[gnu::always_inline]] static void hint(const void* address) { __builtin_prefetch(address, 1); }

  // A level of `side` at `rank`, in `block`, got its first order. A dense core sets its bit in
  // the side's bitmap over ranks (every layer, no branch: whether a word was empty is a coin
  // toss in a moving book); a pooled one in its block's word, and marks the block live if it was
  // the block's first.
  [[gnu::always_inline]] void mark_non_empty(std::uint32_t side, std::uint32_t rank, LevelBlock& block) {
    if (dense_) return top(side).set(rank);
    if (block.occupied == 0) [[unlikely]] mark_block(side, rank);
    block.occupied |= std::uint64_t{1} << (rank & 63);
  }

  // Level `l` of `side` at `rank` emptied: clear its bit, give back its block if it was the last
  // of the block's levels, and move the best past it.
  void mark_empty(std::uint32_t side, std::uint32_t rank, Level& l) {
    LevelBlock& block = LevelBlock::of(l, rank);
    if (dense_) {
      top(side).clear(rank);
    } else {
      block.occupied &= ~(std::uint64_t{1} << (rank & 63));
      if (block.occupied == 0) [[unlikely]] unmark_block(side, rank);
    }
    std::uint32_t& best = sides_.get()[side].best;
    if (best == rank) best = next_above(side, rank);
  }

  // The lowest rank with orders strictly above `rank` (any rank, including 2^32 - 1), or kNoPrice.
  std::uint32_t next_above(std::uint32_t side, std::uint32_t rank) const;
  std::uint32_t lowest(std::uint32_t side) const;
  std::uint32_t lowest_in_page(std::uint32_t side, std::uint32_t page) const;

  // move_band's halves: move the kept blocks by `shift` block numbers (modulo 2^26).
  void move_dense_blocks(std::uint32_t side, std::uint32_t shift);
  void move_pooled_blocks(std::uint32_t side, std::uint32_t shift);

  void recompute_stop_bounds(std::uint32_t symbol);

  // A pooled core's slow paths (out of line): a block's first level filled (its bits in its
  // page and above set) or its last emptied (cleared, the block given back, and its page if that
  // was the page's last block); the pools' takes.
  void mark_block(std::uint32_t side, std::uint32_t rank);
  void unmark_block(std::uint32_t side, std::uint32_t rank);
  std::uint32_t take_page();
  std::uint32_t take_block();

  enum class Pages { Huge, Small };

  // Zeroed memory mapped at start-up, on transparent huge pages where the kernel allows (the
  // order and level pools are tens of MiB touched at random: 4 KiB pages would make nearly
  // every access a TLB miss), without reserving swap for what is never touched.
  template <class T>
  class Pool {
  public:
    Pool() = default;
    explicit Pool(std::size_t count, Pages pages = Pages::Huge);
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
  // Dense: every side's blocks and pages are assigned at start-up (fixed ids, found by
  // arithmetic: no table loads on the hot path), when they take at most kDenseBytes (the
  // hardware and CPU defaults). Pooled otherwise.
  static constexpr std::size_t kDenseBytes = std::size_t{64} << 20;
  bool dense_;
  std::uint32_t blocks_per_side_;
  std::uint32_t pages_per_side_;
  std::uint32_t last_side_;
  BitmapShape top_shape_;
  Pool<Order> orders_;
  Pool<LevelBlock> blocks_;
  Pool<std::uint32_t> page_blocks_; // kPageBlocks block ids per page
  Pool<PageBits> page_bits_;
  Pool<std::uint32_t> page_ids_;
  Pool<std::uint64_t> top_words_;
  Pool<SideState> sides_;
  Pool<std::uint32_t> scratch_; // move_band: a side's live blocks, two words each
  Pool<OrderExtra> extras_;     // by handle; touched by icebergs and stops only (small pages)
  Pool<BookState> book_states_; // by symbol
  std::uint32_t pending_stops_ = 0;
  std::uint32_t free_block_ = 0, fresh_block_ = 1, live_blocks_ = 0;
  std::uint32_t free_page_ = 0, fresh_page_ = 1, live_pages_ = 0;
};

} // namespace twinmatch::sw
