#include "twinmatch/sw/engine.hpp"

#include <vector>

#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/order_id_map.hpp"

namespace twinmatch::sw {

static_assert(static_cast<int>(Status::DuplicateOrderId) == static_cast<int>(RejectReason::DuplicateOrderId));
static_assert(static_cast<int>(Status::Malformed) == static_cast<int>(RejectReason::Malformed));

struct MatchingEngine::Impl {
  // Forwards the core's events to the id layer without a virtual call.
  struct Sink {
    Impl* impl;
    void push(const Event& event) { impl->on_event(event); }
  };

  explicit Impl(const CoreConfig& config)
      : core(config, Sink{this}), ids(config.handles),
        handle_ids(std::make_unique<std::uint64_t[]>(config.handles)),
        free_handles(std::make_unique<std::uint32_t[]>(config.handles)), free_count(config.handles) {
    // Hand out low handles first.
    for (std::uint32_t i = 0; i < config.handles; ++i) free_handles[i] = config.handles - 1 - i;
    core.prefault();
    events.reserve(1024);
    event_ids.reserve(1024);
  }

  void on_event(const Event& event) {
    const auto type = static_cast<EventType>(event.type);
    const bool about_order = type == EventType::Accepted || type == EventType::Fill ||
                             type == EventType::Cancelled || type == EventType::Modified;
    events.push_back(event);
    event_ids.push_back(EventOrderIds{about_order ? handle_ids[event.handle] : 0,
                                      type == EventType::Fill ? handle_ids[event.maker_handle] : 0});
    // Other orders that end here; the command's own order is settled after the command.
    if (type == EventType::Fill && event.maker_remaining == 0) release(event.maker_handle);
    if (type == EventType::Cancelled && event.handle != own_handle) release(event.handle);
  }

  void release(std::uint32_t handle) {
    ids.erase(handle_ids[handle]);
    free_handles[free_count++] = handle;
  }

  // Runs one command for the order in `handle` (or none) and settles that order afterwards.
  Status run(const Command& command, std::uint32_t handle) {
    events.clear();
    event_ids.clear();
    own_handle = handle;
    core.apply(command);
    own_handle = kNoHandle;
    const Event& last = events.back();
    const bool rejected = last.type == static_cast<std::uint8_t>(EventType::Rejected);
    // A rejection names the call's own order (the id is still mapped until the release below).
    if (rejected && handle != kNoHandle) event_ids.back().order_id = handle_ids[handle];
    if (handle != kNoHandle && !core.is_resting(handle)) release(handle);
    return rejected ? static_cast<Status>(last.reason) : Status::Ok;
  }

  // A call the id layer refuses: one Rejected event, as the core would leave, but unnumbered.
  Status refuse(Status status, Opcode opcode, std::uint16_t symbol, std::uint64_t order_id) {
    events.clear();
    event_ids.clear();
    events.push_back(refusal_event(status, opcode, symbol));
    event_ids.push_back(EventOrderIds{order_id, 0});
    return status;
  }

  static Command command(Opcode opcode) {
    Command c{};
    c.opcode = static_cast<std::uint8_t>(opcode);
    c.version = kProtocolVersion;
    return c;
  }

  Core<Sink> core;
  OrderIdMap ids;
  std::unique_ptr<std::uint64_t[]> handle_ids; // handle -> client id while live
  std::unique_ptr<std::uint32_t[]> free_handles;
  std::uint32_t free_count;
  std::uint32_t own_handle = kNoHandle;
  std::vector<Event> events;
  std::vector<EventOrderIds> event_ids;
};

MatchingEngine::MatchingEngine(const CoreConfig& config) : impl_(std::make_unique<Impl>(config)) {}
MatchingEngine::~MatchingEngine() = default;

const CoreConfig& MatchingEngine::config() const { return impl_->core.config(); }

Status MatchingEngine::submit(const OrderRequest& order) {
  Impl& im = *impl_;
  const auto refuse = [&](Status status) { return im.refuse(status, Opcode::NewOrder, order.symbol, order.order_id); };
  if (order.order_id == 0) return refuse(Status::Malformed);
  if (im.ids.find(order.order_id) != OrderIdMap::kAbsent) return refuse(Status::DuplicateOrderId);
  if (im.free_count == 0) return refuse(Status::CapacityExhausted);
  const std::uint32_t handle = im.free_handles[--im.free_count];
  im.handle_ids[handle] = order.order_id;
  im.ids.insert(order.order_id, handle);

  Command c = Impl::command(Opcode::NewOrder);
  c.side = static_cast<std::uint8_t>(order.side);
  c.order_type = static_cast<std::uint8_t>(order.type);
  c.tif = static_cast<std::uint8_t>(order.tif);
  c.flags = order.post_only ? kFlagPostOnly : 0;
  c.stp = static_cast<std::uint8_t>(order.stp);
  c.symbol = order.symbol;
  c.handle = handle;
  c.price = order.price;
  c.quantity = order.quantity;
  c.account = order.account;
  return im.run(c, handle);
}

Status MatchingEngine::cancel(std::uint64_t order_id) {
  Impl& im = *impl_;
  const std::uint32_t handle = im.ids.find(order_id);
  if (handle == OrderIdMap::kAbsent) return im.refuse(Status::UnknownHandle, Opcode::Cancel, 0, order_id);
  Command c = Impl::command(Opcode::Cancel);
  c.handle = handle;
  return im.run(c, handle);
}

Status MatchingEngine::modify(std::uint64_t order_id, std::uint32_t price, std::uint32_t quantity) {
  Impl& im = *impl_;
  const std::uint32_t handle = im.ids.find(order_id);
  if (handle == OrderIdMap::kAbsent) return im.refuse(Status::UnknownHandle, Opcode::Modify, 0, order_id);
  Command c = Impl::command(Opcode::Modify);
  c.handle = handle;
  c.price = price;
  c.quantity = quantity;
  return im.run(c, handle);
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

std::span<const Event> MatchingEngine::events() const { return impl_->events; }
std::span<const EventOrderIds> MatchingEngine::event_order_ids() const { return impl_->event_ids; }

std::optional<std::uint32_t> MatchingEngine::best_bid(std::uint16_t symbol) const {
  const std::uint32_t price = impl_->core.best_price(symbol, Side::Buy);
  return price == kNoPrice ? std::nullopt : std::optional<std::uint32_t>(price);
}

std::optional<std::uint32_t> MatchingEngine::best_ask(std::uint16_t symbol) const {
  const std::uint32_t price = impl_->core.best_price(symbol, Side::Sell);
  return price == kNoPrice ? std::nullopt : std::optional<std::uint32_t>(price);
}

std::size_t MatchingEngine::depth(std::uint16_t symbol, Side side, std::span<LevelView> out) const {
  if (side != Side::Buy && side != Side::Sell) return 0;
  return impl_->core.book().levels(symbol, side, out);
}

LevelView MatchingEngine::level_at(std::uint16_t symbol, Side side, std::uint32_t price) const {
  const CoreConfig& config = impl_->core.config();
  if (symbol >= config.symbols || (side != Side::Buy && side != Side::Sell) || price >= config.price_levels)
    return LevelView{price, 0, 0};
  const OrderBook& book = impl_->core.book();
  const Level& level = book.level(OrderBook::side_index(symbol, static_cast<std::uint8_t>(side)), price);
  return level.count == 0 ? LevelView{price, 0, 0} : LevelView{price, level.count, level.quantity};
}

std::optional<std::uint32_t> MatchingEngine::open_quantity(std::uint64_t order_id) const {
  const std::uint32_t handle = impl_->ids.find(order_id);
  if (handle == OrderIdMap::kAbsent) return std::nullopt;
  return impl_->core.open_quantity(handle);
}

std::uint32_t MatchingEngine::live_orders() const { return impl_->core.config().handles - impl_->free_count; }

} // namespace twinmatch::sw
