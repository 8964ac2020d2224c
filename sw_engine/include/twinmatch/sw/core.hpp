// The core-level engine: docs/matching.md on an OrderBook. Consumes wire Commands, emits wire
// Events into a sink fixed at compile time (`sink.push(const Event&)`, or written in place
// through `sink.next()`; inlined, no virtual call).
// Its event stream is byte-identical to the reference model's (tests/sw_engine diff them).
//
// Hot path: no allocation, no exceptions. The last event of a command is known when it is
// built (it is always the remainder event, the level update after a fully filled taker, or a
// fixed final record, unless the book's last trade then triggers a pending stop: asked there),
// so events go straight to the sink without a look-ahead buffer.
//
// Protocol 3 (stops, icebergs) stays off the common path: the shape check keeps the protocol-2
// masks, and a command they refuse goes to apply_extended(), which checks it fully and runs it
// on the general paths (`gnu::cold`, so that the inliner spends nothing on them: see
// docs/profiling-log.md, session 9). On the common path an order with a special trait (an
// iceberg, a pending stop) costs one test in cancel and modify, a fill one test of the maker's
// iceberg trait, a level that traded one store of the book's last trade price, and a NewOrder or
// Modify one test of the count of pending stops in all books (step 5).
#pragma once

#include <algorithm>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <utility>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/sw/order_book.hpp"

namespace twinmatch::sw {

// A sink takes each event through push(const Event&); it may also offer `Event& next()`, the
// record to write the next event into, which the engine then fills in place, and
// `released(handle)`, told when an order other than the command's own ends (a maker filled
// away or cancelled by self-trade prevention, an order a mass cancel or band move cancelled, a
// pending stop they cancelled, a triggered stop that did not rest), right after that order's
// event: the drop-in engine frees its handle there
// instead of scanning the events again. A sink that keeps the orders each event names may offer
// `name_none()`, `name_order(handle)` and `name_orders(handle, maker_handle)`, one of which is
// called right after each event is written: the Accepted, Cancelled, Modified, StopAccepted,
// StopTriggered and Replenished events name their `handle`, a Fill its `handle` and
// `maker_handle`; the rest name none (a Rejected event
// is its command's only event, so the sink knows the command's order there itself). A sink
// that offers `Event& last_event()`, the event it took last, still writable, spares the common
// path a question: the core flags an event last as if no stop could follow, and takes the flag
// back there when a pending stop triggers (step 5); with any other sink it asks first.
template <class S>
concept EventSink = requires(S sink, const Event& event) { sink.push(event); };

// Which bytes of a command must be zero, per opcode (docs/matching.md, validation step 1), as
// masks over the record's four little-endian 64-bit words. Enum ranges that are not bit masks
// (tif <= 2), a market order's price and MassCancel's account are checked beside.
namespace detail {

static_assert(std::endian::native == std::endian::little, "the masks assume little-endian words");

constexpr std::uint64_t byte_mask(int byte, std::uint8_t bits = 0xFF) {
  return std::uint64_t{bits} << ((byte % 8) * 8);
}

struct ZeroMasks {
  std::uint64_t word[4];
};

// Word 0: opcode version side order_type tif flags stp reserved0. Word 1: symbol depth handle.
// Word 2: price quantity. Word 3: account aux.
inline constexpr std::uint64_t kAll = ~std::uint64_t{0};
inline constexpr std::uint64_t kSideToReserved0 = ~std::uint64_t{0} << 16;
inline constexpr std::uint64_t kReserved1 = 0xFFFFFFFF00000000ull;
inline constexpr std::uint64_t kSymbolDepth = 0x00000000FFFFFFFFull;

inline constexpr ZeroMasks kZeroMasks[7] = {
    {{0, 0, 0, 0}}, // opcode 0: rejected before the masks
    // NewOrder: side/order_type <= 1, stp <= 3, only the post-only flag, no depth.
    {{byte_mask(2, 0xFE) | byte_mask(3, 0xFE) | byte_mask(5, 0xFE) | byte_mask(6, 0xFC) |
          byte_mask(7),
      byte_mask(10) | byte_mask(11), 0, kReserved1}},
    // Cancel: handle only.
    {{kSideToReserved0, kSymbolDepth, kAll, kAll}},
    // Modify: handle, price, quantity.
    {{kSideToReserved0, kSymbolDepth, 0, kAll}},
    // MassCancel: symbol, the by-account flag, account.
    {{kSideToReserved0 & ~byte_mask(5, 0x02), ~std::uint64_t{0xFFFF}, kAll, kReserved1}},
    // Snapshot: symbol, depth.
    {{kSideToReserved0, 0xFFFFFFFF00000000ull, kAll, kAll}},
    // SetBand: symbol, price (the new base).
    {{kSideToReserved0, ~std::uint64_t{0xFFFF}, 0xFFFFFFFF00000000ull, kAll}},
};

// The part of validation step 1 that every opcode shares: a known opcode, our version, and zero
// in every bit the opcode's masks cover. The opcode-specific rest (a NewOrder's tif and market
// price, a MassCancel's account) is checked first thing by the opcode's handler, so that a
// command is dispatched on its opcode once.
inline bool malformed_shape(const Command& c) {
  // Four scalar loads (an array here would be copied through the stack first).
  const auto word = [&c](int index) {
    std::uint64_t w;
    std::memcpy(&w, reinterpret_cast<const unsigned char*>(&c) + index * 8, sizeof w);
    return w;
  };
  const std::uint64_t word0 = word(0);
  // Opcode 1..6 with version 2 or 3 is the little-endian half-word 0x0201..0x0206 or
  // 0x0301..0x0306; setting the version's low bit maps both to 0x0301..0x0306: one compare.
  const auto opcode_and_version = static_cast<std::uint16_t>(word0 | 0x0100u);
  static_assert(kOldestProtocolVersion == 2 && kProtocolVersion == 3);
  if (static_cast<std::uint16_t>(opcode_and_version - 0x0301u) >= 6) return true;
  const ZeroMasks& masks = kZeroMasks[c.opcode];
  return ((word0 & masks.word[0]) | (word(1) & masks.word[1]) | (word(2) & masks.word[2]) |
          (word(3) & masks.word[3])) != 0;
}

} // namespace detail

template <EventSink Sink>
class Core {
public:
  template <class... SinkArgs>
  explicit Core(const CoreConfig& config, SinkArgs&&... sink_args)
      : book_(config), sink_(std::forward<SinkArgs>(sink_args)...) {}

  const CoreConfig& config() const { return book_.config(); }
  const OrderBook& book() const { return book_; }
  Sink& sink() { return sink_; }
  const Sink& sink() const { return sink_; }
  std::uint64_t commands() const { return cmd_seq_; }
  bool prefault() { return book_.prefault(); }

  // Applies one command: every event it causes goes to the sink, the last one flagged.
  void apply(const Command& c) { apply_one(c); }

  // The drop-in engine's entries: apply() of a NewOrder, Cancel or Modify command (the same
  // events), for a caller that builds the command itself with our version, that opcode and
  // zero in every field the opcode does not use, so that only a NewOrder's enumerations (side,
  // order type, self-trade prevention: its word 0) are left of the shape check, and the
  // dispatch on the opcode is the caller's. Each is a function of its own, so that a cancel
  // does not pay the register saves of the whole matching path.
  // A stop or iceberg order (its order type or flag: word 0) goes the general way; a plain
  // order's aux is an unused field, zero by this entry's contract.
  void apply_new_order(const Command& c) {
    ++cmd_seq_;
    opcode_ = static_cast<std::uint8_t>(Opcode::NewOrder);
    std::uint64_t word0;
    std::memcpy(&word0, &c, sizeof word0);
    if ((word0 & detail::kZeroMasks[1].word[0]) != 0) [[unlikely]]
      return apply_extended(c);
    new_order(c);
  }
  void apply_cancel(const Command& c) {
    ++cmd_seq_;
    opcode_ = static_cast<std::uint8_t>(Opcode::Cancel);
    cancel(c);
  }
  void apply_modify(const Command& c) {
    ++cmd_seq_;
    opcode_ = static_cast<std::uint8_t>(Opcode::Modify);
    modify(c); // aux 0 by the contract: a modify with a stop price goes through apply()
  }

  // Applies a run of commands in order; the same events as one apply() each. While it works on
  // one command it prefetches the lines that the command kPrefetchAhead places later will miss
  // on most: the level a new order may rest on (a fresh level deep in a moving book is usually
  // in no cache) and the slot a cancel or modify names. Plain prefetches only, computed without
  // a check: reading the prefetched slots a few commands later to prefetch what they point to,
  // or validating the fields first, cost more than they saved on every big-book scenario.
  // Books small enough to stay in cache (the hardware configuration) skip the prefetching,
  // which there only costs time (about 10%).
  void apply(std::span<const Command> commands) {
    const std::size_t n = commands.size();
    std::size_t i = 0;
    if (prefetching_) {
      for (; i + kPrefetchAhead < n; ++i) {
        prefetch(commands[i + kPrefetchAhead]);
        apply_one(commands[i]);
      }
    }
    for (; i < n; ++i) apply_one(commands[i]);
  }

  // Durability (sw_engine/durable): the event counter, and the book and counters of a fresh
  // core being rebuilt from a snapshot (resting orders appended in priority order).
  std::uint64_t events() const { return event_seq_; }
  OrderBook& book_to_restore() { return book_; }
  void restore_counters(std::uint64_t commands, std::uint64_t events) {
    cmd_seq_ = commands;
    event_seq_ = events;
  }

  // Queries (for the drop-in API and tests). A handle is in use while its order rests or its
  // stop is pending; the open quantity of a resting iceberg includes its hidden part, that of a
  // pending stop is its quantity.
  bool is_resting(std::uint32_t handle) const { return book_.is_resting(handle); }
  bool is_pending(std::uint32_t handle) const { return book_.is_pending(handle); }
  bool in_use(std::uint32_t handle) const { return book_.in_use(handle); }
  std::uint32_t open_quantity(std::uint32_t handle) const {
    if (!book_.in_use(handle)) return 0;
    return book_.is_pending(handle) ? book_.order(handle).open : book_.whole_open(handle);
  }
  // The book's pending stops, and its last trade price (none before its first fill).
  std::uint32_t pending_stops(std::uint32_t symbol) const { return book_.book_state(symbol).stops; }
  std::optional<std::uint32_t> last_trade(std::uint32_t symbol) const {
    const BookState& state = book_.book_state(symbol);
    if (state.last_trade == 0) return std::nullopt;
    return static_cast<std::uint32_t>(state.last_trade - 1);
  }
  // Durability: stop placements are numbered across books, for the canonical export order.
  std::uint64_t& stop_placements() { return placements_; }
  std::uint32_t best_price(std::uint32_t symbol, Side side) const {
    if (symbol >= config().symbols) return kNoPrice;
    return book_.best(OrderBook::side_index(symbol, static_cast<std::uint8_t>(side)));
  }

private:
  static constexpr std::size_t kCacheResidentBytes = std::size_t{4} << 20;
  static constexpr std::size_t kPrefetchAhead = 16;

  // The body of apply(), inlined into the batch loop so that a run of commands pays one call.
  [[gnu::always_inline]] void apply_one(const Command& c) {
    ++cmd_seq_;
    opcode_ = c.opcode;
    if (detail::malformed_shape(c)) [[unlikely]]
      return apply_extended(c);
    switch (static_cast<Opcode>(c.opcode)) {
    case Opcode::NewOrder: return new_order(c);
    case Opcode::Cancel: return cancel(c);
    case Opcode::Modify: return modify(c);
    case Opcode::MassCancel: return mass_cancel(c);
    case Opcode::Snapshot: return snapshot(c);
    case Opcode::SetBand: return set_band(c);
    }
  }

  // ------------------------------------------------------------------ prefetching
  // Hints only, without a check or a branch (the opcode mix is random): the level a new order
  // would rest on and the slot its handle names. A cancel's fields give level 0 of book 0 and
  // its order's slot; a bad command's fields, some address that is prefetched in vain. Always
  // inlined: as a function of its own GCC sees no effect in it and drops the call.
  [[gnu::always_inline]] void prefetch(const Command& c) const {
    book_.prefetch_level(OrderBook::side_index(c.symbol, c.side), c.price);
    book_.prefetch_order(c.handle);
  }

  // ------------------------------------------------------------------ events
  // The fields of an event beyond its type, flags and numbering; those its type does not use
  // stay 0.
  struct EventFields {
    std::uint8_t side = 0;
    std::uint8_t reason = 0;
    std::uint16_t symbol = 0;
    std::uint32_t handle = 0;
    std::uint32_t maker_handle = 0;
    std::uint32_t price = 0;
    std::uint32_t quantity = 0;
    std::uint32_t remaining = 0;
    std::uint32_t maker_remaining = 0;
    std::uint64_t level_quantity = 0;
    std::uint32_t order_count = 0;
    std::uint32_t aux = 0;
  };

  // Which of an event's handles name orders (see EventSink).
  enum class Names : std::uint8_t { None, Order, OrderAndMaker };

  // Builds one event as the record's eight 64-bit words in registers and stores them whole:
  // no zeroing first, no narrow stores, and the counters read before the record is written (a
  // store into the record may alias them as far as the compiler knows). A sink that offers
  // `Event& next()` gets the words in place; any other sink gets push(const Event&).
  [[gnu::always_inline]] void emit(EventType type, bool last, const EventFields& f, Names names = Names::None) {
    const std::uint64_t seq = ++event_seq_;
    const std::uint64_t header = std::uint64_t{static_cast<std::uint8_t>(type)} |
                                 std::uint64_t{last ? kEventLast : std::uint8_t{0}} << 8 |
                                 std::uint64_t{f.side} << 16 | std::uint64_t{f.reason} << 24 |
                                 std::uint64_t{f.symbol} << 32 | std::uint64_t{opcode_} << 48;
    const std::uint64_t cmd_seq = cmd_seq_;
    const std::uint64_t handles = f.handle | std::uint64_t{f.maker_handle} << 32;
    const std::uint64_t price_quantity = f.price | std::uint64_t{f.quantity} << 32;
    const std::uint64_t remainders = f.remaining | std::uint64_t{f.maker_remaining} << 32;
    const std::uint64_t count = f.order_count | std::uint64_t{f.aux} << 32;
    static_assert(sizeof(Event) == 64 && offsetof(Event, order_count) == 56);
    // One store a word, from scalars (an array of the words is copied through the stack).
    const auto store = [&](Event& e) {
      auto* bytes = reinterpret_cast<unsigned char*>(&e);
      std::memcpy(bytes, &header, 8);
      std::memcpy(bytes + 8, &seq, 8);
      std::memcpy(bytes + 16, &cmd_seq, 8);
      std::memcpy(bytes + 24, &handles, 8);
      std::memcpy(bytes + 32, &price_quantity, 8);
      std::memcpy(bytes + 40, &remainders, 8);
      std::memcpy(bytes + 48, &f.level_quantity, 8);
      std::memcpy(bytes + 56, &count, 8);
    };
    if constexpr (requires { { sink_.next() } -> std::same_as<Event&>; }) {
      store(sink_.next());
    } else {
      Event e;
      store(e);
      sink_.push(e);
    }
    if constexpr (requires { sink_.name_orders(f.handle, f.maker_handle); }) {
      if (names == Names::OrderAndMaker) sink_.name_orders(f.handle, f.maker_handle);
      else if (names == Names::Order) sink_.name_order(f.handle);
      else sink_.name_none();
    }
  }

  // The command's own order is its caller's to free, even when a triggered stop fills it away.
  void released(std::uint32_t handle) {
    if constexpr (requires { sink_.released(handle); }) {
      if (handle != own_) sink_.released(handle);
    }
  }

  void reject(const Command& c, RejectReason reason) {
    emit(EventType::Rejected, true,
         {.reason = static_cast<std::uint8_t>(reason), .symbol = c.symbol, .handle = c.handle});
  }

  // Accepted, Cancelled, Modified: one order's view.
  [[gnu::always_inline]] void order_event(EventType type, bool last, std::uint8_t side, std::uint16_t symbol,
                   std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
                   std::uint32_t remaining, std::uint8_t reason = 0) {
    emit(type, last,
         {.side = side, .reason = reason, .symbol = symbol, .handle = handle, .price = price,
          .quantity = quantity, .remaining = remaining},
         Names::Order);
  }

  [[gnu::always_inline]] void cancelled(bool last, CancelReason reason, const Order& o, std::uint32_t handle,
                 std::uint32_t price, std::uint32_t quantity) {
    order_event(EventType::Cancelled, last, o.side, o.symbol, handle, price, quantity, 0,
                static_cast<std::uint8_t>(reason));
  }

  // The protocol-3 paths' order events: out of line, so that the common path's inlining of the
  // ones above stays as it was.
  [[gnu::cold, gnu::noinline]] void cold_order_event(EventType type, bool last, std::uint8_t side,
                                                    std::uint16_t symbol, std::uint32_t handle, std::uint32_t price,
                                                    std::uint32_t quantity, std::uint32_t remaining,
                                                    std::uint8_t reason = 0) {
    order_event(type, last, side, symbol, handle, price, quantity, remaining, reason);
  }
  void cold_cancelled(bool last, CancelReason reason, const Order& o, std::uint32_t handle, std::uint32_t price,
                      std::uint32_t quantity) {
    cold_order_event(EventType::Cancelled, last, o.side, o.symbol, handle, price, quantity, 0,
                     static_cast<std::uint8_t>(reason));
  }

  [[gnu::cold, gnu::noinline]] void cold_level_event(EventType type, bool last, std::uint8_t side, std::uint16_t symbol,
                                                    std::uint32_t price, const Level& l) {
    level_event(type, last, side, symbol, price, l);
  }

  // LevelUpdate or SnapshotRow.
  void level_event(EventType type, bool last, std::uint8_t side, std::uint16_t symbol,
                   std::uint32_t price, const Level& l) {
    emit(type, last,
         {.side = side, .symbol = symbol, .price = price, .level_quantity = l.quantity, .order_count = l.count});
  }

  // SnapshotEnd, MassCancelDone or BandSet (which also carries the new base as its price).
  void count_event(EventType type, std::uint16_t symbol, std::uint32_t count, std::uint32_t price = 0) {
    emit(type, true, {.symbol = symbol, .price = price, .order_count = count});
  }

  // ------------------------------------------------------------------ commands
  // The rank on the opposite side up to which a taker with this limit trades (docs/matching.md:
  // a buy at or below its limit, a sell at or above; a market order at any price). An empty
  // side's best rank, kNoPrice, is above it.
  std::uint32_t limit_rank(std::uint32_t opposite, bool market, std::uint32_t limit) const {
    return market ? kNoPrice - 1 : book_.rank(opposite, limit);
  }

  bool would_cross(std::uint32_t symbol, std::uint8_t side, std::uint32_t price) const {
    const std::uint32_t opposite = OrderBook::side_index(symbol, side ^ 1);
    return book_.best_rank(opposite) <= book_.rank(opposite, price);
  }

  [[gnu::always_inline]] void new_order(const Command& c) {
    const bool market = c.order_type == static_cast<std::uint8_t>(OrderType::Market);
    const bool post_only = (c.flags & kFlagPostOnly) != 0;
    const auto tif = static_cast<TimeInForce>(c.tif);
    // The level this order would rest on is most often the only line it misses on a big book:
    // start loading it now, so that the miss overlaps validation, the Accepted event and the
    // look at the opposite side (unchecked: a bad order's address is prefetched in vain).
    if (prefetching_) book_.prefetch_level(OrderBook::side_index(c.symbol, c.side), c.price);
    // Every reject condition at once, without a branch each (the orders of a live stream are
    // nearly all valid); only a failing order goes through them one by one, in the documented
    // order, to find its reason.
    if (invalid_new_order(c, market, post_only) || book_.order(c.handle).open != 0) [[unlikely]]
      return reject(c, new_order_reject_reason(c, market));
    if (post_only && would_cross(c.symbol, c.side, c.price))
      return reject(c, RejectReason::PostOnlyWouldCross);

    Order& o = book_.order(c.handle);
    o.price = c.price; // 0 for a market order (checked as Malformed otherwise)
    o.account = c.account;
    o.symbol = c.symbol;
    o.side = c.side;
    o.traits = static_cast<std::uint8_t>(c.stp | (post_only ? kPostOnlyTrait : 0));
    order_event(EventType::Accepted, false, c.side, c.symbol, c.handle, c.price, c.quantity, c.quantity);

    // A killed order traded nothing, so it triggers no stop: no step 5.
    if (tif == TimeInForce::Fok && available(c.symbol, c.side, market, c.price, c.quantity) < c.quantity)
      return cancelled(true, CancelReason::FillOrKill, o, c.handle, c.price, c.quantity);
    match_and_rest(c.handle, c.quantity, market, tif); // and step 5
  }

  // Validation steps 1-2 of a new order (all but the handle-in-use and post-only checks) as one
  // branch-free test: true if any of them fails. A market order's price must be 0 and a limit
  // order's inside its book's band: one compare of the price above an origin (0, or the band's
  // base) against a limit (1, or price_levels) that depend on the type. The base is read for a
  // symbol clamped into range, so that an unknown symbol reads no memory outside the table.
  [[gnu::always_inline]] bool invalid_new_order(const Command& c, bool market, bool post_only) const {
    const CoreConfig& cfg = config();
    const std::uint32_t price_limit = market ? 1 : cfg.price_levels;
    const std::uint32_t origin = market ? 0 : book_.base(std::min<std::uint32_t>(c.symbol, cfg.symbols - 1));
    const unsigned terms = c.order_type | (post_only ? 2u : 0u) | (c.stp != 0 ? 4u : 0u);
    const bool bad_terms = (c.tif > 2) | ((kBadTerms >> ((c.tif & 3u) * 8 + terms)) & 1u);
    return bad_terms | (c.symbol >= cfg.symbols) | (c.handle >= cfg.handles) |
           (c.quantity - 1 >= cfg.max_quantity) | (c.price - origin >= price_limit);
  }

  // Bit tif * 8 + terms is set when time in force `tif` with `terms` (bit 0 a market order,
  // bit 1 post-only, bit 2 a self-trade prevention mode) is a combination docs/matching.md
  // refuses. (malformed_shape() has limited order_type to 0..1 and stp to 0..3.)
  static constexpr std::uint32_t kBadTerms = [] {
    std::uint32_t bits = 0;
    for (unsigned tif = 0; tif < 3; ++tif)
      for (unsigned terms = 0; terms < 8; ++terms) {
        const bool market = (terms & 1) != 0, post_only = (terms & 2) != 0, stp = (terms & 4) != 0;
        const bool gtc = tif == static_cast<unsigned>(TimeInForce::Gtc);
        const bool fok = tif == static_cast<unsigned>(TimeInForce::Fok);
        const bool refused = (market && (gtc || post_only)) || (post_only && !gtc) || (fok && stp);
        if (refused) bits |= 1u << (tif * 8 + terms);
      }
    return bits;
  }();

  // The reason a new order that failed invalid_new_order() or names a resting handle is
  // rejected: the first failing check in the order of docs/matching.md.
  [[gnu::noinline]] RejectReason new_order_reject_reason(const Command& c, bool market) const {
    const CoreConfig& cfg = config();
    if (c.tif > 2 || (market && c.price != 0)) return RejectReason::Malformed; // the rest of step 1
    if (c.symbol >= cfg.symbols) return RejectReason::UnknownSymbol;
    if (c.handle >= cfg.handles) return RejectReason::HandleOutOfRange;
    if (book_.order(c.handle).open != 0) return RejectReason::HandleInUse;
    if (c.quantity == 0) return RejectReason::ZeroQuantity;
    if (c.quantity > cfg.max_quantity) return RejectReason::QuantityTooLarge;
    if (!market && !book_.in_band(c.symbol, c.price)) return RejectReason::PriceOutsideBand;
    return RejectReason::InvalidCombination;
  }

  // The opposite side's quantity at prices the taker accepts, counted until it reaches `needed`:
  // the levels' displayed quantities, and the icebergs' hidden ones if the side has icebergs.
  std::uint64_t available(std::uint32_t symbol, std::uint8_t side, bool market, std::uint32_t limit,
                          std::uint32_t needed) const {
    const std::uint32_t opposite = OrderBook::side_index(symbol, side ^ 1);
    const std::uint32_t last_rank = limit_rank(opposite, market, limit);
    const bool icebergs = book_.book_state(symbol).icebergs[side ^ 1] != 0;
    std::uint64_t total = 0;
    book_.visit_levels(opposite, [&](std::uint32_t price) {
      if (book_.rank(opposite, price) > last_rank) return false;
      const Level& l = book_.level(opposite, price);
      total += l.quantity;
      if (icebergs) [[unlikely]] total += hidden_quantity(l);
      return total < needed;
    });
    return total;
  }

  std::uint64_t hidden_quantity(const Level& l) const {
    std::uint64_t hidden = 0;
    std::uint32_t handle = l.head;
    for (std::uint32_t left = l.count; left != 0; --left) {
      const Order& o = book_.order(handle);
      if ((o.traits & kIcebergTrait) != 0) hidden += book_.extra(handle).hidden;
      handle = o.next;
    }
    return hidden;
  }

  // Whether the command's events end here: no pending stop of the book is triggered (step 5
  // would emit nothing). One load on the common path: a book without pending stops.
  [[gnu::always_inline]] bool ends(std::uint32_t symbol) const {
    if constexpr (kTakesBackLast) return true; // run_stops() takes the flag back
    return book_.book_state(symbol).stops == 0 || !stop_due(symbol);
  }
  static constexpr bool kTakesBackLast = requires(Sink& sink) {
    { sink.last_event() } -> std::same_as<Event&>;
  };
  [[gnu::cold, gnu::noinline]] bool stop_due(std::uint32_t symbol) const { return book_.stop_triggered(symbol); }

  // Step 5 after a NewOrder or Modify whose own steps are done (`own` is its order's handle).
  // One member's test on the common path: no stop pending in any book.
  [[gnu::always_inline]] void run_due_stops(std::uint32_t symbol, std::uint32_t own) {
    if (book_.pending_stops() != 0) [[unlikely]] run_stops(symbol, own);
  }

  // A resting order leaves its level (the caller unlinks it): its whole open quantity, the
  // book's iceberg count kept.
  std::uint32_t departing(const Order& o, std::uint32_t handle) {
    if ((o.traits & kIcebergTrait) == 0) [[likely]] return o.open;
    return departing_iceberg(o, handle);
  }
  [[gnu::cold, gnu::noinline]] std::uint32_t departing_iceberg(const Order& o, std::uint32_t handle) {
    --book_.book_state(o.symbol).icebergs[o.side];
    return o.open + book_.extra(handle).hidden;
  }

  // Steps 3 and 4 of a new order for the taker in slot `handle` (price, account, symbol, side
  // and traits filled in, not resting) with `open` quantity, then step 5 (`kStep5`: not for a
  // triggered stop, which runs inside step 5). Step 5 is asked for where the taker's terms are
  // in registers anyway: after the command, they would be kept alive across the sweep.
  template <bool kStep5 = true>
  [[gnu::always_inline]] void match_and_rest(std::uint32_t handle, std::uint32_t open, bool market, TimeInForce tif) {
    Order& taker = book_.order(handle);
    // The taker's terms in locals: every event store may alias the slot as far as the compiler
    // knows, so reading them through `taker` would reload them after each event.
    const std::uint8_t side = taker.side;
    const std::uint16_t symbol = taker.symbol;
    const std::uint32_t limit = taker.price;
    const std::uint32_t account = taker.account;
    const auto stp = static_cast<StpMode>(taker.traits & kStpTraitMask);
    const std::uint32_t opposite = OrderBook::side_index(symbol, side ^ 1);
    const std::uint8_t maker_side = side ^ 1;
    const std::uint32_t last_rank = limit_rank(opposite, market, limit);
    bool stopped_by_stp = false;

    while (open != 0) {
      const std::uint32_t best = book_.best_rank(opposite);
      if (best > last_rank) break;
      const std::uint32_t price = book_.price_of(opposite, best);
      Level& l = book_.level_at(opposite, best);
      bool changed = false;
      bool filled = false;
      while (open != 0 && l.count != 0) {
        const std::uint32_t maker_handle = l.head;
        Order& maker = book_.order(maker_handle);
        if (stp != StpMode::None && maker.account == account) {
          if (stp == StpMode::CancelIncoming) {
            stopped_by_stp = true;
            break;
          }
          cancelled(false, CancelReason::SelfTrade, maker, maker_handle, price, departing(maker, maker_handle));
          book_.remove_head(l, opposite, best);
          released(maker_handle);
          changed = true;
          if (stp == StpMode::CancelBoth) {
            stopped_by_stp = true;
            break;
          }
          continue;
        }
        changed = true;
        filled = true;
        if ((maker.traits & kIcebergTrait) != 0) [[unlikely]] {
          open = fill_iceberg(l, opposite, best, handle, open, price);
          continue;
        }
        const std::uint32_t traded = std::min(open, maker.open);
        open -= traded;
        maker.open -= traded;
        l.quantity -= traded;
        emit(EventType::Fill, false,
             {.side = side, .symbol = symbol, .handle = handle, .maker_handle = maker_handle, .price = price,
              .quantity = traded, .remaining = open, .maker_remaining = maker.open},
             Names::OrderAndMaker);
        if (maker.open == 0) {
          book_.remove_head(l, opposite, best);
          released(maker_handle);
        }
      }
      // The book's last trade price: this level's, if it traded.
      if (filled) book_.book_state(symbol).last_trade = price + std::uint64_t{1};
      // remove() already moved the best past an emptied level; the update reports it as it is.
      if (changed) level_event(EventType::LevelUpdate, open == 0 && ends(symbol), maker_side, symbol, price, l);
      if (stopped_by_stp) break;
    }

    if (open == 0) {
      if constexpr (kStep5) run_due_stops(symbol, handle);
      return;
    }
    const std::uint32_t shown_price = market ? 0 : limit;
    if (stopped_by_stp) {
      cancelled(ends(symbol), CancelReason::SelfTrade, taker, handle, shown_price, open);
    } else if (market) {
      cancelled(ends(symbol), CancelReason::MarketRemainder, taker, handle, 0, open);
    } else if (tif == TimeInForce::Ioc) {
      cancelled(ends(symbol), CancelReason::ImmediateOrCancel, taker, handle, limit, open);
    } else {
      // GTC; a FOK order never gets here with open quantity (it was checked, and cannot use STP).
      taker.open = open;
      if ((taker.traits & kIcebergTrait) != 0) [[unlikely]] hide(handle);
      const Level& rested_on = book_.append(handle);
      level_event(EventType::LevelUpdate, ends(symbol), side, symbol, limit, rested_on);
    }
    if constexpr (kStep5) run_due_stops(symbol, handle);
  }

  // An iceberg about to rest with all of its open quantity in `open` shows at most its peak.
  [[gnu::cold, gnu::noinline]] void hide(std::uint32_t handle) {
    Order& o = book_.order(handle);
    OrderExtra& extra = book_.extra(handle);
    const std::uint32_t open = o.open;
    o.open = std::min(extra.peak, open);
    extra.hidden = open - o.open;
    ++book_.book_state(o.symbol).icebergs[o.side];
  }

  // The sweep's fill of an iceberg maker, the head of level `l` (at `rank` of side `opposite`),
  // by the taker in slot `handle` with `open` quantity: at most its displayed part trades; when
  // that is used up it shows a new slice at the tail of its level, or leaves the book if
  // nothing is hidden (docs/matching.md, step 3). Returns the taker's open quantity after.
  [[gnu::cold, gnu::noinline]] std::uint32_t fill_iceberg(Level& l, std::uint32_t opposite, std::uint32_t rank,
                                               std::uint32_t handle, std::uint32_t open, std::uint32_t price) {
    const std::uint32_t maker_handle = l.head;
    Order& maker = book_.order(maker_handle);
    const Order& taker = book_.order(handle);
    OrderExtra& extra = book_.extra(maker_handle);
    const std::uint32_t traded = std::min(open, maker.open);
    open -= traded;
    maker.open -= traded;
    l.quantity -= traded;
    emit(EventType::Fill, false,
         {.side = taker.side, .symbol = taker.symbol, .handle = handle, .maker_handle = maker_handle,
          .price = price, .quantity = traded, .remaining = open, .maker_remaining = maker.open + extra.hidden},
         Names::OrderAndMaker);
    book_.book_state(taker.symbol).last_trade = price + std::uint64_t{1};
    if (maker.open != 0) return open;
    if (extra.hidden != 0) {
      replenish(l, maker_handle, maker.side, price);
      return open;
    }
    departing_iceberg(maker, maker_handle);
    book_.remove_head(l, opposite, rank);
    released(maker_handle);
    return open;
  }

  // An iceberg maker (the head of level `l`) whose displayed part a fill used up shows a new
  // slice at the tail of its level and says so.
  void replenish(Level& l, std::uint32_t handle, std::uint8_t side, std::uint32_t price) {
    Order& o = book_.order(handle);
    OrderExtra& extra = book_.extra(handle);
    const std::uint32_t shown = std::min(extra.peak, extra.hidden);
    extra.hidden -= shown;
    o.open = shown;
    l.quantity += shown;
    if (l.count > 1) {
      l.head = o.next;
      book_.order(o.next).prev = kNoHandle;
      o.prev = l.tail;
      o.next = kNoHandle;
      book_.order(l.tail).next = handle;
      l.tail = handle;
    }
    emit(EventType::Replenished, false,
         {.side = side, .symbol = o.symbol, .handle = handle, .price = price, .quantity = shown,
          .remaining = shown + extra.hidden},
         Names::Order);
  }

  [[gnu::always_inline]] void cancel(const Command& c) {
    if (c.handle >= config().handles) return reject(c, RejectReason::HandleOutOfRange);
    Order& o = book_.order(c.handle);
    if (o.open == 0) return reject(c, RejectReason::UnknownHandle);
    if ((o.traits & (kIcebergTrait | kPendingStopTrait)) != 0) [[unlikely]] return cancel_special(c.handle);
    cancelled(false, CancelReason::User, o, c.handle, o.price, o.open);
    const Level& l = book_.remove(c.handle);
    level_event(EventType::LevelUpdate, true, o.side, o.symbol, o.price, l);
  }

  [[gnu::always_inline]] void modify(const Command& c) {
    const CoreConfig& cfg = config();
    if (c.handle >= cfg.handles) return reject(c, RejectReason::HandleOutOfRange);
    Order& o = book_.order(c.handle);
    if (o.open == 0) return reject(c, RejectReason::UnknownHandle);
    if ((o.traits & (kIcebergTrait | kPendingStopTrait)) != 0) [[unlikely]] return modify_general(c);
    if (c.quantity == 0) return reject(c, RejectReason::ZeroQuantity);
    if (c.quantity > cfg.max_quantity) return reject(c, RejectReason::QuantityTooLarge);
    if (!book_.in_band(o.symbol, c.price)) return reject(c, RejectReason::PriceOutsideBand);
    if (prefetching_ && c.price != o.price) book_.prefetch_level(OrderBook::side_index(o.symbol, o.side), c.price);
    if ((o.traits & kPostOnlyTrait) != 0 && would_cross(o.symbol, o.side, c.price))
      return reject(c, RejectReason::PostOnlyWouldCross);

    const std::uint32_t old_price = o.price;
    const std::uint32_t old_open = o.open;
    if (c.price == old_price && c.quantity <= old_open) {
      const bool decreased = c.quantity < old_open;
      order_event(EventType::Modified, !decreased, o.side, o.symbol, c.handle, c.price, c.quantity, c.quantity);
      if (!decreased) return;
      Level& l = book_.level(OrderBook::side_index(o.symbol, o.side), old_price);
      l.quantity -= old_open - c.quantity;
      o.open = c.quantity;
      return level_event(EventType::LevelUpdate, true, o.side, o.symbol, old_price, l);
    }

    order_event(EventType::Modified, false, o.side, o.symbol, c.handle, c.price, c.quantity, c.quantity);
    const Level& old_level = book_.remove(c.handle);
    if (c.price != old_price) level_event(EventType::LevelUpdate, false, o.side, o.symbol, old_price, old_level);
    o.price = c.price;
    match_and_rest(c.handle, c.quantity, false, TimeInForce::Gtc); // and step 5
  }

  // Cancels every order of a level, oldest first, then its LevelUpdate; returns how many. Frees
  // the slots while walking and empties the level in one step instead of unlinking each order
  // from its neighbours. Called from a walk over the side, which has read the level's bit already.
  std::uint32_t cancel_level(std::uint32_t index, std::uint8_t side, std::uint16_t symbol,
                             std::uint32_t price, CancelReason reason) {
    Level& l = book_.level(index, price);
    std::uint32_t handle = l.head;
    for (std::uint32_t left = l.count; left != 0; --left) {
      Order& o = book_.order(handle);
      cancelled(false, reason, o, handle, price, departing(o, handle));
      o.open = 0;
      released(handle);
      handle = o.next;
    }
    const std::uint32_t count = l.count;
    book_.empty_level(index, price);
    level_event(EventType::LevelUpdate, false, side, symbol, price, l);
    return count;
  }

  void mass_cancel(const Command& c) {
    const bool by_account = (c.flags & kFlagByAccount) != 0;
    if (!by_account && c.account != 0) return reject(c, RejectReason::Malformed); // step 1's rest
    if (c.symbol >= config().symbols) return reject(c, RejectReason::UnknownSymbol);
    std::uint32_t cancelled_orders = 0;
    for (std::uint8_t side = 0; side < 2; ++side) {
      const std::uint32_t index = OrderBook::side_index(c.symbol, side);
      // Emptying the visited level is fine: the walk has read its bit already.
      book_.visit_levels(index, [&](std::uint32_t price) {
        if (!by_account) {
          cancelled_orders += cancel_level(index, side, c.symbol, price, CancelReason::Mass);
          return true;
        }
        Level& l = book_.level(index, price);
        std::uint32_t handle = l.head;
        bool changed = false;
        for (std::uint32_t left = l.count; left != 0; --left) {
          Order& o = book_.order(handle);
          const std::uint32_t next = o.next;
          if (o.account == c.account) {
            cancelled(false, CancelReason::Mass, o, handle, price, departing(o, handle));
            book_.remove(handle);
            released(handle);
            ++cancelled_orders;
            changed = true;
          }
          handle = next;
        }
        if (changed) level_event(EventType::LevelUpdate, false, side, c.symbol, price, l);
        return true;
      });
    }
    if (book_.book_state(c.symbol).stops != 0) [[unlikely]] {
      cancelled_orders += cancel_stops(c.symbol, CancelReason::Mass, [&](const Order& stop) {
        return !by_account || stop.account == c.account;
      });
    }
    count_event(EventType::MassCancelDone, c.symbol, cancelled_orders);
  }

  void snapshot(const Command& c) {
    if (c.symbol >= config().symbols) return reject(c, RejectReason::UnknownSymbol);
    const std::uint32_t depth = c.depth == 0 ? 0xFFFFFFFFu : c.depth;
    std::uint32_t rows = 0;
    for (std::uint8_t side = 0; side < 2; ++side) {
      const std::uint32_t index = OrderBook::side_index(c.symbol, side);
      std::uint32_t sent = 0;
      book_.visit_levels(index, [&](std::uint32_t price) {
        level_event(EventType::SnapshotRow, false, side, c.symbol, price, book_.level(index, price));
        return ++sent < depth;
      });
      rows += sent;
    }
    count_event(EventType::SnapshotEnd, c.symbol, rows);
  }

  // Moves the band, cancelling every order outside the new one in mass-cancel order.
  void set_band(const Command& c) {
    if (c.symbol >= config().symbols) return reject(c, RejectReason::UnknownSymbol);
    const std::uint32_t base = c.price;
    if (base % kBandAlign != 0 || std::uint64_t{base} + config().price_levels - 1 > 0xFFFFFFFFu)
      return reject(c, RejectReason::PriceOutOfRange);
    const auto outside = [&](std::uint32_t price) { return price - base >= config().price_levels; };
    std::uint32_t cancelled_orders = 0;
    for (std::uint8_t side = 0; side < 2; ++side) {
      const std::uint32_t index = OrderBook::side_index(c.symbol, side);
      book_.visit_levels(index, [&](std::uint32_t price) {
        if (outside(price)) cancelled_orders += cancel_level(index, side, c.symbol, price, CancelReason::BandMoved);
        return true;
      });
    }
    if (book_.book_state(c.symbol).stops != 0) [[unlikely]] {
      cancelled_orders += cancel_stops(c.symbol, CancelReason::BandMoved, [&](const Order& stop) {
        return (stop.traits & kStopLimitTrait) != 0 && outside(stop.price);
      });
    }
    book_.move_band(c.symbol, base);
    count_event(EventType::BandSet, c.symbol, cancelled_orders, base);
  }

  // ------------------------------------------------------------------ protocol 3
  // A command the protocol-2 shape masks refuse: malformed, or using what protocol 3 added
  // (stop orders, icebergs, aux). Checked in full here and run on the general paths.
  [[gnu::cold, gnu::noinline]] void apply_extended(const Command& c) {
    if (malformed(c)) return reject(c, RejectReason::Malformed);
    // Only these two: the other opcodes' masks are the protocol-2 ones, so malformed() said so.
    if (c.opcode == static_cast<std::uint8_t>(Opcode::NewOrder)) return new_order_general(c);
    modify_general(c);
  }

  // Validation step 1 in full (docs/matching.md).
  static bool malformed(const Command& c) {
    if (c.opcode < 1 || c.opcode > 6 || c.version < kOldestProtocolVersion || c.version > kProtocolVersion)
      return true;
    if (c.reserved0 != 0 || c.side > 1 || c.order_type > 3 || c.tif > 2 || c.stp > 3) return true;
    const bool stop = c.order_type >= static_cast<std::uint8_t>(OrderType::Stop);
    const bool iceberg = (c.flags & kFlagIceberg) != 0;
    if (c.version < 3 && (stop || iceberg || c.aux != 0)) return true;
    switch (static_cast<Opcode>(c.opcode)) {
    case Opcode::NewOrder: {
      const bool unpriced = c.order_type == static_cast<std::uint8_t>(OrderType::Market) ||
                            c.order_type == static_cast<std::uint8_t>(OrderType::Stop);
      return (c.flags & ~(kFlagPostOnly | kFlagIceberg)) != 0 || c.depth != 0 || (unpriced && c.price != 0) ||
             (!stop && !iceberg && c.aux != 0);
    }
    case Opcode::Modify:
      return (c.side | c.order_type | c.tif | c.stp | c.flags) != 0 || c.symbol != 0 || c.depth != 0 ||
             c.account != 0;
    default: return detail::malformed_shape(c); // the protocol-2 masks are exact for the others
    }
  }

  // A NewOrder of any type (validation step 1 passed): checks in the documented order, then a
  // stop becomes pending, any other order runs steps 1 to 5.
  [[gnu::cold, gnu::noinline]] void new_order_general(const Command& c) {
    if (const RejectReason reason = new_order_general_reject(c); reason != RejectReason{}) return reject(c, reason);
    const auto type = static_cast<OrderType>(c.order_type);
    if (type == OrderType::Stop || type == OrderType::StopLimit) return place_stop(c);
    const bool iceberg = (c.flags & kFlagIceberg) != 0;
    Order& o = book_.order(c.handle);
    o.price = c.price;
    o.account = c.account;
    o.symbol = c.symbol;
    o.side = c.side;
    o.traits = static_cast<std::uint8_t>(c.stp | ((c.flags & kFlagPostOnly) != 0 ? kPostOnlyTrait : 0) |
                                         (iceberg ? kIcebergTrait : 0));
    if (iceberg) book_.extra(c.handle).peak = c.aux;
    emit(EventType::Accepted, false,
         {.side = c.side, .symbol = c.symbol, .handle = c.handle, .price = c.price, .quantity = c.quantity,
          .remaining = c.quantity, .aux = iceberg ? c.aux : 0},
         Names::Order);
    take(c.handle, c.quantity, type == OrderType::Market, static_cast<TimeInForce>(c.tif));
    run_due_stops(c.symbol, c.handle);
  }

  // 0 if the order is accepted, else the first failing check of validation step 2.
  RejectReason new_order_general_reject(const Command& c) const {
    const CoreConfig& cfg = config();
    const auto type = static_cast<OrderType>(c.order_type);
    const auto tif = static_cast<TimeInForce>(c.tif);
    const bool post_only = (c.flags & kFlagPostOnly) != 0;
    const bool iceberg = (c.flags & kFlagIceberg) != 0;
    const bool stop = type == OrderType::Stop || type == OrderType::StopLimit;
    if (c.symbol >= cfg.symbols) return RejectReason::UnknownSymbol;
    if (c.handle >= cfg.handles) return RejectReason::HandleOutOfRange;
    if (book_.order(c.handle).open != 0) return RejectReason::HandleInUse;
    if (c.quantity == 0) return RejectReason::ZeroQuantity;
    if (c.quantity > cfg.max_quantity) return RejectReason::QuantityTooLarge;
    const bool priced = type == OrderType::Limit || type == OrderType::StopLimit;
    if (priced && !book_.in_band(c.symbol, c.price)) return RejectReason::PriceOutsideBand;
    const bool unpriced = type == OrderType::Market || type == OrderType::Stop;
    if ((unpriced && tif == TimeInForce::Gtc) || (type != OrderType::Limit && post_only) ||
        (post_only && tif != TimeInForce::Gtc) || (tif == TimeInForce::Fok && c.stp != 0) ||
        (iceberg && (type != OrderType::Limit || tif != TimeInForce::Gtc || c.aux == 0 || c.aux > c.quantity)))
      return RejectReason::InvalidCombination;
    if (post_only && would_cross(c.symbol, c.side, c.price)) return RejectReason::PostOnlyWouldCross;
    if (stop && book_.book_state(c.symbol).stops >= cfg.stop_orders) return RejectReason::StopCapacity;
    return RejectReason{};
  }

  // An accepted stop order becomes its book's newest pending stop; then step 5.
  void place_stop(const Command& c) {
    Order& o = book_.order(c.handle);
    o.open = c.quantity;
    o.price = c.price;
    o.account = c.account;
    o.symbol = c.symbol;
    o.side = c.side;
    o.traits = static_cast<std::uint8_t>(
        c.stp | kPendingStopTrait | (c.order_type == static_cast<std::uint8_t>(OrderType::StopLimit) ? kStopLimitTrait : 0) |
        c.tif << kStopTifShift);
    OrderExtra& extra = book_.extra(c.handle);
    extra.stop_price = c.aux;
    extra.placement = ++placements_;
    book_.add_stop(c.handle);
    stop_event(EventType::StopAccepted, ends(c.symbol), c.handle);
    run_due_stops(c.symbol, c.handle);
  }

  // StopAccepted, StopTriggered, or the Modified of a pending stop: the stop's view.
  void stop_event(EventType type, bool last, std::uint32_t handle) {
    const Order& o = book_.order(handle);
    emit(type, last,
         {.side = o.side, .symbol = o.symbol, .handle = handle, .price = o.price, .quantity = o.open,
          .remaining = o.open, .aux = book_.extra(handle).stop_price},
         Names::Order);
  }

  // Steps 2 to 4 for the order in slot `handle` (terms filled in, not resting) with `open`.
  [[gnu::cold, gnu::noinline]] void take(std::uint32_t handle, std::uint32_t open, bool market, TimeInForce tif) {
    const Order& o = book_.order(handle);
    if (tif == TimeInForce::Fok && available(o.symbol, o.side, market, o.price, open) < open)
      return cold_cancelled(ends(o.symbol), CancelReason::FillOrKill, o, handle, o.price, open);
    match_and_rest<false>(handle, open, market, tif);
  }

  // Step 5: while the book's last trade triggers one of its pending stops, the oldest such runs
  // as a new order (steps 2 to 4). `own` is the command's order, whose handle its caller frees.
  [[gnu::cold, gnu::noinline]] void run_stops(std::uint32_t symbol, std::uint32_t own) {
    own_ = own;
    while (book_.stop_triggered(symbol)) {
      if constexpr (kTakesBackLast) sink_.last_event().flags &= static_cast<std::uint8_t>(~kEventLast);
      const std::uint32_t handle = book_.first_triggered_stop(symbol);
      book_.remove_stop(handle);
      Order& o = book_.order(handle);
      const std::uint32_t quantity = o.open;
      const bool market = (o.traits & kStopLimitTrait) == 0;
      const auto tif = static_cast<TimeInForce>(o.traits >> kStopTifShift);
      stop_event(EventType::StopTriggered, false, handle);
      o.open = 0;
      o.traits &= kStpTraitMask; // a plain order now: neither pending nor post-only
      take(handle, quantity, market, tif);
      if (o.open == 0) released(handle);
    }
    own_ = kNoHandle;
  }

  // Cancel of a pending stop (no level) or a resting iceberg (its whole open quantity).
  [[gnu::cold, gnu::noinline]] void cancel_special(std::uint32_t handle) {
    Order& o = book_.order(handle);
    if ((o.traits & kPendingStopTrait) != 0) {
      cold_cancelled(true, CancelReason::User, o, handle, o.price, o.open);
      book_.remove_stop(handle);
      o.open = 0;
      return;
    }
    cold_cancelled(false, CancelReason::User, o, handle, o.price, departing(o, handle));
    const Level& l = book_.remove(handle);
    cold_level_event(EventType::LevelUpdate, true, o.side, o.symbol, o.price, l);
  }

  // Cancels the book's pending stops that `selected` picks, oldest first; returns how many.
  template <class Selected>
  [[gnu::cold, gnu::noinline]] std::uint32_t cancel_stops(std::uint32_t symbol, CancelReason reason, Selected&& selected) {
    std::uint32_t count = 0;
    std::uint32_t handle = book_.book_state(symbol).first_stop;
    for (std::uint32_t left = book_.book_state(symbol).stops; left != 0; --left) {
      Order& o = book_.order(handle);
      const std::uint32_t next = o.next;
      if (selected(std::as_const(o))) {
        cold_cancelled(false, reason, o, handle, o.price, o.open);
        book_.unlink_stop(handle);
        o.open = 0;
        released(handle);
        ++count;
      }
      handle = next;
    }
    book_.stop_price_changed(symbol);
    return count;
  }

  // A Modify of any order (validation step 1 passed): checks in the documented order, then a
  // pending stop's or a resting order's modify (an iceberg's, or one with a nonzero aux).
  [[gnu::cold, gnu::noinline]] void modify_general(const Command& c) {
    const CoreConfig& cfg = config();
    if (c.handle >= cfg.handles) return reject(c, RejectReason::HandleOutOfRange);
    Order& o = book_.order(c.handle);
    if (o.open == 0) return reject(c, RejectReason::UnknownHandle);
    if (c.quantity == 0) return reject(c, RejectReason::ZeroQuantity);
    if (c.quantity > cfg.max_quantity) return reject(c, RejectReason::QuantityTooLarge);
    if ((o.traits & kPendingStopTrait) != 0) {
      const bool stop_limit = (o.traits & kStopLimitTrait) != 0;
      if (stop_limit && !book_.in_band(o.symbol, c.price)) return reject(c, RejectReason::PriceOutsideBand);
      if (!stop_limit && c.price != 0) return reject(c, RejectReason::InvalidCombination);
      // It keeps its place among the pending stops.
      o.price = c.price;
      o.open = c.quantity;
      book_.extra(c.handle).stop_price = c.aux;
      book_.stop_price_changed(o.symbol);
      stop_event(EventType::Modified, ends(o.symbol), c.handle);
      return run_due_stops(o.symbol, c.handle);
    }
    if (!book_.in_band(o.symbol, c.price)) return reject(c, RejectReason::PriceOutsideBand);
    if (c.aux != 0) return reject(c, RejectReason::InvalidCombination);
    if ((o.traits & kPostOnlyTrait) != 0 && would_cross(o.symbol, o.side, c.price))
      return reject(c, RejectReason::PostOnlyWouldCross);

    const bool iceberg = (o.traits & kIcebergTrait) != 0;
    const std::uint32_t old_price = o.price;
    const std::uint32_t displayed = o.open;
    if (c.price == old_price && c.quantity <= book_.whole_open(c.handle)) {
      // Keeps its priority; an iceberg shows at most what it showed.
      const std::uint32_t shown = iceberg ? std::min(displayed, c.quantity) : c.quantity;
      const bool decreased = shown < displayed;
      cold_order_event(EventType::Modified, !decreased, o.side, o.symbol, c.handle, c.price, c.quantity, c.quantity);
      if (iceberg) book_.extra(c.handle).hidden = c.quantity - shown;
      if (!decreased) return;
      Level& l = book_.level(OrderBook::side_index(o.symbol, o.side), old_price);
      l.quantity -= displayed - shown;
      o.open = shown;
      return cold_level_event(EventType::LevelUpdate, true, o.side, o.symbol, old_price, l);
    }
    cold_order_event(EventType::Modified, false, o.side, o.symbol, c.handle, c.price, c.quantity, c.quantity);
    departing(o, c.handle);
    const Level& old_level = book_.remove(c.handle);
    if (c.price != old_price) cold_level_event(EventType::LevelUpdate, false, o.side, o.symbol, old_price, old_level);
    o.price = c.price;
    take(c.handle, c.quantity, false, TimeInForce::Gtc); // steps 3 and 4; an iceberg rests as one again
    run_due_stops(o.symbol, c.handle);
  }

  OrderBook book_;
  // Books small enough to stay in cache skip every prefetch (see apply(span)).
  const bool prefetching_ = book_.pool_bytes() > kCacheResidentBytes;
  Sink sink_;
  std::uint64_t cmd_seq_ = 0;
  std::uint64_t event_seq_ = 0;
  std::uint64_t placements_ = 0; // stops placed, across books
  std::uint32_t own_ = kNoHandle; // while step 5 runs: the command's order (see released())
  std::uint8_t opcode_ = 0;
};

} // namespace twinmatch::sw
