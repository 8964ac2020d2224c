#include "twinmatch/sw/order_book.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>

namespace twinmatch::sw {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

} // namespace

template <class T>
OrderBook::Pool<T>::Pool(std::size_t count, Pages pages) {
  const std::size_t bytes = count * sizeof(T);
  // Large pools are rounded up to whole huge pages so the kernel can back all of it with them.
  const std::size_t unit = bytes >= kHugePage ? kHugePage : 4096;
  bytes_ = (std::max<std::size_t>(bytes, 1) + unit - 1) / unit * unit;
  void* memory = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  // A hint; without it the pool still works. Sparse tables keep 4 KiB pages: the first touch
  // of an entry must not zero 2 MiB on the hot path.
  madvise(memory, bytes_, pages == Pages::Huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  data_ = static_cast<T*>(memory);
}

void unmap_pool(void* memory, std::size_t bytes) {
  if (memory != nullptr) munmap(memory, bytes);
}

template class OrderBook::Pool<Order>;
template class OrderBook::Pool<LevelBlock>;
template class OrderBook::Pool<PageBits>;
template class OrderBook::Pool<std::uint32_t>;
template class OrderBook::Pool<std::uint64_t>;
template class OrderBook::Pool<OrderExtra>;
template class OrderBook::Pool<BookState>;

namespace {

const CoreConfig& checked(const CoreConfig& config) {
  check_config(config);
  return config;
}

std::size_t side_count(const CoreConfig& config) { return std::size_t{config.symbols} * 2; }

std::uint32_t pages_per_side(const CoreConfig& config) {
  return static_cast<std::uint32_t>((std::uint64_t{config.price_levels} + (1u << kPageShift) - 1) >> kPageShift);
}

// Rounded up to an odd count: a dense side then spans an odd number of cache lines (blocks are
// 25 lines), so that the touches of books trading at the same offset into their bands do not
// all fall into the same cache sets (as the dense level arrays before did; no difference
// measured on kCpuConfig's quiet and normal sessions).
std::uint32_t blocks_per_side(const CoreConfig& config) {
  return static_cast<std::uint32_t>((std::uint64_t{config.price_levels} + 63) >> kBlockShift) | 1u;
}

bool is_dense(const CoreConfig& config) {
  return side_count(config) * blocks_per_side(config) * sizeof(LevelBlock) <= (std::size_t{64} << 20);
}

// Dense: every side's blocks, no pages. Pooled: live blocks never outnumber resting orders (a
// block lives while one of its levels holds one), nor the blocks the bands could hold; pages
// never outnumber blocks. Plus the shared empty one, id 0.
std::size_t block_capacity(const CoreConfig& config) {
  const std::uint64_t all = side_count(config) * std::uint64_t{blocks_per_side(config)};
  return static_cast<std::size_t>(is_dense(config) ? all : std::min<std::uint64_t>(config.handles, all)) + 1;
}

std::size_t page_capacity(const CoreConfig& config) {
  if (is_dense(config)) return 1; // the empty page only
  const std::uint64_t all = side_count(config) * std::uint64_t{pages_per_side(config)};
  return static_cast<std::size_t>(std::min<std::uint64_t>(config.handles, all)) + 1;
}

// All bits above `bit` (0..63) of a word; none above bit 63.
std::uint64_t above(std::uint32_t bit) { return (~std::uint64_t{0} << bit) << 1; }

} // namespace

void check_config(const CoreConfig& config) {
  // Symbols travel in 16 bits; handle 0xFFFFFFFF is the engine's "none" marker, and so is rank
  // 0xFFFFFFFF (a band holds at most 2^32 - 1 prices).
  if (config.symbols == 0 || config.symbols > 65536)
    throw std::invalid_argument("symbols must be 1..65536, got " + std::to_string(config.symbols));
  if (config.price_levels == 0) throw std::invalid_argument("price_levels must be 1..2^32-1");
  if (config.handles == 0 || config.handles == 0xFFFFFFFFu)
    throw std::invalid_argument("handles must be 1..2^32-2");
  if (config.max_quantity == 0) throw std::invalid_argument("max_quantity must be at least 1");
  // The per-side page tables are the part that grows with symbols * band width (4 bytes per
  // 65,536 ticks, mapped but touched only where books trade): refuse sizes beyond 16 GiB.
  const double table_bytes = 2.0 * config.symbols * pages_per_side(config) * sizeof(std::uint32_t);
  if (table_bytes > double(std::uint64_t{16} << 30))
    throw std::invalid_argument("symbols * price_levels needs more than 16 GiB of page tables");
}

OrderBook::OrderBook(const CoreConfig& config)
    : config_(checked(config)), dense_(is_dense(config)), blocks_per_side_(blocks_per_side(config)),
      pages_per_side_(pages_per_side(config)), last_side_(static_cast<std::uint32_t>(side_count(config) - 1)),
      top_shape_(dense_ ? config.price_levels : pages_per_side_), orders_(config.handles), blocks_(block_capacity(config)),
      // A page's table and bits are 4 KiB and 144 bytes, a book uses one or two pages: on small
      // pages the pair costs a book kilobytes, not two huge pages (4 MiB).
      page_blocks_(page_capacity(config) * kPageBlocks, Pages::Small), page_bits_(page_capacity(config), Pages::Small),
      page_ids_(side_count(config) * pages_per_side_, dense_ ? Pages::Huge : Pages::Small),
      top_words_(side_count(config) * top_shape_.words(), dense_ ? Pages::Huge : Pages::Small),
      sides_(side_count(config)), scratch_(2 * block_capacity(config)), extras_(config.handles, Pages::Small),
      book_states_(config.symbols, Pages::Small) {
  for (std::uint32_t symbol = 0; symbol < config.symbols; ++symbol) {
    book_states_.get()[symbol] = BookState{0, kNoHandle, kNoHandle, 0, 0, kNoBuyStop, kNoSellStop, {0, 0}};
  }
  for (std::uint32_t side = 0; side <= last_side_; ++side) {
    sides_.get()[side] = SideState{kNoPrice, (side & 1) == 0 ? config.price_levels : 0u, kNoPage, 0,
                                   page_blocks(0), page_ids_.get() + std::size_t{side} * pages_per_side_,
                                   blocks_.get() + (dense_ ? dense_block_id(side, 0) : 0)};
  }
}

void OrderBook::add_stop(std::uint32_t handle) {
  Order& o = order(handle);
  BookState& b = book_state(o.symbol);
  o.next = kNoHandle;
  o.prev = b.last_stop;
  if (b.stops == 0) b.first_stop = handle;
  else order(b.last_stop).next = handle;
  b.last_stop = handle;
  ++b.stops;
  ++pending_stops_;
  const std::uint32_t stop = extra(handle).stop_price;
  if (o.side == 0) b.lowest_buy_stop = std::min<std::uint64_t>(b.lowest_buy_stop, stop);
  else b.highest_sell_stop = std::max<std::int64_t>(b.highest_sell_stop, stop);
}

void OrderBook::unlink_stop(std::uint32_t handle) {
  const Order& o = order(handle);
  BookState& b = book_state(o.symbol);
  if (o.prev == kNoHandle) b.first_stop = o.next;
  else order(o.prev).next = o.next;
  if (o.next == kNoHandle) b.last_stop = o.prev;
  else order(o.next).prev = o.prev;
  --b.stops;
  --pending_stops_;
}

// O(pending stops of the book): only when a stop leaves or changes its stop price.
void OrderBook::recompute_stop_bounds(std::uint32_t symbol) {
  BookState& b = book_state(symbol);
  b.lowest_buy_stop = kNoBuyStop;
  b.highest_sell_stop = kNoSellStop;
  std::uint32_t handle = b.first_stop;
  for (std::uint32_t left = b.stops; left != 0; --left) {
    const Order& o = order(handle);
    const std::uint32_t stop = extra(handle).stop_price;
    if (o.side == 0) b.lowest_buy_stop = std::min<std::uint64_t>(b.lowest_buy_stop, stop);
    else b.highest_sell_stop = std::max<std::int64_t>(b.highest_sell_stop, stop);
    handle = o.next;
  }
}

std::uint32_t OrderBook::first_triggered_stop(std::uint32_t symbol) const {
  const BookState& b = book_state(symbol);
  std::uint32_t handle = b.first_stop;
  for (std::uint32_t left = b.stops; left != 0; --left) {
    if (triggers(handle)) return handle;
    handle = order(handle).next;
  }
  return kNoHandle;
}

void OrderBook::move_band(std::uint32_t symbol, std::uint32_t base) {
  for (std::uint8_t side_of_book = 0; side_of_book < 2; ++side_of_book) {
    const std::uint32_t side = side_index(symbol, side_of_book);
    SideState& state = sides_.get()[side];
    const std::uint32_t offset = side_of_book == 0 ? base + config_.price_levels : 0u - base;
    // A band move is a multiple of 64 ranks: the kept blocks move whole.
    const std::uint32_t shift = (offset - state.rank_offset) >> kBlockShift; // modulo 2^26
    state.rank_offset = offset;
    if (dense_) move_dense_blocks(side, shift);
    else move_pooled_blocks(side, shift);
    state.best = lowest(side);
  }
}

void OrderBook::move_dense_blocks(std::uint32_t side, std::uint32_t shift) {
  if (shift == 0) return;
  // The side's blocks with levels (ascending), ...
  std::uint32_t* numbers = scratch_.get();
  std::size_t count = 0;
  top(side).visit_ascending([&](std::uint32_t rank) {
    const std::uint32_t number = rank >> kBlockShift;
    if (count == 0 || numbers[count - 1] != number) numbers[count++] = number;
    return true;
  });
  std::fill_n(top_words_.get() + std::size_t{side} * top_shape_.words(), top_shape_.words(), 0);
  // ... copied in the order that overwrites no block before it has moved, and marked again.
  LevelBlock* blocks = sides_.get()[side].dense_blocks;
  const bool downwards = (shift & (1u << 25)) != 0;
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint32_t number = numbers[downwards ? k : count - 1 - k];
    const std::uint32_t moved = (number + shift) & 0x3FFFFFFu;
    blocks[moved] = blocks[number];
    blocks[number] = LevelBlock{};
    for (std::uint32_t i = 0; i < 64; ++i)
      if (blocks[moved].levels[i].count != 0) top(side).set((moved << kBlockShift) | i);
  }
}

void OrderBook::move_pooled_blocks(std::uint32_t side, std::uint32_t shift) {
  // Take the side's live blocks (block number, id) out of their pages...
  std::uint32_t* taken = scratch_.get();
  std::size_t count = 0;
  top(side).visit_ascending([&](std::uint32_t page_number) {
    std::uint32_t& id = page_id(side, page_number);
    PageBits& page = page_bits(id);
    std::uint32_t* blocks = page_blocks(id);
    for (std::uint32_t word = 0; word < 16; ++word) {
      for (std::uint64_t bits = page.occupied[word]; bits != 0; bits &= bits - 1) {
        const std::uint32_t index = word * 64 + static_cast<std::uint32_t>(std::countr_zero(bits));
        taken[count++] = (page_number << (kPageShift - kBlockShift)) | index;
        taken[count++] = blocks[index];
        blocks[index] = 0;
        --live_blocks_;
      }
      page.occupied[word] = 0;
    }
    page.summary = 0;
    --live_pages_;
    page.next_free = free_page_;
    free_page_ = id;
    id = 0;
    return true;
  });
  std::fill_n(top_words_.get() + std::size_t{side} * top_shape_.words(), top_shape_.words(), 0);
  sides_.get()[side].recent_page = kNoPage;
  // ... and file them again under their new numbers.
  for (std::size_t i = 0; i < count; i += 2) {
    const std::uint32_t number = (taken[i] + shift) & 0x3FFFFFFu;
    std::uint32_t& id = page_id(side, number >> (kPageShift - kBlockShift));
    if (id == 0) id = take_page();
    page_blocks(id)[number & (kPageBlocks - 1)] = taken[i + 1];
    mark_block(side, number << kBlockShift);
  }
}

void OrderBook::enter_page(std::uint32_t side, std::uint32_t page) {
  SideState& state = sides_.get()[side];
  std::uint32_t& id = state.pages[page];
  if (id == 0) id = take_page();
  state.recent_page = page;
  state.recent_page_id = id;
  state.recent_blocks = page_blocks(id);
}

std::uint32_t OrderBook::take_page() {
  const std::uint32_t id = free_page_;
  if (id == 0) return fresh_page_++;
  free_page_ = page_bits(id).next_free;
  return id;
}

std::uint32_t OrderBook::take_block() {
  const std::uint32_t id = free_block_;
  if (id == 0) return fresh_block_++;
  free_block_ = blocks_.get()[id].next_free;
  return id;
}

void OrderBook::mark_block(std::uint32_t side, std::uint32_t rank) {
  ++live_blocks_;
  PageBits& page = page_bits(live_page_id(side, rank >> kPageShift));
  const std::uint32_t index = (rank >> kBlockShift) & (kPageBlocks - 1);
  if (page.summary == 0) {
    top(side).set(rank >> kPageShift);
    ++live_pages_;
  }
  page.occupied[index >> 6] |= std::uint64_t{1} << (index & 63);
  page.summary |= std::uint64_t{1} << (index >> 6);
}

void OrderBook::unmark_block(std::uint32_t side, std::uint32_t rank) {
  --live_blocks_;
  const std::uint32_t id = live_page_id(side, rank >> kPageShift);
  PageBits& page = page_bits(id);
  const std::uint32_t index = (rank >> kBlockShift) & (kPageBlocks - 1);
  std::uint32_t& block_id = page_blocks(id)[index];
  blocks_.get()[block_id].next_free = free_block_;
  free_block_ = block_id;
  block_id = 0;
  std::uint64_t& word = page.occupied[index >> 6];
  word &= ~(std::uint64_t{1} << (index & 63));
  if (word != 0) return;
  page.summary &= ~(std::uint64_t{1} << (index >> 6));
  if (page.summary != 0) return;
  top(side).clear(rank >> kPageShift);
  --live_pages_;
  SideState& state = sides_.get()[side];
  if (state.recent_page == rank >> kPageShift) state.recent_page = kNoPage;
  page.next_free = free_page_;
  free_page_ = id;
  page_id(side, rank >> kPageShift) = 0;
}

std::uint32_t OrderBook::lowest_in_page(std::uint32_t side, std::uint32_t page_number) const {
  const std::uint32_t id = live_page_id(side, page_number);
  const PageBits& page = page_bits(id);
  const auto word = static_cast<std::uint32_t>(std::countr_zero(page.summary));
  const std::uint32_t index = word * 64 + static_cast<std::uint32_t>(std::countr_zero(page.occupied[word]));
  const LevelBlock& block = blocks_.get()[page_blocks(id)[index]];
  return (page_number << kPageShift) | (index << kBlockShift) |
         static_cast<std::uint32_t>(std::countr_zero(block.occupied));
}

std::uint32_t OrderBook::lowest(std::uint32_t side) const {
  if (dense_) return top(side).lowest();
  const std::uint32_t page = top(side).lowest();
  return page == kNoPrice ? kNoPrice : lowest_in_page(side, page);
}

std::uint32_t OrderBook::next_above(std::uint32_t side, std::uint32_t rank) const {
  if (dense_) return top(side).next_above(rank);
  const std::uint32_t page_number = rank >> kPageShift;
  const std::uint32_t id = live_page_id(side, page_number);
  const PageBits& page = page_bits(id);
  const std::uint32_t* ids = page_blocks(id);
  const std::uint32_t index = (rank >> kBlockShift) & 1023;
  // Above it in its own block,
  const std::uint64_t in_block = blocks_.get()[ids[index]].occupied & above(rank & 63);
  if (in_block != 0) return (rank & ~63u) | static_cast<std::uint32_t>(std::countr_zero(in_block));
  // in a later block of its page,
  std::uint32_t word = index >> 6;
  std::uint64_t blocks = page.occupied[word] & above(index & 63);
  if (blocks == 0) {
    const std::uint64_t words = page.summary & above(word);
    if (words == 0) {
      // or in a later page.
      const std::uint32_t next_page = top(side).next_above(page_number);
      return next_page == kNoPrice ? kNoPrice : lowest_in_page(side, next_page);
    }
    word = static_cast<std::uint32_t>(std::countr_zero(words));
    blocks = page.occupied[word];
  }
  const std::uint32_t next = word * 64 + static_cast<std::uint32_t>(std::countr_zero(blocks));
  const LevelBlock& block = blocks_.get()[ids[next]];
  return (page_number << kPageShift) | (next << kBlockShift) | static_cast<std::uint32_t>(std::countr_zero(block.occupied));
}

bool OrderBook::prefault() {
  // The order slots whole (a host may use any handle), a dense core's blocks whole (at most
  // 64 MiB); of a pooled core's pools what a busy CPU-sized book uses (20,000 blocks: 1.3 M
  // levels), so that a 2^32 - 1 tick band costs no more up front than a narrow one.
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  const std::size_t block_bytes = dense_ ? blocks_.bytes() : std::min(blocks_.bytes(), 32 * kMiB);
  const std::size_t table_bytes = std::min(page_blocks_.bytes(), 4 * kMiB);
  const std::size_t bits_bytes = std::min(page_bits_.bytes(), kMiB);
  const std::size_t id_bytes = std::min(page_ids_.bytes(), kMiB);
  const std::size_t top_bytes = std::min(top_words_.bytes(), kMiB);
  const double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
  const double bytes = static_cast<double>(orders_.bytes() + block_bytes + table_bytes + bits_bytes + id_bytes + top_bytes);
  if (physical <= 0 || bytes > physical / 2) return false;
  const auto touch = [](void* memory, std::size_t size) {
    auto* volatile_bytes = static_cast<volatile unsigned char*>(memory);
    for (std::size_t offset = 0; offset < size; offset += 4096) volatile_bytes[offset] = volatile_bytes[offset];
  };
  touch(orders_.get(), orders_.bytes());
  touch(blocks_.get(), block_bytes);
  touch(page_blocks_.get(), table_bytes);
  touch(page_bits_.get(), bits_bytes);
  touch(page_ids_.get(), id_bytes);
  touch(top_words_.get(), top_bytes);
  return true;
}

std::size_t OrderBook::levels(std::uint32_t symbol, Side side, std::span<LevelView> out) const {
  if (symbol >= config_.symbols) return 0;
  const std::uint32_t index = side_index(symbol, static_cast<std::uint8_t>(side));
  std::size_t written = 0;
  if (out.empty()) return 0;
  visit_levels(index, [&](std::uint32_t price) {
    const Level& l = level(index, price);
    out[written++] = LevelView{price, l.count, l.quantity};
    return written < out.size();
  });
  return written;
}

} // namespace twinmatch::sw
