// The matching core: docs/matching.md on the tables of CoreState.
// The loops that walk the book (FOK check, sweep, mass cancel, snapshot) are written as small
// state machines in which one iteration emits at most one event, so each can be pipelined at
// II=1 against a one-event-per-cycle output stream (docs/hls.md gives the per-loop reasoning).
#include "twinmatch/hls/core.hpp"

namespace twinmatch::hlscore {
namespace {

constexpr std::uint8_t kBuy = static_cast<std::uint8_t>(Side::Buy);
constexpr std::uint8_t kSell = static_cast<std::uint8_t>(Side::Sell);
constexpr std::uint64_t kAllOnes = ~std::uint64_t{0};

// Loop bounds as plain constants, so the pragmas can name them.
constexpr unsigned kSweepTrip = C::kSweepIterations;
constexpr unsigned kMassCancelTrip = C::kMassCancelIterations;
constexpr unsigned kSnapshotTrip = C::kSnapshotIterations;
constexpr unsigned kFokTrip = C::kFokIterations;

unsigned book_of(unsigned symbol, unsigned side) { return symbol * 2 + side; }
unsigned slot_of(unsigned book, unsigned price) { return book * C::kLevels + price; }

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

// ------------------------------------------------------------------ bitmap search
struct PriceSearch {
  bool found;
  unsigned price;
};

// The highest non-empty level at or below `from`.
PriceSearch search_down(const CoreState& core, unsigned book, unsigned from) {
  const unsigned word = from / C::kLeafBits;
  const unsigned bit = from % C::kLeafBits;
  const std::uint64_t at_or_below = bit == 63 ? kAllOnes : (std::uint64_t{1} << (bit + 1)) - 1;
  const std::uint64_t here = core.leaf[book][word] & at_or_below;
  if (here != 0) return {true, word * C::kLeafBits + highest_bit(here)};
  const std::uint64_t lower_words = core.summary[book] & ((std::uint64_t{1} << word) - 1);
  if (lower_words == 0) return {false, 0};
  const unsigned found_word = highest_bit(lower_words);
  return {true, found_word * C::kLeafBits + highest_bit(core.leaf[book][found_word])};
}

// The lowest non-empty level at or above `from`.
PriceSearch search_up(const CoreState& core, unsigned book, unsigned from) {
  const unsigned word = from / C::kLeafBits;
  const unsigned bit = from % C::kLeafBits;
  const std::uint64_t here = core.leaf[book][word] & (kAllOnes << bit);
  if (here != 0) return {true, word * C::kLeafBits + lowest_bit(here)};
  const std::uint64_t higher_words = word >= 63 ? 0 : core.summary[book] & (kAllOnes << (word + 1));
  if (higher_words == 0) return {false, 0};
  const unsigned found_word = lowest_bit(higher_words);
  return {true, found_word * C::kLeafBits + lowest_bit(core.leaf[book][found_word])};
}

// The best non-empty level of a side at `from` or worse: bids walk down, asks walk up.
PriceSearch search_from(const CoreState& core, unsigned book, unsigned side, unsigned from) {
  return side == kBuy ? search_down(core, book, from) : search_up(core, book, from);
}

unsigned best_start(unsigned side) { return side == kBuy ? C::kLevels - 1 : 0; }

// True when `price` is the worst price of the side's walk (nothing lies beyond it).
bool at_walk_end(unsigned side, unsigned price) {
  return side == kBuy ? price == 0 : price == C::kLevels - 1;
}

unsigned walk_next(unsigned side, unsigned price) { return side == kBuy ? price - 1 : price + 1; }

void mark_level(CoreState& core, unsigned book, unsigned price, bool non_empty) {
  const unsigned word = price / C::kLeafBits;
  const std::uint64_t bit = std::uint64_t{1} << (price % C::kLeafBits);
  const std::uint64_t leaf = non_empty ? (core.leaf[book][word] | bit) : (core.leaf[book][word] & ~bit);
  core.leaf[book][word] = leaf;
  const std::uint64_t word_bit = std::uint64_t{1} << word;
  core.summary[book] = leaf != 0 ? (core.summary[book] | word_bit) : (core.summary[book] & ~word_bit);
}

// ------------------------------------------------------------------ events
// Holds the newest event of the command back by one so that the last one can carry kEventLast:
// in hardware, a single output register in front of the stream.
class EventStage {
public:
  EventStage(CoreState& core, hls::stream<Event>& out, std::uint8_t opcode)
      : core_(core), out_(out), opcode_(opcode) {}

  void emit(Event event) {
    event.seq = ++core_.events_emitted;
    event.cmd_seq = core_.commands_received;
    event.cmd_opcode = opcode_;
    if (has_pending_) out_.write(pending_);
    pending_ = event;
    has_pending_ = true;
  }

  // Every command emits at least one event, so there is always one pending here.
  void finish() {
    pending_.flags = static_cast<std::uint8_t>(pending_.flags | kEventLast);
    out_.write(pending_);
    has_pending_ = false;
  }

private:
  CoreState& core_;
  hls::stream<Event>& out_;
  std::uint8_t opcode_;
  Event pending_{};
  bool has_pending_ = false;
};

Event blank_event(EventType type) {
  Event event{};
  event.type = static_cast<std::uint8_t>(type);
  return event;
}

Event order_event(EventType type, unsigned handle, unsigned side, unsigned symbol, unsigned price,
                  std::uint32_t quantity, std::uint32_t remaining) {
  Event event = blank_event(type);
  event.side = static_cast<std::uint8_t>(side);
  event.symbol = static_cast<std::uint16_t>(symbol);
  event.handle = handle;
  event.price = price;
  event.quantity = quantity;
  event.remaining = remaining;
  return event;
}

Event cancelled_event(unsigned handle, unsigned side, unsigned symbol, unsigned price,
                      std::uint32_t quantity, CancelReason reason) {
  Event event = order_event(EventType::Cancelled, handle, side, symbol, price, quantity, 0);
  event.reason = static_cast<std::uint8_t>(reason);
  return event;
}

// LevelUpdate and SnapshotRow.
Event level_event(EventType type, unsigned side, unsigned symbol, unsigned price,
                  const LevelEntry& level) {
  Event event = blank_event(type);
  event.side = static_cast<std::uint8_t>(side);
  event.symbol = static_cast<std::uint16_t>(symbol);
  event.price = price;
  event.level_quantity = level.quantity;
  event.order_count = level.count;
  return event;
}

Event count_event(EventType type, unsigned symbol, std::uint32_t count) {
  Event event = blank_event(type);
  event.symbol = static_cast<std::uint16_t>(symbol);
  event.order_count = count;
  return event;
}

// ------------------------------------------------------------------ validation
bool is_malformed(const Command& command) {
  const auto opcode = static_cast<Opcode>(command.opcode);
  if (command.opcode < static_cast<std::uint8_t>(Opcode::NewOrder) ||
      command.opcode > static_cast<std::uint8_t>(Opcode::Snapshot) ||
      command.version != kProtocolVersion)
    return true;
  if (command.reserved0 != 0 || command.reserved1 != 0) return true;
  if (command.side > 1 || command.order_type > 1 || command.tif > 2 || command.stp > 3) return true;

  const bool order_fields = command.side != 0 || command.order_type != 0 || command.tif != 0 ||
                            command.stp != 0;
  switch (opcode) {
  case Opcode::NewOrder:
    return (command.flags & ~kFlagPostOnly) != 0 || command.depth != 0 ||
           (command.order_type == static_cast<std::uint8_t>(OrderType::Market) &&
            command.price != 0);
  case Opcode::Cancel:
    return order_fields || command.flags != 0 || command.symbol != 0 || command.depth != 0 ||
           command.price != 0 || command.quantity != 0 || command.account != 0;
  case Opcode::Modify:
    return order_fields || command.flags != 0 || command.symbol != 0 || command.depth != 0 ||
           command.account != 0;
  case Opcode::MassCancel:
    return order_fields || (command.flags & ~kFlagByAccount) != 0 || command.depth != 0 ||
           command.handle != 0 || command.price != 0 || command.quantity != 0 ||
           ((command.flags & kFlagByAccount) == 0 && command.account != 0);
  case Opcode::Snapshot:
    return order_fields || command.flags != 0 || command.handle != 0 || command.price != 0 ||
           command.quantity != 0 || command.account != 0;
  }
  return true;
}

// An order of `side` at `price` would cross when the opposite best is at a price it accepts.
bool would_cross(const CoreState& core, unsigned symbol, unsigned side, unsigned price) {
  const unsigned opposite = side ^ 1u;
  const PriceSearch best =
      search_from(core, book_of(symbol, opposite), opposite, best_start(opposite));
  if (!best.found) return false;
  return side == kBuy ? best.price <= price : best.price >= price;
}

bool is_invalid_combination(const Command& command) {
  const bool market = command.order_type == static_cast<std::uint8_t>(OrderType::Market);
  const bool post_only = (command.flags & kFlagPostOnly) != 0;
  const auto tif = static_cast<TimeInForce>(command.tif);
  return (market && tif == TimeInForce::Gtc) || (market && post_only) ||
         (post_only && tif != TimeInForce::Gtc) ||
         (tif == TimeInForce::Fok && command.stp != static_cast<std::uint8_t>(StpMode::None));
}

// The reject reason of the first failing check, or 0 when the command is accepted.
std::uint8_t validate(const CoreState& core, const Command& command) {
  auto reason = [](RejectReason r) { return static_cast<std::uint8_t>(r); };
  if (is_malformed(command)) return reason(RejectReason::Malformed);

  switch (static_cast<Opcode>(command.opcode)) {
  case Opcode::NewOrder: {
    if (command.symbol >= C::kSymbols) return reason(RejectReason::UnknownSymbol);
    if (command.handle >= C::kHandles) return reason(RejectReason::HandleOutOfRange);
    if (core.resting[command.handle]) return reason(RejectReason::HandleInUse);
    if (command.quantity == 0) return reason(RejectReason::ZeroQuantity);
    if (command.quantity > C::kMaxQuantity) return reason(RejectReason::QuantityTooLarge);
    const bool market = command.order_type == static_cast<std::uint8_t>(OrderType::Market);
    if (!market && command.price >= C::kLevels) return reason(RejectReason::PriceOutOfRange);
    if (is_invalid_combination(command)) return reason(RejectReason::InvalidCombination);
    if ((command.flags & kFlagPostOnly) != 0 &&
        would_cross(core, command.symbol, command.side, command.price))
      return reason(RejectReason::PostOnlyWouldCross);
    return 0;
  }
  case Opcode::Cancel:
    if (command.handle >= C::kHandles) return reason(RejectReason::HandleOutOfRange);
    if (!core.resting[command.handle]) return reason(RejectReason::UnknownHandle);
    return 0;
  case Opcode::Modify: {
    if (command.handle >= C::kHandles) return reason(RejectReason::HandleOutOfRange);
    if (!core.resting[command.handle]) return reason(RejectReason::UnknownHandle);
    if (command.quantity == 0) return reason(RejectReason::ZeroQuantity);
    if (command.quantity > C::kMaxQuantity) return reason(RejectReason::QuantityTooLarge);
    if (command.price >= C::kLevels) return reason(RejectReason::PriceOutOfRange);
    const OrderInfo& info = core.info[command.handle];
    if (info.post_only && would_cross(core, info.symbol, info.side, command.price))
      return reason(RejectReason::PostOnlyWouldCross);
    return 0;
  }
  case Opcode::MassCancel:
  case Opcode::Snapshot:
    if (command.symbol >= C::kSymbols) return reason(RejectReason::UnknownSymbol);
    return 0;
  }
  return reason(RejectReason::Malformed);
}

// ------------------------------------------------------------------ book edits
// Appends `handle` (its info and open quantity already written) at the tail of its level.
LevelEntry append_to_level(CoreState& core, unsigned handle) {
  const OrderInfo info = core.info[handle];
  const unsigned book = book_of(info.symbol, info.side);
  const unsigned slot = slot_of(book, info.price);
  LevelEntry level = core.levels[slot];
  if (level.count == 0) {
    level.head = static_cast<HandleIndex>(handle);
    mark_level(core, book, info.price, true);
  } else {
    core.next_link[level.tail] = static_cast<HandleIndex>(handle);
    core.prev_link[handle] = level.tail;
  }
  level.tail = static_cast<HandleIndex>(handle);
  level.count = static_cast<OrderCount>(level.count + 1);
  level.quantity = static_cast<LevelQuantity>(level.quantity + core.open[handle]);
  core.levels[slot] = level;
  core.resting[handle] = true;
  return level;
}

// Takes a resting order out of the middle of its FIFO.
LevelEntry unlink_from_level(CoreState& core, unsigned handle) {
  const OrderInfo info = core.info[handle];
  const unsigned book = book_of(info.symbol, info.side);
  const unsigned slot = slot_of(book, info.price);
  LevelEntry level = core.levels[slot];
  const HandleIndex prev = core.prev_link[handle];
  const HandleIndex next = core.next_link[handle];
  if (level.head == handle) level.head = next;
  else core.next_link[prev] = next;
  if (level.tail == handle) level.tail = prev;
  else core.prev_link[next] = prev;
  level.count = static_cast<OrderCount>(level.count - 1);
  level.quantity = static_cast<LevelQuantity>(level.quantity - core.open[handle]);
  core.levels[slot] = level;
  if (level.count == 0) mark_level(core, book, info.price, false);
  core.resting[handle] = false;
  return level;
}

// ------------------------------------------------------------------ matching
// The incoming order of a NewOrder, or the re-entering order of a priority-losing Modify.
struct Taker {
  unsigned handle;
  unsigned symbol;
  unsigned side;
  bool market;
  unsigned price; // limit; 0 for a market order
  std::uint32_t open;
  std::uint32_t account;
  std::uint8_t stp;
};

bool accepts(const Taker& taker, unsigned level_price) {
  if (taker.market) return true;
  return taker.side == kBuy ? level_price <= taker.price : level_price >= taker.price;
}

// Fill-or-kill: is the opposite quantity at acceptable prices at least the order's quantity?
bool fok_fillable(const CoreState& core, const Taker& taker) {
  const unsigned maker_side = taker.side ^ 1u;
  const unsigned book = book_of(taker.symbol, maker_side);
  std::uint64_t available = 0;
  unsigned cursor = best_start(maker_side);
FOK_SCAN:
  for (unsigned i = 0; i < kFokTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 1 max = kFokTrip
    const PriceSearch level = search_from(core, book, maker_side, cursor);
    if (!level.found || !accepts(taker, level.price)) break;
    available += core.levels[slot_of(book, level.price)].quantity;
    if (available >= taker.open || at_walk_end(maker_side, level.price)) break;
    cursor = walk_next(maker_side, level.price);
  }
  return available >= taker.open;
}

// Step 3 of a new order. Returns true when self-trade prevention stopped the sweep.
bool sweep(CoreState& core, Taker& taker, EventStage& stage) {
  const unsigned maker_side = taker.side ^ 1u;
  const unsigned book = book_of(taker.symbol, maker_side);
  const auto stp = static_cast<StpMode>(taker.stp);

  bool level_open = false;    // a level is held in the registers below
  bool level_changed = false;
  bool stopped = false;       // by self-trade prevention
  unsigned level_price = 0;
  LevelEntry level{};

SWEEP:
  for (unsigned i = 0; i < kSweepTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 1 max = kSweepTrip
#pragma HLS DEPENDENCE variable = core.open inter false
    if (!level_open) {
      // Load: the best opposite level, if the taker still wants it.
      if (taker.open == 0 || stopped) break;
      const PriceSearch best = search_from(core, book, maker_side, best_start(maker_side));
      if (!best.found || !accepts(taker, best.price)) break;
      level_price = best.price;
      level = core.levels[slot_of(book, level_price)];
      level_open = true;
      level_changed = false;
    } else if (level.count == 0 || taker.open == 0 || stopped) {
      // Close: write the level back and report it if the sweep changed it.
      if (level_changed) {
        core.levels[slot_of(book, level_price)] = level;
        if (level.count == 0) mark_level(core, book, level_price, false);
        stage.emit(level_event(EventType::LevelUpdate, maker_side, taker.symbol, level_price, level));
      }
      level_open = false;
    } else {
      // Match: the oldest order of the level against the taker, one event at most.
      const unsigned maker = level.head;
      const std::uint32_t maker_open = core.open[maker];
      const bool self_trade =
          stp != StpMode::None && core.info[maker].account == taker.account;
      bool maker_leaves = false;
      if (self_trade && stp == StpMode::CancelIncoming) {
        stopped = true;
      } else if (self_trade) {
        stage.emit(cancelled_event(maker, maker_side, taker.symbol, level_price, maker_open,
                                   CancelReason::SelfTrade));
        level.quantity = static_cast<LevelQuantity>(level.quantity - maker_open);
        maker_leaves = true;
        stopped = stp == StpMode::CancelBoth;
      } else {
        const std::uint32_t traded = taker.open < maker_open ? taker.open : maker_open;
        const std::uint32_t maker_left = maker_open - traded;
        taker.open -= traded;
        level.quantity = static_cast<LevelQuantity>(level.quantity - traded);
        core.open[maker] = static_cast<Quantity>(maker_left);
        Event fill = order_event(EventType::Fill, taker.handle, taker.side, taker.symbol,
                                 level_price, traded, taker.open);
        fill.maker_handle = maker;
        fill.maker_remaining = maker_left;
        stage.emit(fill);
        maker_leaves = maker_left == 0;
      }
      if (maker_leaves) {
        core.resting[maker] = false;
        level.head = core.next_link[maker];
        level.count = static_cast<OrderCount>(level.count - 1);
      }
      level_changed = level_changed || maker_leaves || !self_trade;
    }
  }
  return stopped;
}

// Step 4 of a new order: cancel the remainder or rest it.
void finish_order(CoreState& core, const Taker& taker, TimeInForce tif, bool post_only,
                  bool stopped_by_stp, EventStage& stage) {
  if (taker.open == 0) return;
  CancelReason reason = CancelReason::ImmediateOrCancel;
  if (stopped_by_stp) reason = CancelReason::SelfTrade;
  else if (taker.market) reason = CancelReason::MarketRemainder;
  else if (tif == TimeInForce::Ioc) reason = CancelReason::ImmediateOrCancel;
  else if (tif == TimeInForce::Fok) reason = CancelReason::FillOrKill; // unreachable: FOK checked
  else {
    core.info[taker.handle] = OrderInfo{taker.account,
                                        static_cast<PriceIndex>(taker.price),
                                        static_cast<UInt<C::kSymbolBits>>(taker.symbol),
                                        static_cast<std::uint8_t>(taker.side),
                                        taker.stp,
                                        post_only};
    core.open[taker.handle] = static_cast<Quantity>(taker.open);
    const LevelEntry level = append_to_level(core, taker.handle);
    stage.emit(level_event(EventType::LevelUpdate, taker.side, taker.symbol, taker.price, level));
    return;
  }
  stage.emit(cancelled_event(taker.handle, taker.side, taker.symbol, taker.price, taker.open,
                             reason));
}

// ------------------------------------------------------------------ commands
void new_order(CoreState& core, const Command& command, EventStage& stage) {
  const bool market = command.order_type == static_cast<std::uint8_t>(OrderType::Market);
  const auto tif = static_cast<TimeInForce>(command.tif);
  Taker taker{command.handle, command.symbol, command.side, market,
              market ? 0u : command.price, command.quantity, command.account, command.stp};

  stage.emit(order_event(EventType::Accepted, taker.handle, taker.side, taker.symbol, taker.price,
                         taker.open, taker.open));
  if (tif == TimeInForce::Fok && !fok_fillable(core, taker)) {
    stage.emit(cancelled_event(taker.handle, taker.side, taker.symbol, taker.price, taker.open,
                               CancelReason::FillOrKill));
    return;
  }
  const bool stopped = sweep(core, taker, stage);
  finish_order(core, taker, tif, (command.flags & kFlagPostOnly) != 0, stopped, stage);
}

void cancel(CoreState& core, const Command& command, EventStage& stage) {
  const unsigned handle = command.handle;
  const OrderInfo info = core.info[handle];
  const std::uint32_t open = core.open[handle];
  const LevelEntry level = unlink_from_level(core, handle);
  stage.emit(cancelled_event(handle, info.side, info.symbol, info.price, open, CancelReason::User));
  stage.emit(level_event(EventType::LevelUpdate, info.side, info.symbol, info.price, level));
}

void modify(CoreState& core, const Command& command, EventStage& stage) {
  const unsigned handle = command.handle;
  const OrderInfo info = core.info[handle];
  const std::uint32_t old_open = core.open[handle];
  const unsigned new_price = command.price;
  const std::uint32_t new_open = command.quantity;

  stage.emit(order_event(EventType::Modified, handle, info.side, info.symbol, new_price, new_open,
                         new_open));
  if (new_price == info.price && new_open <= old_open) {
    // Keeps its time priority.
    if (new_open == old_open) return;
    const unsigned slot = slot_of(book_of(info.symbol, info.side), info.price);
    LevelEntry level = core.levels[slot];
    level.quantity = static_cast<LevelQuantity>(level.quantity - (old_open - new_open));
    core.levels[slot] = level;
    core.open[handle] = static_cast<Quantity>(new_open);
    stage.emit(level_event(EventType::LevelUpdate, info.side, info.symbol, info.price, level));
    return;
  }
  // Loses its priority: leave the level, then re-enter as a GTC limit order.
  const LevelEntry old_level = unlink_from_level(core, handle);
  if (new_price != info.price)
    stage.emit(level_event(EventType::LevelUpdate, info.side, info.symbol, info.price, old_level));
  Taker taker{handle, info.symbol, info.side, false, new_price, new_open, info.account, info.stp};
  const bool stopped = sweep(core, taker, stage);
  finish_order(core, taker, TimeInForce::Gtc, info.post_only, stopped, stage);
}

void mass_cancel(CoreState& core, const Command& command, EventStage& stage) {
  const unsigned symbol = command.symbol;
  const bool by_account = (command.flags & kFlagByAccount) != 0;
  std::uint32_t cancelled = 0;

  unsigned side = kBuy;
  unsigned cursor = best_start(kBuy);
  bool side_done = false;
  bool level_open = false;
  bool level_changed = false;
  unsigned level_price = 0;
  LevelEntry level{};
  unsigned walk = 0;           // next order of the level to visit
  unsigned to_visit = 0;       // orders of the level not yet visited
  unsigned kept = 0;           // orders of the level that stay
  unsigned first_kept = 0;
  unsigned last_kept = 0;

MASS_CANCEL:
  for (unsigned i = 0; i < kMassCancelTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2 max = kMassCancelTrip
    const unsigned book = book_of(symbol, side);
    if (!level_open) {
      if (side_done) {
        // Bids are done: the asks follow, best (lowest) first.
        if (side == kSell) break;
        side = kSell;
        cursor = best_start(kSell);
        side_done = false;
      } else {
        const PriceSearch next = search_from(core, book, side, cursor);
        if (!next.found) {
          side_done = true;
        } else {
          level_price = next.price;
          level = core.levels[slot_of(book, level_price)];
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
      walk = core.next_link[handle];
      --to_visit;
      if (!by_account || core.info[handle].account == command.account) {
        const std::uint32_t open = core.open[handle];
        stage.emit(cancelled_event(handle, side, symbol, level_price, open, CancelReason::Mass));
        core.resting[handle] = false;
        level.quantity = static_cast<LevelQuantity>(level.quantity - open);
        level_changed = true;
        ++cancelled;
      } else {
        if (kept == 0) {
          first_kept = handle;
        } else {
          core.next_link[last_kept] = static_cast<HandleIndex>(handle);
          core.prev_link[handle] = static_cast<HandleIndex>(last_kept);
        }
        last_kept = handle;
        ++kept;
      }
    } else {
      // Close the level and step to the next one.
      if (level_changed) {
        level.count = static_cast<OrderCount>(kept);
        level.head = static_cast<HandleIndex>(first_kept);
        level.tail = static_cast<HandleIndex>(last_kept);
        core.levels[slot_of(book, level_price)] = level;
        if (kept == 0) mark_level(core, book, level_price, false);
        stage.emit(level_event(EventType::LevelUpdate, side, symbol, level_price, level));
      }
      level_open = false;
      if (at_walk_end(side, level_price)) side_done = true;
      else cursor = walk_next(side, level_price);
    }
  }
  stage.emit(count_event(EventType::MassCancelDone, symbol, cancelled));
}

void snapshot(const CoreState& core, const Command& command, EventStage& stage) {
  const unsigned symbol = command.symbol;
  const unsigned depth = command.depth;
  std::uint32_t rows = 0;
  unsigned side = kBuy;
  unsigned cursor = best_start(kBuy);
  unsigned side_rows = 0;
  bool side_done = false;

SNAPSHOT:
  for (unsigned i = 0; i < kSnapshotTrip; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT min = 2 max = kSnapshotTrip
    const unsigned book = book_of(symbol, side);
    if (side_done) {
      if (side == kSell) break;
      side = kSell;
      cursor = best_start(kSell);
      side_rows = 0;
      side_done = false;
    } else if (depth != 0 && side_rows == depth) {
      side_done = true;
    } else {
      const PriceSearch next = search_from(core, book, side, cursor);
      if (!next.found) {
        side_done = true;
      } else {
        stage.emit(level_event(EventType::SnapshotRow, side, symbol, next.price,
                               core.levels[slot_of(book, next.price)]));
        ++rows;
        ++side_rows;
        if (at_walk_end(side, next.price)) side_done = true;
        else cursor = walk_next(side, next.price);
      }
    }
  }
  stage.emit(count_event(EventType::SnapshotEnd, symbol, rows));
}

} // namespace

void process_command(CoreState& core, const Command& command, hls::stream<Event>& events) {
  core.commands_received += 1;
  EventStage stage(core, events, command.opcode);
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
    }
  }
  stage.finish();
}

} // namespace twinmatch::hlscore
