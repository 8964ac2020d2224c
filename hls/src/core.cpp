// The matching core: docs/matching.md on the tables of BasicCoreState, for any CoreSizes.
// The loops that walk the book (FOK check, sweep, cancel walk, snapshot, stop cancels) are written
// as small state machines in which one iteration emits at most one event, so each can be
// pipelined against a one-event-per-cycle output stream (docs/hls.md gives the per-loop
// reasoning). Stop triggering (step 5) is an outer loop of at most kStopOrders iterations, each
// running one triggered stop through the same FOK check, sweep and remainder as a new order.
//
// Prices: a level is stored at slot = price mod kLevels. Walks and searches work on *offsets*
// from the book's band base (offset o is price base + o, slot (base + o) mod kLevels); the
// bitmaps are indexed by slot, and the offset view is the slot view rotated by whole leaf words.
#include "twinmatch/hls/core.hpp"

namespace twinmatch::hlscore {
namespace {

constexpr std::uint8_t kBuy = static_cast<std::uint8_t>(Side::Buy);
constexpr std::uint64_t kAllOnes = ~std::uint64_t{0};
constexpr std::uint64_t kLargestPrice = 0xFFFFFFFFu;

unsigned book_of(unsigned symbol, unsigned side) { return symbol * 2 + side; }

template <class C>
unsigned level_index(unsigned book, unsigned slot) {
  return book * C::kLevels + slot;
}

// ------------------------------------------------------------------ packed memory words
template <class C>
OrderInfo<C> load_info(const BasicCoreState<C>& core, unsigned handle) {
  using L = InfoLayout<C>;
  const auto& word = core.info[handle];
  OrderInfo<C> info;
  info.account = static_cast<std::uint32_t>(get_bits(word, L::kAccount, L::kAccountBits));
  info.slot = static_cast<UInt<C::kPriceBits>>(get_bits(word, L::kSlot, C::kPriceBits));
  info.symbol = static_cast<UInt<C::kSymbolBits>>(get_bits(word, L::kSymbol, C::kSymbolBits));
  info.side = static_cast<std::uint8_t>(get_bits(word, L::kSide, 1));
  info.stp = static_cast<std::uint8_t>(get_bits(word, L::kStp, L::kStpBits));
  info.post_only = get_bits(word, L::kPostOnly, 1) != 0;
  info.peak = static_cast<UInt<C::kQuantityBits>>(get_bits(word, L::kPeak, C::kQuantityBits));
  return info;
}

template <class C>
void store_info(BasicCoreState<C>& core, unsigned handle, const OrderInfo<C>& info) {
  using L = InfoLayout<C>;
  PackedBits<L::kBits> word{};
  set_bits(word, L::kAccount, L::kAccountBits, info.account);
  set_bits(word, L::kSlot, C::kPriceBits, info.slot);
  set_bits(word, L::kSymbol, C::kSymbolBits, info.symbol);
  set_bits(word, L::kSide, 1, info.side);
  set_bits(word, L::kStp, L::kStpBits, info.stp);
  set_bits(word, L::kPostOnly, 1, info.post_only ? 1 : 0);
  set_bits(word, L::kPeak, C::kQuantityBits, info.peak);
  core.info[handle] = word;
}

template <class C>
LevelEntry<C> load_level(const BasicCoreState<C>& core, unsigned index) {
  using L = LevelLayout<C>;
  const auto& word = core.levels[index];
  LevelEntry<C> level;
  level.head = static_cast<UInt<C::kHandleBits>>(get_bits(word, L::kHead, C::kHandleBits));
  level.tail = static_cast<UInt<C::kHandleBits>>(get_bits(word, L::kTail, C::kHandleBits));
  level.count =
      static_cast<UInt<C::kOrderCountBits>>(get_bits(word, L::kCount, C::kOrderCountBits));
  level.quantity = static_cast<UInt<C::kLevelQuantityBits>>(
      get_bits(word, L::kQuantity, C::kLevelQuantityBits));
  level.hidden = static_cast<UInt<C::kLevelQuantityBits>>(
      get_bits(word, L::kHidden, C::kLevelQuantityBits));
  return level;
}

template <class C>
void store_level(BasicCoreState<C>& core, unsigned index, const LevelEntry<C>& level) {
  using L = LevelLayout<C>;
  PackedBits<L::kBits> word{};
  set_bits(word, L::kHead, C::kHandleBits, level.head);
  set_bits(word, L::kTail, C::kHandleBits, level.tail);
  set_bits(word, L::kCount, C::kOrderCountBits, level.count);
  set_bits(word, L::kQuantity, C::kLevelQuantityBits, level.quantity);
  set_bits(word, L::kHidden, C::kLevelQuantityBits, level.hidden);
  core.levels[index] = word;
}

template <class C>
StopEntry<C> load_stop(const BasicCoreState<C>& core, unsigned symbol, unsigned index) {
  using L = StopLayout<C>;
  const auto& word = core.stops[symbol][index];
  StopEntry<C> stop;
  stop.handle = static_cast<UInt<C::kHandleBits>>(get_bits(word, L::kHandle, C::kHandleBits));
  stop.stop_price = static_cast<std::uint32_t>(get_bits(word, L::kStopPrice, L::kStopPriceBits));
  stop.side = static_cast<std::uint8_t>(get_bits(word, L::kSide, 1));
  stop.market = get_bits(word, L::kMarket, 1) != 0;
  stop.tif = static_cast<std::uint8_t>(get_bits(word, L::kTif, L::kTifBits));
  return stop;
}

template <class C>
void store_stop(BasicCoreState<C>& core, unsigned symbol, unsigned index,
                const StopEntry<C>& stop) {
  using L = StopLayout<C>;
  PackedBits<L::kBits> word{};
  set_bits(word, L::kHandle, C::kHandleBits, stop.handle);
  set_bits(word, L::kStopPrice, L::kStopPriceBits, stop.stop_price);
  set_bits(word, L::kSide, 1, stop.side);
  set_bits(word, L::kMarket, 1, stop.market ? 1 : 0);
  set_bits(word, L::kTif, L::kTifBits, stop.tif);
  core.stops[symbol][index] = word;
}

// ------------------------------------------------------------------ priority encoders
// Index of the highest / lowest set bit of a non-zero word: six compare-and-shift steps,
// log-depth logic once unrolled.
unsigned highest_bit(std::uint64_t word) {
  unsigned position = 0;
HIGHEST_BIT:
  for (unsigned step = 32; step != 0; step >>= 1) {
#pragma HLS UNROLL
    if ((word >> step) != 0) {
      word >>= step;
      position += step;
    }
  }
  return position;
}

unsigned lowest_bit(std::uint64_t word) {
  unsigned position = 0;
LOWEST_BIT:
  for (unsigned step = 32; step != 0; step >>= 1) {
#pragma HLS UNROLL
    const std::uint64_t low_mask = (std::uint64_t{1} << step) - 1;
    if ((word & low_mask) == 0) {
      word >>= step;
      position += step;
    }
  }
  return position;
}

// The low `width` bits of `word` rotated right by `by` (< width <= 64): a barrel rotator.
std::uint64_t rotate_right(std::uint64_t word, unsigned by, unsigned width) {
  if (by == 0) return word;
  const std::uint64_t mask = width == 64 ? kAllOnes : (std::uint64_t{1} << width) - 1;
  return ((word >> by) | (word << (width - by))) & mask;
}

// ------------------------------------------------------------------ the band
// A book's band [base, base + kLevels - 1] seen from its base.
template <class C>
struct Band {
  std::uint32_t base;

  bool contains(std::uint32_t price) const { return price >= base && price - base < C::kLevels; }
  std::uint32_t price_at(unsigned offset) const { return base + offset; }
  unsigned slot_at(unsigned offset) const { return (base + offset) & (C::kLevels - 1); }
  // The price of a resting order's slot (every resting price lies inside the band).
  std::uint32_t price_of_slot(unsigned slot) const {
    return base + ((slot - base) & (C::kLevels - 1));
  }
  // The leaf word that holds offsets 0 .. 63. The base is a multiple of 64, so this is exact.
  unsigned rotation() const { return (base / C::kLeafBits) & (C::kLeafWords - 1); }
};

template <class C>
Band<C> band_of(const BasicCoreState<C>& core, unsigned symbol) {
  return Band<C>{core.band_base[symbol]};
}

// One side of one book, seen through its band.
template <class C>
struct BookView {
  unsigned book;
  Band<C> band;
};

template <class C>
BookView<C> view_of(const BasicCoreState<C>& core, unsigned symbol, unsigned side) {
  return BookView<C>{book_of(symbol, side), band_of(core, symbol)};
}

// ------------------------------------------------------------------ bitmap search (offsets)
// Leaf word `word` of the offset view: offsets 64 word .. 64 word + 63.
template <class C>
std::uint64_t view_leaf(const BasicCoreState<C>& core, const BookView<C>& view, unsigned word) {
  return core.leaf[view.book][(word + view.band.rotation()) & (C::kLeafWords - 1)];
}

// The summary of the offset view: the slot summary rotated by the band's leaf-word rotation.
template <class C>
std::uint64_t view_summary(const BasicCoreState<C>& core, const BookView<C>& view) {
  return rotate_right(core.summary[view.book], view.band.rotation(), C::kLeafWords);
}

struct OffsetSearch {
  bool found;
  unsigned offset;
};

// The highest non-empty offset at or below `from`.
template <class C>
OffsetSearch search_down(const BasicCoreState<C>& core, const BookView<C>& view, unsigned from) {
  const unsigned word = from / C::kLeafBits;
  const unsigned bit = from % C::kLeafBits;
  const std::uint64_t at_or_below = bit == 63 ? kAllOnes : (std::uint64_t{1} << (bit + 1)) - 1;
  const std::uint64_t here = view_leaf(core, view, word) & at_or_below;
  if (here != 0) return {true, word * C::kLeafBits + highest_bit(here)};
  const std::uint64_t lower_words = view_summary(core, view) & ((std::uint64_t{1} << word) - 1);
  if (lower_words == 0) return {false, 0};
  const unsigned found_word = highest_bit(lower_words);
  return {true, found_word * C::kLeafBits + highest_bit(view_leaf(core, view, found_word))};
}

// The lowest non-empty offset at or above `from`.
template <class C>
OffsetSearch search_up(const BasicCoreState<C>& core, const BookView<C>& view, unsigned from) {
  const unsigned word = from / C::kLeafBits;
  const unsigned bit = from % C::kLeafBits;
  const std::uint64_t here = view_leaf(core, view, word) & (kAllOnes << bit);
  if (here != 0) return {true, word * C::kLeafBits + lowest_bit(here)};
  const std::uint64_t higher_words =
      word >= 63 ? 0 : view_summary(core, view) & (kAllOnes << (word + 1));
  if (higher_words == 0) return {false, 0};
  const unsigned found_word = lowest_bit(higher_words);
  return {true, found_word * C::kLeafBits + lowest_bit(view_leaf(core, view, found_word))};
}

// The best non-empty level of a side at `from` or worse: bids walk down, asks walk up.
template <class C>
OffsetSearch search_from(const BasicCoreState<C>& core, const BookView<C>& view, unsigned side,
                         unsigned from) {
  return side == kBuy ? search_down(core, view, from) : search_up(core, view, from);
}

template <class C>
unsigned best_start(unsigned side) {
  return side == kBuy ? C::kLevels - 1 : 0;
}

// True when `offset` is the worst of the side's walk (nothing lies beyond it).
template <class C>
bool at_walk_end(unsigned side, unsigned offset) {
  return side == kBuy ? offset == 0 : offset == C::kLevels - 1;
}

unsigned walk_next(unsigned side, unsigned offset) {
  return side == kBuy ? offset - 1 : offset + 1;
}

template <class C>
void mark_level(BasicCoreState<C>& core, unsigned book, unsigned slot, bool non_empty) {
  const unsigned word = slot / C::kLeafBits;
  const std::uint64_t bit = std::uint64_t{1} << (slot % C::kLeafBits);
  const std::uint64_t leaf =
      non_empty ? (core.leaf[book][word] | bit) : (core.leaf[book][word] & ~bit);
  core.leaf[book][word] = leaf;
  const std::uint64_t word_bit = std::uint64_t{1} << word;
  core.summary[book] =
      leaf != 0 ? (core.summary[book] | word_bit) : (core.summary[book] & ~word_bit);
}

// ------------------------------------------------------------------ the stop tables
// A symbol's pending stops sit in entries 0 .. stop_count - 1 of its table, oldest first. Every
// search below is one parallel compare over the symbol's kStopOrders entries (unrolled; the
// table is partitioned by entry, docs/hls.md), with a priority encoder picking the oldest match.
struct StopSearch {
  bool found;
  unsigned index;
};

// The entry of the pending stop `handle` of `symbol`.
template <class C>
unsigned find_stop(const BasicCoreState<C>& core, unsigned symbol, unsigned handle) {
  const unsigned count = core.stop_count[symbol];
  unsigned found = 0;
FIND_STOP:
  for (unsigned i = 0; i < C::kStopOrders; ++i) {
#pragma HLS UNROLL
    if (i < count && load_stop(core, symbol, i).handle == handle) found = i;
  }
  return found;
}

// A buy stop triggers when the last trade is at or above its stop price, a sell stop at or below.
bool is_triggered(unsigned side, std::uint32_t stop_price, std::uint32_t last_trade) {
  return side == kBuy ? last_trade >= stop_price : last_trade <= stop_price;
}

// The oldest pending stop of `symbol` that its last trade price triggers.
template <class C>
StopSearch first_triggered(const BasicCoreState<C>& core, unsigned symbol) {
  const unsigned count = core.stop_count[symbol];
  const bool traded = core.traded[symbol];
  const std::uint32_t last_trade = core.last_trade_price[symbol];
  StopSearch first{false, 0};
TRIGGER_SCAN:
  for (unsigned i = 0; i < C::kStopOrders; ++i) {
#pragma HLS UNROLL
    const StopEntry<C> stop = load_stop(core, symbol, i);
    if (!first.found && traded && i < count && is_triggered(stop.side, stop.stop_price, last_trade))
      first = StopSearch{true, i};
  }
  return first;
}

// Takes entry `index` out of the symbol's table: every younger entry moves down one place (one
// parallel shift), so the entries stay in placement order.
template <class C>
void remove_stop(BasicCoreState<C>& core, unsigned symbol, unsigned index) {
REMOVE_STOP:
  for (unsigned i = 1; i < C::kStopOrders; ++i) {
#pragma HLS UNROLL
    if (i > index) core.stops[symbol][i - 1] = core.stops[symbol][i];
  }
  core.stop_count[symbol] = static_cast<UInt<C::kStopCountBits>>(core.stop_count[symbol] - 1);
}

// ------------------------------------------------------------------ events
// The two event sinks: a plain event stream (the C-simulation's consumers) and the top's
// AXI4-Stream beats, whose TLAST is set on the last event of every command.
void put(hls::stream<Event>& out, const Event& event, bool) { out.write(event); }
void put(hls::stream<EventBeat>& out, const Event& event, bool last) {
  out.write(EventBeat{event, last});
}

// Holds the newest event of the command back by one so that the last one can carry kEventLast
// (and TLAST): in hardware, a single output register in front of the stream.
template <class Out>
class EventStage {
public:
  EventStage(std::uint64_t& events_emitted, std::uint64_t cmd_seq, Out& out, std::uint8_t opcode)
      : events_emitted_(events_emitted), cmd_seq_(cmd_seq), out_(out), opcode_(opcode) {}

  void emit(Event event) {
    event.seq = ++events_emitted_;
    event.cmd_seq = cmd_seq_;
    event.cmd_opcode = opcode_;
    if (has_pending_) put(out_, pending_, false);
    pending_ = event;
    has_pending_ = true;
  }

  // Every command emits at least one event, so there is always one pending here.
  void finish() {
    pending_.flags = static_cast<std::uint8_t>(pending_.flags | kEventLast);
    put(out_, pending_, true);
    has_pending_ = false;
  }

private:
  std::uint64_t& events_emitted_;
  std::uint64_t cmd_seq_;
  Out& out_;
  std::uint8_t opcode_;
  Event pending_{};
  bool has_pending_ = false;
};

Event blank_event(EventType type) {
  Event event{};
  event.type = static_cast<std::uint8_t>(type);
  return event;
}

Event order_event(EventType type, unsigned handle, unsigned side, unsigned symbol,
                  std::uint32_t price, std::uint32_t quantity, std::uint32_t remaining) {
  Event event = blank_event(type);
  event.side = static_cast<std::uint8_t>(side);
  event.symbol = static_cast<std::uint16_t>(symbol);
  event.handle = handle;
  event.price = price;
  event.quantity = quantity;
  event.remaining = remaining;
  return event;
}

Event cancelled_event(unsigned handle, unsigned side, unsigned symbol, std::uint32_t price,
                      std::uint32_t quantity, CancelReason reason) {
  Event event = order_event(EventType::Cancelled, handle, side, symbol, price, quantity, 0);
  event.reason = static_cast<std::uint8_t>(reason);
  return event;
}

// LevelUpdate and SnapshotRow.
template <class C>
Event level_event(EventType type, unsigned side, unsigned symbol, std::uint32_t price,
                  const LevelEntry<C>& level) {
  Event event = blank_event(type);
  event.side = static_cast<std::uint8_t>(side);
  event.symbol = static_cast<std::uint16_t>(symbol);
  event.price = price;
  event.level_quantity = level.quantity;
  event.order_count = level.count;
  return event;
}

// MassCancelDone, SnapshotEnd, BandSet.
Event count_event(EventType type, unsigned symbol, std::uint32_t count) {
  Event event = blank_event(type);
  event.symbol = static_cast<std::uint16_t>(symbol);
  event.order_count = count;
  return event;
}

// ------------------------------------------------------------------ validation
bool is_stop_type(std::uint8_t order_type) {
  return order_type == static_cast<std::uint8_t>(OrderType::Stop) ||
         order_type == static_cast<std::uint8_t>(OrderType::StopLimit);
}

// A market order, or a Stop, which enters as one: neither has a limit price.
bool is_market_type(std::uint8_t order_type) {
  return order_type == static_cast<std::uint8_t>(OrderType::Market) ||
         order_type == static_cast<std::uint8_t>(OrderType::Stop);
}

bool is_malformed(const Command& command) {
  const auto opcode = static_cast<Opcode>(command.opcode);
  if (command.opcode < static_cast<std::uint8_t>(Opcode::NewOrder) ||
      command.opcode > static_cast<std::uint8_t>(Opcode::SetBand) ||
      command.version < kOldestProtocolVersion || command.version > kProtocolVersion)
    return true;
  const bool iceberg = (command.flags & kFlagIceberg) != 0;
  // Version 2 has no stop orders, icebergs or aux field.
  if (command.version < kProtocolVersion &&
      (is_stop_type(command.order_type) || iceberg || command.aux != 0))
    return true;
  if (command.reserved0 != 0) return true;
  if (command.side > 1 || command.order_type > 3 || command.tif > 2 || command.stp > 3) return true;

  const bool order_fields = command.side != 0 || command.order_type != 0 || command.tif != 0 ||
                            command.stp != 0;
  switch (opcode) {
  case Opcode::NewOrder:
    return (command.flags & ~(kFlagPostOnly | kFlagIceberg)) != 0 || command.depth != 0 ||
           (is_market_type(command.order_type) && command.price != 0) ||
           (!is_stop_type(command.order_type) && !iceberg && command.aux != 0);
  case Opcode::Cancel:
    return order_fields || command.flags != 0 || command.symbol != 0 || command.depth != 0 ||
           command.price != 0 || command.quantity != 0 || command.account != 0 ||
           command.aux != 0;
  case Opcode::Modify:
    return order_fields || command.flags != 0 || command.symbol != 0 || command.depth != 0 ||
           command.account != 0;
  case Opcode::MassCancel:
    return order_fields || (command.flags & ~kFlagByAccount) != 0 || command.depth != 0 ||
           command.handle != 0 || command.price != 0 || command.quantity != 0 ||
           command.aux != 0 || ((command.flags & kFlagByAccount) == 0 && command.account != 0);
  case Opcode::Snapshot:
    return order_fields || command.flags != 0 || command.handle != 0 || command.price != 0 ||
           command.quantity != 0 || command.account != 0 || command.aux != 0;
  case Opcode::SetBand:
    return order_fields || command.flags != 0 || command.depth != 0 || command.handle != 0 ||
           command.quantity != 0 || command.account != 0 || command.aux != 0;
  }
  return true;
}

// An order of `side` at `price` would cross when the opposite best is at a price it accepts.
template <class C>
bool would_cross(const BasicCoreState<C>& core, unsigned symbol, unsigned side,
                 std::uint32_t price) {
  const unsigned opposite = side ^ 1u;
  const BookView<C> view = view_of(core, symbol, opposite);
  const OffsetSearch best = search_from(core, view, opposite, best_start<C>(opposite));
  if (!best.found) return false;
  const std::uint32_t best_price = view.band.price_at(best.offset);
  return side == kBuy ? best_price <= price : best_price >= price;
}

bool is_invalid_combination(const Command& command) {
  const bool market = is_market_type(command.order_type);
  const bool limit = command.order_type == static_cast<std::uint8_t>(OrderType::Limit);
  const bool post_only = (command.flags & kFlagPostOnly) != 0;
  const bool iceberg = (command.flags & kFlagIceberg) != 0;
  const auto tif = static_cast<TimeInForce>(command.tif);
  return (market && tif == TimeInForce::Gtc) || (!limit && post_only) ||
         (post_only && tif != TimeInForce::Gtc) ||
         (tif == TimeInForce::Fok && command.stp != static_cast<std::uint8_t>(StpMode::None)) ||
         (iceberg && (!limit || tif != TimeInForce::Gtc || command.aux == 0 ||
                      command.aux > command.quantity));
}

// A band base must be a multiple of kBandAlign and the band must end at or below 2^32 - 1.
template <class C>
bool is_valid_band_base(std::uint32_t base) {
  return base % kBandAlign == 0 && std::uint64_t{base} + (C::kLevels - 1) <= kLargestPrice;
}

// The reject reason of the first failing check, or 0 when the command is accepted.
template <class C>
std::uint8_t validate(const BasicCoreState<C>& core, const Command& command) {
  auto reason = [](RejectReason r) { return static_cast<std::uint8_t>(r); };
  if (is_malformed(command)) return reason(RejectReason::Malformed);

  switch (static_cast<Opcode>(command.opcode)) {
  case Opcode::NewOrder: {
    if (command.symbol >= C::kSymbols) return reason(RejectReason::UnknownSymbol);
    if (command.handle >= C::kHandles) return reason(RejectReason::HandleOutOfRange);
    if (core.resting[command.handle] || core.pending[command.handle])
      return reason(RejectReason::HandleInUse);
    if (command.quantity == 0) return reason(RejectReason::ZeroQuantity);
    if (command.quantity > C::kMaxQuantity) return reason(RejectReason::QuantityTooLarge);
    if (!is_market_type(command.order_type) &&
        !band_of(core, command.symbol).contains(command.price))
      return reason(RejectReason::PriceOutsideBand);
    if (is_invalid_combination(command)) return reason(RejectReason::InvalidCombination);
    if ((command.flags & kFlagPostOnly) != 0 &&
        would_cross(core, command.symbol, command.side, command.price))
      return reason(RejectReason::PostOnlyWouldCross);
    if (is_stop_type(command.order_type) && core.stop_count[command.symbol] == C::kStopOrders)
      return reason(RejectReason::StopCapacity);
    return 0;
  }
  case Opcode::Cancel:
    if (command.handle >= C::kHandles) return reason(RejectReason::HandleOutOfRange);
    if (!core.resting[command.handle] && !core.pending[command.handle])
      return reason(RejectReason::UnknownHandle);
    return 0;
  case Opcode::Modify: {
    if (command.handle >= C::kHandles) return reason(RejectReason::HandleOutOfRange);
    const bool pending = core.pending[command.handle];
    if (!core.resting[command.handle] && !pending) return reason(RejectReason::UnknownHandle);
    if (command.quantity == 0) return reason(RejectReason::ZeroQuantity);
    if (command.quantity > C::kMaxQuantity) return reason(RejectReason::QuantityTooLarge);
    const OrderInfo<C> info = load_info(core, command.handle);
    // A pending Stop has no limit price: its modify's price must be 0. A pending StopLimit's
    // price, like a resting order's, must lie in the band.
    const bool stop_market =
        pending &&
        load_stop(core, info.symbol, find_stop(core, info.symbol, command.handle)).market;
    if (!stop_market && !band_of(core, info.symbol).contains(command.price))
      return reason(RejectReason::PriceOutsideBand);
    if (pending ? (stop_market && command.price != 0) : command.aux != 0)
      return reason(RejectReason::InvalidCombination);
    if (info.post_only && would_cross(core, info.symbol, info.side, command.price))
      return reason(RejectReason::PostOnlyWouldCross);
    return 0;
  }
  case Opcode::MassCancel:
  case Opcode::Snapshot:
    if (command.symbol >= C::kSymbols) return reason(RejectReason::UnknownSymbol);
    return 0;
  case Opcode::SetBand:
    if (command.symbol >= C::kSymbols) return reason(RejectReason::UnknownSymbol);
    if (!is_valid_band_base<C>(command.price)) return reason(RejectReason::PriceOutOfRange);
    return 0;
  }
  return reason(RejectReason::Malformed);
}

// ------------------------------------------------------------------ book edits
// The displayed part of a resting order's open quantity (all of it unless it is an iceberg).
template <class C>
std::uint32_t displayed_of(const BasicCoreState<C>& core, unsigned handle) {
  return static_cast<std::uint32_t>(word_value(core.open[handle]) -
                                    word_value(core.hidden[handle]));
}

// Appends `handle` (its info, open and hidden quantity already written) at the tail of its level.
template <class C>
LevelEntry<C> append_to_level(BasicCoreState<C>& core, unsigned handle) {
  using HandleIndex = typename BasicCoreState<C>::HandleIndex;
  const OrderInfo<C> info = load_info(core, handle);
  const unsigned book = book_of(info.symbol, info.side);
  const unsigned index = level_index<C>(book, info.slot);
  LevelEntry<C> level = load_level(core, index);
  if (level.count == 0) {
    level.head = static_cast<HandleIndex>(handle);
    mark_level(core, book, info.slot, true);
  } else {
    set_word(core.next_link[level.tail], handle);
    set_word(core.prev_link[handle], level.tail);
  }
  level.tail = static_cast<HandleIndex>(handle);
  level.count = static_cast<decltype(level.count)>(level.count + 1);
  level.quantity =
      static_cast<decltype(level.quantity)>(level.quantity + displayed_of(core, handle));
  level.hidden =
      static_cast<decltype(level.hidden)>(level.hidden + word_value(core.hidden[handle]));
  store_level(core, index, level);
  core.resting[handle] = true;
  return level;
}

// Takes a resting order out of the middle of its FIFO.
template <class C>
LevelEntry<C> unlink_from_level(BasicCoreState<C>& core, unsigned handle) {
  const OrderInfo<C> info = load_info(core, handle);
  const unsigned book = book_of(info.symbol, info.side);
  const unsigned index = level_index<C>(book, info.slot);
  LevelEntry<C> level = load_level(core, index);
  const auto prev = static_cast<UInt<C::kHandleBits>>(word_value(core.prev_link[handle]));
  const auto next = static_cast<UInt<C::kHandleBits>>(word_value(core.next_link[handle]));
  if (level.head == handle) level.head = next;
  else set_word(core.next_link[prev], next);
  if (level.tail == handle) level.tail = prev;
  else set_word(core.prev_link[next], prev);
  level.count = static_cast<decltype(level.count)>(level.count - 1);
  level.quantity =
      static_cast<decltype(level.quantity)>(level.quantity - displayed_of(core, handle));
  level.hidden =
      static_cast<decltype(level.hidden)>(level.hidden - word_value(core.hidden[handle]));
  store_level(core, index, level);
  if (level.count == 0) mark_level(core, book, info.slot, false);
  core.resting[handle] = false;
  return level;
}

// ------------------------------------------------------------------ matching
// The order that goes through steps 2 to 4: a new order, a triggered stop, or the re-entering
// order of a priority-losing Modify.
struct Taker {
  unsigned handle;
  unsigned symbol;
  unsigned side;
  bool market;
  std::uint32_t price; // limit, inside the band; 0 for a market order
  std::uint32_t open;
  std::uint32_t account;
  std::uint8_t stp;
  TimeInForce tif;
  bool post_only;
  std::uint32_t peak; // an iceberg's display quantity, 0 for any other order
};

bool accepts(const Taker& taker, std::uint32_t level_price) {
  if (taker.market) return true;
  return taker.side == kBuy ? level_price <= taker.price : level_price >= taker.price;
}

// Fill-or-kill: is the opposite quantity at acceptable prices, icebergs' hidden quantity
// included, at least the order's quantity?
// The decision is taken one iteration after the add, on the registered running sum, so the loop's
// exit never waits for this iteration's level read and add (docs/hls.md, FOK_SCAN). The sum fits
// a level's quantity width: it never exceeds the quantity of every resting order together.
template <class C>
bool fok_fillable(const BasicCoreState<C>& core, const Taker& taker) {
  constexpr unsigned kFokTrip = C::kFokIterations;
  const unsigned maker_side = taker.side ^ 1u;
  const BookView<C> view = view_of(core, taker.symbol, maker_side);
  UInt<C::kLevelQuantityBits> available = 0;
  unsigned cursor = best_start<C>(maker_side);
FOK_SCAN:
  for (unsigned i = 0; i < kFokTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 1 max = kFokTrip
    if (available >= taker.open) break;
    const OffsetSearch level = search_from(core, view, maker_side, cursor);
    if (!level.found || !accepts(taker, view.band.price_at(level.offset))) break;
    const LevelEntry<C> entry =
        load_level(core, level_index<C>(view.book, view.band.slot_at(level.offset)));
    available = static_cast<UInt<C::kLevelQuantityBits>>(available + entry.quantity + entry.hidden);
    if (at_walk_end<C>(maker_side, level.offset)) break;
    cursor = walk_next(maker_side, level.offset);
  }
  return available >= taker.open;
}

// Step 3 of a new order. Returns true when self-trade prevention stopped the sweep. Its fills set
// the symbol's last trade price.
template <class C, class Stage>
bool sweep(BasicCoreState<C>& core, Taker& taker, Stage& stage) {
  constexpr unsigned kSweepTrip = C::kSweepIterations;
  using Level = LevelEntry<C>;
  using HandleIndex = typename BasicCoreState<C>::HandleIndex;
  const unsigned maker_side = taker.side ^ 1u;
  const BookView<C> view = view_of(core, taker.symbol, maker_side);
  const auto stp = static_cast<StpMode>(taker.stp);

  bool level_open = false;    // a level is held in the registers below
  bool level_changed = false;
  bool stopped = false;       // by self-trade prevention
  std::uint32_t level_price = 0;
  unsigned level_slot = 0;
  Level level{};
  // An iceberg maker whose displayed part the last fill used up: the head of the level, shown
  // again (and moved to the tail) in the next iteration.
  bool replenish = false;
  std::uint32_t replenish_open = 0;
  std::uint32_t replenish_hidden = 0;
  std::uint32_t replenish_peak = 0;
  bool traded = false;
  std::uint32_t last_trade = 0;
  // Forwarding registers (docs/hls.md, SWEEP): the last replenished maker's open and hidden
  // quantity and the last link the move to the tail wrote. A replenished iceberg alone in its
  // level is read again two iterations after its fill and one after its replenishment, and the
  // order behind it may leave one iteration after the move: those reads take these registers, not
  // the memories, so the memories' carried dependences are false.
  bool recent_valid = false;
  unsigned recent_maker = 0;
  std::uint32_t recent_open = 0;
  std::uint32_t recent_hidden = 0;
  bool link_valid = false;
  unsigned link_from = 0;
  unsigned link_to = 0;

SWEEP:
  for (unsigned i = 0; i < kSweepTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 1 max = kSweepTrip
  // False carried dependences (docs/hls.md, SWEEP): `levels` is written by a close and read by
  // the next load, which finds another level (a close that does not end the sweep emptied its
  // level); `open`, `hidden` and `next_link` are read at an address written one or two iterations
  // before only for a replenished iceberg, and those reads take the forwarding registers.
#pragma HLS DEPENDENCE variable = core.levels inter false
#pragma HLS DEPENDENCE variable = core.open inter false
#pragma HLS DEPENDENCE variable = core.hidden inter false
#pragma HLS DEPENDENCE variable = core.next_link inter false
    if (!level_open) {
      // Load: the best opposite level, if the taker still wants it.
      if (taker.open == 0 || stopped) break;
      const OffsetSearch best = search_from(core, view, maker_side, best_start<C>(maker_side));
      if (!best.found || !accepts(taker, view.band.price_at(best.offset))) break;
      level_price = view.band.price_at(best.offset);
      level_slot = view.band.slot_at(best.offset);
      level = load_level(core, level_index<C>(view.book, level_slot));
      level_open = true;
      level_changed = false;
    } else if (replenish) {
      // The iceberg at the head shows min(peak, hidden) more and moves to the tail.
      const unsigned maker = level.head;
      const std::uint32_t shown = replenish_hidden < replenish_peak ? replenish_hidden
                                                                     : replenish_peak;
      set_word(core.hidden[maker], replenish_hidden - shown);
      recent_valid = true;
      recent_maker = maker;
      recent_open = replenish_open;
      recent_hidden = replenish_hidden - shown;
      level.quantity = static_cast<decltype(level.quantity)>(level.quantity + shown);
      level.hidden = static_cast<decltype(level.hidden)>(level.hidden - shown);
      if (level.count > 1) {
        const auto next = static_cast<HandleIndex>(
            link_valid && link_from == maker ? link_to : word_value(core.next_link[maker]));
        set_word(core.next_link[level.tail], maker);
        set_word(core.prev_link[maker], level.tail);
        link_valid = true;
        link_from = level.tail;
        link_to = maker;
        level.head = next;
        level.tail = static_cast<HandleIndex>(maker);
      }
      stage.emit(order_event(EventType::Replenished, maker, maker_side, taker.symbol,
                             level_price, shown, replenish_open));
      replenish = false;
    } else if (level.count == 0 || taker.open == 0 || stopped) {
      // Close: write the level back and report it if the sweep changed it.
      if (level_changed) {
        store_level(core, level_index<C>(view.book, level_slot), level);
        if (level.count == 0) mark_level(core, view.book, level_slot, false);
        stage.emit(
            level_event(EventType::LevelUpdate, maker_side, taker.symbol, level_price, level));
      }
      level_open = false;
    } else {
      // Match: the oldest order of the level against the taker, one event at most.
      const unsigned maker = level.head;
      const bool forwarded = recent_valid && recent_maker == maker;
      const auto maker_open =
          forwarded ? recent_open : static_cast<std::uint32_t>(word_value(core.open[maker]));
      const auto maker_hidden =
          forwarded ? recent_hidden : static_cast<std::uint32_t>(word_value(core.hidden[maker]));
      const std::uint32_t maker_displayed = maker_open - maker_hidden;
      const OrderInfo<C> maker_info = load_info(core, maker);
      const bool self_trade = stp != StpMode::None && maker_info.account == taker.account;
      bool maker_leaves = false;
      if (self_trade && stp == StpMode::CancelIncoming) {
        stopped = true;
      } else if (self_trade) {
        stage.emit(cancelled_event(maker, maker_side, taker.symbol, level_price, maker_open,
                                   CancelReason::SelfTrade));
        level.quantity = static_cast<decltype(level.quantity)>(level.quantity - maker_displayed);
        level.hidden = static_cast<decltype(level.hidden)>(level.hidden - maker_hidden);
        maker_leaves = true;
        stopped = stp == StpMode::CancelBoth;
      } else {
        const std::uint32_t quantity = taker.open < maker_displayed ? taker.open : maker_displayed;
        const std::uint32_t maker_left = maker_open - quantity;
        taker.open -= quantity;
        level.quantity = static_cast<decltype(level.quantity)>(level.quantity - quantity);
        set_word(core.open[maker], maker_left);
        Event fill = order_event(EventType::Fill, taker.handle, taker.side, taker.symbol,
                                 level_price, quantity, taker.open);
        fill.maker_handle = maker;
        fill.maker_remaining = maker_left;
        stage.emit(fill);
        traded = true;
        last_trade = level_price;
        maker_leaves = maker_left == 0;
        replenish = !maker_leaves && quantity == maker_displayed;
        replenish_open = maker_left;
        replenish_hidden = maker_hidden;
        replenish_peak = maker_info.peak;
      }
      if (maker_leaves) {
        core.resting[maker] = false;
        level.head = static_cast<HandleIndex>(
            link_valid && link_from == maker ? link_to : word_value(core.next_link[maker]));
        level.count = static_cast<decltype(level.count)>(level.count - 1);
      }
      level_changed = level_changed || maker_leaves || !self_trade;
    }
  }
  if (traded) {
    core.last_trade_price[taker.symbol] = last_trade;
    core.traded[taker.symbol] = true;
  }
  return stopped;
}

// Step 4 of a new order: cancel the remainder or rest it (an iceberg with min(peak, open)
// displayed and the rest hidden).
template <class C, class Stage>
void finish_order(BasicCoreState<C>& core, const Taker& taker, bool stopped_by_stp, Stage& stage) {
  if (taker.open == 0) return;
  CancelReason reason = CancelReason::ImmediateOrCancel;
  if (stopped_by_stp) reason = CancelReason::SelfTrade;
  else if (taker.market) reason = CancelReason::MarketRemainder;
  else if (taker.tif == TimeInForce::Ioc) reason = CancelReason::ImmediateOrCancel;
  else if (taker.tif == TimeInForce::Fok) reason = CancelReason::FillOrKill; // unreachable: checked
  else {
    store_info(core, taker.handle,
               OrderInfo<C>{taker.account,
                            static_cast<UInt<C::kPriceBits>>(taker.price & (C::kLevels - 1)),
                            static_cast<UInt<C::kSymbolBits>>(taker.symbol),
                            static_cast<std::uint8_t>(taker.side), taker.stp, taker.post_only,
                            static_cast<UInt<C::kQuantityBits>>(taker.peak)});
    const std::uint32_t displayed =
        taker.peak != 0 && taker.peak < taker.open ? taker.peak : taker.open;
    set_word(core.open[taker.handle], taker.open);
    set_word(core.hidden[taker.handle], taker.open - displayed);
    const LevelEntry<C> level = append_to_level(core, taker.handle);
    stage.emit(level_event(EventType::LevelUpdate, taker.side, taker.symbol, taker.price, level));
    return;
  }
  stage.emit(cancelled_event(taker.handle, taker.side, taker.symbol, taker.price, taker.open,
                             reason));
}

// Steps 2 to 4 of a new order: the fill-or-kill check, the sweep, the remainder.
template <class C, class Stage>
void enter_order(BasicCoreState<C>& core, Taker& taker, Stage& stage) {
  if (taker.tif == TimeInForce::Fok && !fok_fillable(core, taker)) {
    stage.emit(cancelled_event(taker.handle, taker.side, taker.symbol, taker.price, taker.open,
                               CancelReason::FillOrKill));
    return;
  }
  const bool stopped = sweep(core, taker, stage);
  finish_order(core, taker, stopped, stage);
}

// A pending stop's limit price (0 for a Stop): SetBand keeps a StopLimit's inside the band, so
// the band gives it back from its slot.
template <class C>
std::uint32_t stop_limit_price(const BasicCoreState<C>& core, const StopEntry<C>& stop,
                               const OrderInfo<C>& info) {
  return stop.market ? 0 : band_of(core, info.symbol).price_of_slot(info.slot);
}

// Step 5: while a pending stop of `symbol` is triggered by its last trade price, the oldest
// such stop leaves the table and runs as a new order (StopTriggered, then steps 2 to 4). Each
// iteration removes one stop and none is added, so kStopOrders iterations run every stop the
// table can hold; a loop that ends early found none triggered.
template <class C, class Stage>
void run_triggered_stops(BasicCoreState<C>& core, unsigned symbol, Stage& stage) {
  constexpr unsigned kTriggerTrip = C::kTriggerIterations;
STOP_TRIGGER:
  for (unsigned i = 0; i < kTriggerTrip; ++i) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = kTriggerTrip
    const StopSearch next = first_triggered(core, symbol);
    if (!next.found) break;
    const StopEntry<C> stop = load_stop(core, symbol, next.index);
    remove_stop(core, symbol, next.index);
    const unsigned handle = stop.handle;
    core.pending[handle] = false;
    const OrderInfo<C> info = load_info(core, handle);
    const std::uint32_t price = stop_limit_price(core, stop, info);
    const auto quantity = static_cast<std::uint32_t>(word_value(core.open[handle]));
    Event triggered = order_event(EventType::StopTriggered, handle, stop.side, symbol, price,
                                  quantity, quantity);
    triggered.aux = stop.stop_price;
    stage.emit(triggered);
    Taker taker{handle,       symbol,   stop.side, stop.market,
                price,        quantity, info.account, info.stp,
                static_cast<TimeInForce>(stop.tif), false, 0};
    enter_order(core, taker, stage);
  }
}

// ------------------------------------------------------------------ commands
// A stop order is placed: StopAccepted, and it becomes the newest pending stop of its symbol.
template <class C, class Stage>
void place_stop(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  const bool market = command.order_type == static_cast<std::uint8_t>(OrderType::Stop);
  const std::uint32_t price = market ? 0 : command.price;
  const unsigned symbol = command.symbol;
  store_info(core, command.handle,
             OrderInfo<C>{command.account,
                          static_cast<UInt<C::kPriceBits>>(price & (C::kLevels - 1)),
                          static_cast<UInt<C::kSymbolBits>>(symbol), command.side, command.stp,
                          false, 0});
  set_word(core.open[command.handle], command.quantity);
  core.pending[command.handle] = true;
  const unsigned count = core.stop_count[symbol];
  store_stop(core, symbol, count,
             StopEntry<C>{static_cast<UInt<C::kHandleBits>>(command.handle), command.aux,
                          command.side, market, command.tif});
  core.stop_count[symbol] = static_cast<UInt<C::kStopCountBits>>(count + 1);
  Event accepted = order_event(EventType::StopAccepted, command.handle, command.side, symbol,
                               price, command.quantity, command.quantity);
  accepted.aux = command.aux;
  stage.emit(accepted);
}

template <class C, class Stage>
void new_order(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  if (is_stop_type(command.order_type)) {
    place_stop(core, command, stage);
  } else {
    const bool market = command.order_type == static_cast<std::uint8_t>(OrderType::Market);
    const bool iceberg = (command.flags & kFlagIceberg) != 0;
    Taker taker{command.handle,
                command.symbol,
                command.side,
                market,
                market ? 0u : command.price,
                command.quantity,
                command.account,
                command.stp,
                static_cast<TimeInForce>(command.tif),
                (command.flags & kFlagPostOnly) != 0,
                iceberg ? command.aux : 0u};
    Event accepted = order_event(EventType::Accepted, taker.handle, taker.side, taker.symbol,
                                 taker.price, taker.open, taker.open);
    accepted.aux = taker.peak;
    stage.emit(accepted);
    enter_order(core, taker, stage);
  }
  run_triggered_stops(core, command.symbol, stage);
}

template <class C, class Stage>
void cancel_pending_stop(BasicCoreState<C>& core, unsigned handle, Stage& stage) {
  const OrderInfo<C> info = load_info(core, handle);
  const unsigned index = find_stop(core, info.symbol, handle);
  const StopEntry<C> stop = load_stop(core, info.symbol, index);
  remove_stop(core, info.symbol, index);
  core.pending[handle] = false;
  stage.emit(cancelled_event(handle, info.side, info.symbol, stop_limit_price(core, stop, info),
                             static_cast<std::uint32_t>(word_value(core.open[handle])),
                             CancelReason::User));
}

template <class C, class Stage>
void cancel(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  const unsigned handle = command.handle;
  if (core.pending[handle]) {
    cancel_pending_stop(core, handle, stage);
    return;
  }
  const OrderInfo<C> info = load_info(core, handle);
  const std::uint32_t price = band_of(core, info.symbol).price_of_slot(info.slot);
  const auto open = static_cast<std::uint32_t>(word_value(core.open[handle]));
  const LevelEntry<C> level = unlink_from_level(core, handle);
  stage.emit(cancelled_event(handle, info.side, info.symbol, price, open, CancelReason::User));
  stage.emit(level_event(EventType::LevelUpdate, info.side, info.symbol, price, level));
}

// A pending stop gets its new limit price, quantity and stop price and keeps its place.
template <class C, class Stage>
void modify_pending_stop(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  const unsigned handle = command.handle;
  OrderInfo<C> info = load_info(core, handle);
  const unsigned index = find_stop(core, info.symbol, handle);
  StopEntry<C> stop = load_stop(core, info.symbol, index);
  stop.stop_price = command.aux;
  store_stop(core, info.symbol, index, stop);
  info.slot = static_cast<UInt<C::kPriceBits>>(command.price & (C::kLevels - 1));
  store_info(core, handle, info);
  set_word(core.open[handle], command.quantity);
  Event modified = order_event(EventType::Modified, handle, info.side, info.symbol, command.price,
                               command.quantity, command.quantity);
  modified.aux = command.aux;
  stage.emit(modified);
}

template <class C, class Stage>
void modify_resting(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  const unsigned handle = command.handle;
  const OrderInfo<C> info = load_info(core, handle);
  const std::uint32_t old_price = band_of(core, info.symbol).price_of_slot(info.slot);
  const auto old_open = static_cast<std::uint32_t>(word_value(core.open[handle]));
  const auto old_hidden = static_cast<std::uint32_t>(word_value(core.hidden[handle]));
  const std::uint32_t old_displayed = old_open - old_hidden;
  const std::uint32_t new_price = command.price;
  const std::uint32_t new_open = command.quantity;

  stage.emit(order_event(EventType::Modified, handle, info.side, info.symbol, new_price, new_open,
                         new_open));
  if (new_price == old_price && new_open <= old_open) {
    // Keeps its time priority; an iceberg displays min(displayed, new open).
    if (new_open == old_open) return;
    const std::uint32_t new_displayed = old_displayed < new_open ? old_displayed : new_open;
    const std::uint32_t new_hidden = new_open - new_displayed;
    const unsigned index = level_index<C>(book_of(info.symbol, info.side), info.slot);
    LevelEntry<C> level = load_level(core, index);
    level.quantity =
        static_cast<decltype(level.quantity)>(level.quantity - (old_displayed - new_displayed));
    level.hidden = static_cast<decltype(level.hidden)>(level.hidden - (old_hidden - new_hidden));
    store_level(core, index, level);
    set_word(core.open[handle], new_open);
    set_word(core.hidden[handle], new_hidden);
    if (new_displayed != old_displayed)
      stage.emit(level_event(EventType::LevelUpdate, info.side, info.symbol, old_price, level));
    return;
  }
  // Loses its priority: leave the level, then re-enter as a GTC limit order (an iceberg with the
  // same peak).
  const LevelEntry<C> old_level = unlink_from_level(core, handle);
  if (new_price != old_price)
    stage.emit(level_event(EventType::LevelUpdate, info.side, info.symbol, old_price, old_level));
  Taker taker{handle,   info.symbol,  info.side, false,           new_price,    new_open,
              info.account, info.stp, TimeInForce::Gtc, info.post_only, info.peak};
  enter_order(core, taker, stage);
}

template <class C, class Stage>
void modify(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  const unsigned symbol = load_info(core, command.handle).symbol;
  if (core.pending[command.handle]) modify_pending_stop(core, command, stage);
  else modify_resting(core, command, stage);
  run_triggered_stops(core, symbol, stage);
}

// Which resting orders of a symbol a cancel walk takes: those at band offsets first .. last
// (first <= last), all of them or only one account's.
struct CancelScope {
  unsigned first;
  unsigned last;
  bool by_account;
  std::uint32_t account;
  CancelReason reason;
};

// Cancels the orders of `scope` in mass-cancel order: bids best to worst (high to low), then
// asks best to worst (low to high), oldest first, one LevelUpdate after each changed level.
// Returns the number of orders cancelled.
template <class C, class Stage>
std::uint32_t cancel_walk(BasicCoreState<C>& core, unsigned symbol, const CancelScope& scope,
                          Stage& stage) {
  constexpr unsigned kCancelWalkTrip = C::kCancelWalkIterations;
  using HandleIndex = typename BasicCoreState<C>::HandleIndex;
  const Band<C> band = band_of(core, symbol);
  std::uint32_t cancelled = 0;

  unsigned side = kBuy;
  unsigned cursor = scope.last;
  bool side_done = false;
  bool level_open = false;
  bool level_changed = false;
  unsigned level_offset = 0;
  LevelEntry<C> level{};
  unsigned walk = 0;           // next order of the level to visit
  unsigned to_visit = 0;       // orders of the level not yet visited
  unsigned kept = 0;           // orders of the level that stay
  unsigned first_kept = 0;
  unsigned last_kept = 0;

CANCEL_WALK:
  for (unsigned i = 0; i < kCancelWalkTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2 max = kCancelWalkTrip
  // False carried dependences (docs/hls.md, CANCEL_WALK): `next_link` is read for the order
  // being visited and written for a survivor already visited, whose link was read before; a
  // level is written by its close and the next load reads a level further along the walk.
#pragma HLS DEPENDENCE variable = core.next_link inter false
#pragma HLS DEPENDENCE variable = core.levels inter false
    const BookView<C> view{book_of(symbol, side), band};
    if (!level_open) {
      if (side_done) {
        // Bids are done: the asks follow, best (lowest) first.
        if (side != kBuy) break;
        side = kBuy ^ 1u;
        cursor = scope.first;
        side_done = false;
      } else {
        const OffsetSearch next = search_from(core, view, side, cursor);
        const bool in_scope =
            next.found && (side == kBuy ? next.offset >= scope.first : next.offset <= scope.last);
        if (!in_scope) {
          side_done = true;
        } else {
          level_offset = next.offset;
          level = load_level(core, level_index<C>(view.book, band.slot_at(level_offset)));
          level_open = true;
          level_changed = false;
          walk = level.head;
          to_visit = level.count;
          kept = 0;
        }
      }
    } else if (to_visit != 0) {
      // Visit one order, oldest first; survivors are re-threaded in their old order.
      const unsigned handle = walk;
      walk = static_cast<unsigned>(word_value(core.next_link[handle]));
      --to_visit;
      if (!scope.by_account || load_info(core, handle).account == scope.account) {
        const auto open = static_cast<std::uint32_t>(word_value(core.open[handle]));
        const auto hidden = static_cast<std::uint32_t>(word_value(core.hidden[handle]));
        stage.emit(cancelled_event(handle, side, symbol, band.price_at(level_offset), open,
                                   scope.reason));
        core.resting[handle] = false;
        level.quantity = static_cast<decltype(level.quantity)>(level.quantity - (open - hidden));
        level.hidden = static_cast<decltype(level.hidden)>(level.hidden - hidden);
        level_changed = true;
        ++cancelled;
      } else {
        if (kept == 0) {
          first_kept = handle;
        } else {
          set_word(core.next_link[last_kept], handle);
          set_word(core.prev_link[handle], last_kept);
        }
        last_kept = handle;
        ++kept;
      }
    } else {
      // Close the level and step to the next one.
      if (level_changed) {
        const unsigned slot = band.slot_at(level_offset);
        level.count = static_cast<decltype(level.count)>(kept);
        level.head = static_cast<HandleIndex>(first_kept);
        level.tail = static_cast<HandleIndex>(last_kept);
        store_level(core, level_index<C>(view.book, slot), level);
        if (kept == 0) mark_level(core, view.book, slot, false);
        stage.emit(level_event(EventType::LevelUpdate, side, symbol, band.price_at(level_offset),
                               level));
      }
      level_open = false;
      if (level_offset == (side == kBuy ? scope.first : scope.last)) side_done = true;
      else cursor = walk_next(side, level_offset);
    }
  }
  return cancelled;
}

// Which pending stops of a symbol a mass cancel or a band move takes: those of one account
// (by_account), or the StopLimits whose price lies outside `band` (outside_band), or all.
template <class C>
struct StopScope {
  bool by_account;
  std::uint32_t account;
  bool outside_band;
  Band<C> band;
  CancelReason reason;
};

// Cancels the symbol's pending stops of `scope` in placement order; the others keep their order.
// One entry per iteration, at most one event. Returns the number cancelled.
template <class C, class Stage>
std::uint32_t cancel_stops(BasicCoreState<C>& core, unsigned symbol, const StopScope<C>& scope,
                           Stage& stage) {
  constexpr unsigned kStopCancelTrip = C::kStopCancelIterations;
  const unsigned count = core.stop_count[symbol];
  unsigned kept = 0;
  std::uint32_t cancelled = 0;
STOP_CANCEL:
  for (unsigned i = 0; i < kStopCancelTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 0 max = kStopCancelTrip
    if (i >= count) break;
    const StopEntry<C> stop = load_stop(core, symbol, i);
    const OrderInfo<C> info = load_info(core, stop.handle);
    const std::uint32_t price = stop_limit_price(core, stop, info);
    const bool selected = scope.by_account     ? info.account == scope.account
                          : scope.outside_band ? !stop.market && !scope.band.contains(price)
                                               : true;
    if (selected) {
      stage.emit(cancelled_event(stop.handle, stop.side, symbol, price,
                                 static_cast<std::uint32_t>(word_value(core.open[stop.handle])),
                                 scope.reason));
      core.pending[stop.handle] = false;
      ++cancelled;
    } else {
      core.stops[symbol][kept] = core.stops[symbol][i];
      ++kept;
    }
  }
  core.stop_count[symbol] = static_cast<UInt<C::kStopCountBits>>(kept);
  return cancelled;
}

template <class C, class Stage>
void mass_cancel(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  const bool by_account = (command.flags & kFlagByAccount) != 0;
  const CancelScope scope{0, C::kLevels - 1, by_account, command.account, CancelReason::Mass};
  std::uint32_t cancelled = cancel_walk(core, command.symbol, scope, stage);
  const StopScope<C> stops{by_account, command.account, false, Band<C>{0}, CancelReason::Mass};
  cancelled += cancel_stops(core, command.symbol, stops, stage);
  stage.emit(count_event(EventType::MassCancelDone, command.symbol, cancelled));
}

// Moves the band: the levels of the old band that the new one does not hold are a run of
// offsets at the bottom (band moved up) or the top (band moved down) of the old band; their
// orders are cancelled, then the pending StopLimits whose price the new band does not hold, then
// the base changes. Every other level keeps its slot and its orders.
template <class C, class Stage>
void set_band(BasicCoreState<C>& core, const Command& command, Stage& stage) {
  const unsigned symbol = command.symbol;
  const std::uint32_t old_base = core.band_base[symbol];
  const std::uint32_t new_base = command.price;
  std::uint32_t cancelled = 0;
  if (new_base != old_base) {
    CancelScope scope{0, C::kLevels - 1, false, 0, CancelReason::BandMoved};
    if (new_base > old_base) {
      const std::uint32_t moved = new_base - old_base;
      if (moved < C::kLevels) scope.last = moved - 1;
    } else {
      const std::uint32_t moved = old_base - new_base;
      if (moved < C::kLevels) scope.first = C::kLevels - moved;
    }
    cancelled = cancel_walk(core, symbol, scope, stage);
    const StopScope<C> stops{false, 0, true, Band<C>{new_base}, CancelReason::BandMoved};
    cancelled += cancel_stops(core, symbol, stops, stage);
    core.band_base[symbol] = new_base;
  }
  Event band_set = count_event(EventType::BandSet, symbol, cancelled);
  band_set.price = new_base;
  stage.emit(band_set);
}

template <class C, class Stage>
void snapshot(const BasicCoreState<C>& core, const Command& command, Stage& stage) {
  constexpr unsigned kSnapshotTrip = C::kSnapshotIterations;
  const unsigned symbol = command.symbol;
  const unsigned depth = command.depth;
  std::uint32_t rows = 0;
  unsigned side = kBuy;
  unsigned cursor = best_start<C>(kBuy);
  unsigned side_rows = 0;
  bool side_done = false;

SNAPSHOT:
  for (unsigned i = 0; i < kSnapshotTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2 max = kSnapshotTrip
    const BookView<C> view = view_of(core, symbol, side);
    if (side_done) {
      if (side != kBuy) break;
      side = kBuy ^ 1u;
      cursor = best_start<C>(side);
      side_rows = 0;
      side_done = false;
    } else if (depth != 0 && side_rows == depth) {
      side_done = true;
    } else {
      const OffsetSearch next = search_from(core, view, side, cursor);
      if (!next.found) {
        side_done = true;
      } else {
        stage.emit(level_event(EventType::SnapshotRow, side, symbol,
                               view.band.price_at(next.offset),
                               load_level(core, level_index<C>(view.book,
                                                               view.band.slot_at(next.offset)))));
        ++rows;
        ++side_rows;
        if (at_walk_end<C>(side, next.offset)) side_done = true;
        else cursor = walk_next(side, next.offset);
      }
    }
  }
  stage.emit(count_event(EventType::SnapshotEnd, symbol, rows));
}

template <class C, class Out>
void apply_command(BasicCoreState<C>& core, const Command& command, Out& events) {
  core.commands_received += 1;
  EventStage<Out> stage(core.events_emitted, core.commands_received, events, command.opcode);
  const std::uint8_t reject = validate(core, command);
  if (reject != 0) {
    Event rejected = blank_event(EventType::Rejected);
    rejected.handle = command.handle;
    rejected.symbol = command.symbol;
    rejected.reason = reject;
    stage.emit(rejected);
  } else {
    switch (static_cast<Opcode>(command.opcode)) {
    case Opcode::NewOrder: new_order(core, command, stage); break;
    case Opcode::Cancel: cancel(core, command, stage); break;
    case Opcode::Modify: modify(core, command, stage); break;
    case Opcode::MassCancel: mass_cancel(core, command, stage); break;
    case Opcode::Snapshot: snapshot(core, command, stage); break;
    case Opcode::SetBand: set_band(core, command, stage); break;
    }
  }
  stage.finish();
}

// Start of day: every table back to what the FPGA's configuration holds (the empty core with
// every band at base 0, no pending stop, no last trade and both sequence counters at 0). Vitis
// statics have no reset, so this is the only way back to that state without reconfiguring. One
// entry of every table per iteration: the tables are separate memories, so each iteration is one
// write per memory.
template <class C>
void clear_core(BasicCoreState<C>& core) {
  constexpr unsigned kClearTrip = C::kClearIterations;
CLEAR:
  for (unsigned i = 0; i < kClearTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = kClearTrip max = kClearTrip
    if (i < C::kHandles) {
      core.resting[i] = false;
      core.pending[i] = false;
      core.info[i] = PackedBits<InfoLayout<C>::kBits>{};
      set_word(core.open[i], 0);
      set_word(core.hidden[i], 0);
      set_word(core.next_link[i], 0);
      set_word(core.prev_link[i], 0);
    }
    if (i < C::kLevelSlots) core.levels[i] = PackedBits<LevelLayout<C>::kBits>{};
    if (i < C::kBooks) {
      core.summary[i] = 0;
    CLEAR_LEAF:
      for (unsigned word = 0; word < C::kLeafWords; ++word) {
#pragma HLS UNROLL
        core.leaf[i][word] = 0;
      }
    }
    if (i < C::kSymbols) {
      core.band_base[i] = 0;
      core.stop_count[i] = 0;
      core.last_trade_price[i] = 0;
      core.traded[i] = false;
    CLEAR_STOPS:
      for (unsigned entry = 0; entry < C::kStopOrders; ++entry) {
#pragma HLS UNROLL
        core.stops[i][entry] = PackedBits<StopLayout<C>::kBits>{};
      }
    }
  }
  core.commands_received = 0;
  core.events_emitted = 0;
}

} // namespace

void process_command(CoreState& core, const Command& command, hls::stream<Event>& events) {
  apply_command(core, command, events);
}

void process_command(VenueCoreState& core, const Command& command, hls::stream<Event>& events) {
  apply_command(core, command, events);
}

void process_command(CoreState& core, const Command& command, hls::stream<EventBeat>& events) {
  apply_command(core, command, events);
}

void process_command(VenueCoreState& core, const Command& command,
                     hls::stream<EventBeat>& events) {
  apply_command(core, command, events);
}

void clear_state(CoreState& core) { clear_core(core); }

void clear_state(VenueCoreState& core) { clear_core(core); }

} // namespace twinmatch::hlscore
