#include "twinmatch/sw/engine.hpp"

#include <algorithm>

#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/order_id_map.hpp"

namespace twinmatch::sw {

static_assert(static_cast<int>(Status::DuplicateOrderId) == static_cast<int>(RejectReason::DuplicateOrderId));
static_assert(static_cast<int>(Status::Malformed) == static_cast<int>(RejectReason::Malformed));
static_assert(static_cast<int>(Status::PriceOutsideBand) == static_cast<int>(RejectReason::PriceOutsideBand));
static_assert(static_cast<int>(Status::StopCapacity) == static_cast<int>(RejectReason::StopCapacity));

struct MatchingEngine::Impl {
  // The core writes each event in place into the engine's event array: the array the caller
  // reads, so an event is written once and never copied. The client ids of the orders it names
  // are written beside it, in the same pass (a load an order named, and one store).
  struct Sink {
    Impl* impl;
    Event& next() { return impl->next_event(); }
    void push(const Event& event) { next() = event; }
    Event& last_event() { return impl->event_end[-1]; }
    void released(std::uint32_t handle) { impl->release(handle); }
    void name_none() { *impl->id_end++ = EventOrderIds{0, 0}; }
    void name_order(std::uint32_t handle) { *impl->id_end++ = EventOrderIds{impl->ids.id_of(handle), 0}; }
    void name_orders(std::uint32_t handle, std::uint32_t maker_handle) {
      *impl->id_end++ = EventOrderIds{impl->ids.id_of(handle), impl->ids.id_of(maker_handle)};
    }
  };

  // Nothing here is sized to the capacity up front but the arrays indexed by handle (the free
  // stack, the id map's ids), which are left untouched: the OS maps their pages on first use,
  // and the most recently freed handle is reused first, so the touched part follows the live
  // orders. The core's pools are not prefaulted either: a book touches the levels and order
  // slots it uses (on huge pages where the kernel allows), once, while it first fills, instead
  // of the whole configuration at start-up.
  explicit Impl(const CoreConfig& config)
      : core(config, Sink{this}), ids(config.handles),
        free_handles(std::make_unique_for_overwrite<std::uint32_t[]>(config.handles)) {
    reserve_events(kInitialEvents);
  }

  // The events are written through a cursor: one compare and one increment an event; their
  // ids through a second one, by the sink's name_* (or refuse()) after each event.
  Event& next_event() {
    if (event_end == event_limit) [[unlikely]] reserve_events(2 * static_cast<std::size_t>(event_limit - events.get()));
    return *event_end++;
  }
  std::size_t event_count() const { return static_cast<std::size_t>(event_end - events.get()); }
  void clear_events() {
    event_end = events.get();
    id_end = event_ids.get();
  }

  // Growth of the event arrays (a call with more events than any before): amortised.
  [[gnu::noinline]] void reserve_events(std::size_t capacity) {
    const std::size_t count = event_count();
    auto grown = std::make_unique_for_overwrite<Event[]>(capacity);
    std::copy_n(events.get(), count, grown.get());
    events = std::move(grown);
    auto grown_ids = std::make_unique_for_overwrite<EventOrderIds[]>(capacity);
    std::copy_n(event_ids.get(), count, grown_ids.get());
    event_ids = std::move(grown_ids);
    event_end = events.get() + count;
    id_end = event_ids.get() + count;
    event_limit = events.get() + capacity;
  }

  // A handle for a new order: the most recently freed, else one never used; kNoHandle if all
  // are live. Taken only once the id is known to be new.
  std::uint32_t peek_handle() const {
    if (free_count != 0) return free_handles[free_count - 1];
    return fresh_handles < core.config().handles ? fresh_handles : kNoHandle;
  }
  void take_handle() {
    if (free_count != 0) --free_count;
    else ++fresh_handles;
  }

  void release(std::uint32_t handle) {
    ids.erase_handle(handle);
    free_handles[free_count++] = handle;
  }

  // Runs one command for the order in `handle` (or none). The core frees the handles of the
  // other orders it ends (makers filled away, orders and pending stops cancelled, triggered
  // stops that did not rest) through Sink::released; this frees the command's own if it is
  // neither resting nor a pending stop.
  // A Rejected event is its command's only event; it names the call's own order (if the call
  // had one: a mass cancel, snapshot or band move has none). `apply` is the core's entry for
  // the command (the general apply(), or the one for its opcode: see Core::apply_new_order).
  // `slot`, if known, is where the id map holds the command's order, unmoved by the command.
  template <auto apply = static_cast<void (Core<Sink>::*)(const Command&)>(&Core<Sink>::apply)>
  Status run(const Command& command, std::uint32_t handle, std::size_t slot = OrderIdMap::kNoSlot) {
    clear_events();
    (core.*apply)(command);
    // (Every handle the engine passes is in range.)
    if (handle != kNoHandle && core.book().order(handle).open == 0) {
      if (slot != OrderIdMap::kNoSlot) {
        ids.erase_at(slot);
        free_handles[free_count++] = handle;
      } else {
        release(handle);
      }
    }
    const Event& last = event_end[-1];
    if (last.type == static_cast<std::uint8_t>(EventType::Rejected)) [[unlikely]] {
      event_ids[0].order_id = handle != kNoHandle ? ids.id_of(handle) : 0;
      return static_cast<Status>(last.reason);
    }
    return Status::Ok;
  }

  // A call the id layer refuses: one Rejected event, as the core would leave, but unnumbered,
  // with the client id the call named.
  Status refuse(Status status, Opcode opcode, std::uint16_t symbol, std::uint64_t order_id) {
    clear_events();
    next_event() = refusal_event(status, opcode, symbol);
    *id_end++ = EventOrderIds{order_id, 0};
    return status;
  }

  // A Modify of a live id through the core's entry `apply`, with `aux` (a pending stop's stop price).
  template <auto apply = static_cast<void (Core<Sink>::*)(const Command&)>(&Core<Sink>::apply)>
  Status modify(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity, std::uint32_t aux) {
    const std::uint32_t handle = ids.find(order_id);
    if (handle == OrderIdMap::kAbsent) return refuse(Status::UnknownHandle, Opcode::Modify, 0, order_id);
    Command c = command(Opcode::Modify);
    c.handle = handle;
    c.price = price;
    c.quantity = quantity;
    c.aux = aux;
    return run<apply>(c, handle);
  }

  static Command command(Opcode opcode) {
    Command c{};
    c.opcode = static_cast<std::uint8_t>(opcode);
    c.version = kProtocolVersion;
    return c;
  }

  static constexpr std::size_t kInitialEvents = 1024;

  Core<Sink> core;
  OrderIdMap ids;
  std::unique_ptr<std::uint32_t[]> free_handles; // a stack: the most recently freed on top
  std::uint32_t free_count = 0;
  std::uint32_t fresh_handles = 0; // handles 0 .. fresh_handles-1 have been used
  std::unique_ptr<Event[]> events;
  std::unique_ptr<EventOrderIds[]> event_ids;
  Event* event_end = nullptr;   // one past the last event written
  Event* event_limit = nullptr; // the end of the array
  EventOrderIds* id_end = nullptr; // beside event_end
};

MatchingEngine::MatchingEngine(const CoreConfig& config) : impl_(std::make_unique<Impl>(config)) {}
MatchingEngine::~MatchingEngine() = default;

const CoreConfig& MatchingEngine::config() const { return impl_->core.config(); }

Status MatchingEngine::submit(const OrderRequest& order) {
  Command c = Impl::command(Opcode::NewOrder);
  c.side = static_cast<std::uint8_t>(order.side);
  c.order_type = static_cast<std::uint8_t>(order.type);
  c.tif = static_cast<std::uint8_t>(order.tif);
  c.flags = static_cast<std::uint8_t>((order.post_only ? kFlagPostOnly : 0) |
                                      (order.display_quantity != 0 ? kFlagIceberg : 0));
  // The wire's aux: a stop's trigger price, else an iceberg's display quantity.
  const bool stop = order.type == OrderType::Stop || order.type == OrderType::StopLimit;
  if (!stop && order.stop_price != 0) [[unlikely]]
    return refuse(Status::Malformed, Opcode::NewOrder, order.symbol, order.order_id);
  c.aux = stop ? order.stop_price : order.display_quantity;
  c.stp = static_cast<std::uint8_t>(order.stp);
  c.symbol = order.symbol;
  c.price = order.price;
  c.quantity = order.quantity;
  c.account = order.account;
  return submit_command(order.order_id, c);
}

Status MatchingEngine::submit_command(std::uint64_t order_id, Command& c) {
  Impl& im = *impl_;
  const auto refuse = [&](Status status) { return im.refuse(status, Opcode::NewOrder, c.symbol, order_id); };
  if (order_id == 0) [[unlikely]] return refuse(Status::Malformed);
  const std::uint32_t handle = im.peek_handle();
  if (handle == kNoHandle) [[unlikely]] {
    return refuse(im.ids.find(order_id) != OrderIdMap::kAbsent ? Status::DuplicateOrderId
                                                                : Status::CapacityExhausted);
  }
  if (!im.ids.insert(order_id, handle)) return refuse(Status::DuplicateOrderId);
  im.take_handle();
  c.handle = handle;
  return im.run<&Core<Impl::Sink>::apply_new_order>(c, handle);
}

// Out of line: inlined, its stores made twinmatch_submit save and restore registers on every call.
[[gnu::cold, gnu::noinline]] Status MatchingEngine::refuse(Status status, Opcode opcode, std::uint16_t symbol,
                                                          std::uint64_t order_id) {
  return impl_->refuse(status, opcode, symbol, order_id);
}

// A cancel ends no order but its own (it trades nothing, so no stop triggers): its id is still
// in the slot the lookup found when the core is done, and is erased there without a second probe.
Status MatchingEngine::cancel(std::uint64_t order_id) {
  Impl& im = *impl_;
  const std::size_t slot = im.ids.find_slot(order_id);
  if (slot == OrderIdMap::kNoSlot) return im.refuse(Status::UnknownHandle, Opcode::Cancel, 0, order_id);
  const std::uint32_t handle = im.ids.handle_at(slot);
  Command c = Impl::command(Opcode::Cancel);
  c.handle = handle;
  return im.run<&Core<Impl::Sink>::apply_cancel>(c, handle, slot);
}

Status MatchingEngine::modify(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity) {
  return impl_->modify<&Core<Impl::Sink>::apply_modify>(order_id, price, quantity, 0);
}

Status MatchingEngine::modify_stop(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity,
                                   std::uint32_t stop_price) {
  // The general entry: apply_modify() takes no aux.
  return impl_->modify(order_id, price, quantity, stop_price);
}

Status MatchingEngine::mass_cancel(std::uint16_t symbol) {
  Command c = Impl::command(Opcode::MassCancel);
  c.symbol = symbol;
  return impl_->run(c, kNoHandle);
}

Status MatchingEngine::mass_cancel(std::uint16_t symbol, std::uint32_t account) {
  Command c = Impl::command(Opcode::MassCancel);
  c.symbol = symbol;
  c.flags = kFlagByAccount;
  c.account = account;
  return impl_->run(c, kNoHandle);
}

Status MatchingEngine::snapshot(std::uint16_t symbol, std::uint16_t depth) {
  Command c = Impl::command(Opcode::Snapshot);
  c.symbol = symbol;
  c.depth = depth;
  return impl_->run(c, kNoHandle);
}

Status MatchingEngine::set_band(std::uint16_t symbol, std::uint32_t base) {
  Command c = Impl::command(Opcode::SetBand);
  c.symbol = symbol;
  c.price = base;
  return impl_->run(c, kNoHandle);
}

std::span<const Event> MatchingEngine::events() const { return {impl_->events.get(), impl_->event_count()}; }
std::span<const EventOrderIds> MatchingEngine::event_order_ids() const {
  return {impl_->event_ids.get(), impl_->event_count()};
}

namespace {

// By the side's best rank: a band may end at 2^32 - 1, so a best price of 0xFFFFFFFF is a price.
template <class CoreType>
std::optional<std::uint32_t> best_of(const CoreType& core, std::uint16_t symbol, Side side) {
  if (symbol >= core.config().symbols) return std::nullopt;
  const std::uint32_t index = OrderBook::side_index(symbol, static_cast<std::uint8_t>(side));
  if (core.book().best_rank(index) == kNoPrice) return std::nullopt;
  return core.book().best(index);
}

} // namespace

std::optional<std::uint32_t> MatchingEngine::best_bid(std::uint16_t symbol) const {
  return best_of(impl_->core, symbol, Side::Buy);
}

std::optional<std::uint32_t> MatchingEngine::best_ask(std::uint16_t symbol) const {
  return best_of(impl_->core, symbol, Side::Sell);
}

std::size_t MatchingEngine::depth(std::uint16_t symbol, Side side, std::span<LevelView> out) const {
  if (side != Side::Buy && side != Side::Sell) return 0;
  return impl_->core.book().levels(symbol, side, out);
}

LevelView MatchingEngine::level_at(std::uint16_t symbol, Side side, std::uint32_t price) const {
  const CoreConfig& config = impl_->core.config();
  const OrderBook& book = impl_->core.book();
  if (symbol >= config.symbols || (side != Side::Buy && side != Side::Sell) || !book.in_band(symbol, price))
    return LevelView{price, 0, 0};
  const Level& level = book.level(OrderBook::side_index(symbol, static_cast<std::uint8_t>(side)), price);
  return level.count == 0 ? LevelView{price, 0, 0} : LevelView{price, level.count, level.quantity};
}

std::optional<std::uint32_t> MatchingEngine::open_quantity(std::uint64_t order_id) const {
  const std::uint32_t handle = impl_->ids.find(order_id);
  if (handle == OrderIdMap::kAbsent) return std::nullopt;
  return impl_->core.open_quantity(handle);
}

std::uint32_t MatchingEngine::live_orders() const { return impl_->fresh_handles - impl_->free_count; }

} // namespace twinmatch::sw
