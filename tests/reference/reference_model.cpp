#include "reference_model.hpp"

#include <algorithm>

namespace twinmatch::ref {

// Numbers the events of one command and marks its last one.
struct ReferenceModel::Emitter {
  std::vector<Event>& events;
  std::uint64_t& next_seq;
  std::uint64_t cmd_seq;
  std::uint8_t cmd_opcode;
  std::size_t first;

  void operator()(Event event) {
    event.seq = next_seq++;
    event.cmd_seq = cmd_seq;
    event.cmd_opcode = cmd_opcode;
    events.push_back(event);
  }
  void mark_last() {
    if (events.size() > first) events.back().flags |= kEventLast;
  }
};

namespace {

Side opposite(Side side) { return side == Side::Buy ? Side::Sell : Side::Buy; }

Event blank(EventType type) {
  Event event{};
  event.type = static_cast<std::uint8_t>(type);
  return event;
}

// What a resting order shows in its level: an iceberg its displayed part, any other order all.
std::uint32_t shown(const RestingOrder& order) { return order.peak != 0 ? order.displayed : order.open; }

bool is_stop_type(OrderType type) { return type == OrderType::Stop || type == OrderType::StopLimit; }

} // namespace

ReferenceModel::ReferenceModel(const CoreConfig& config)
    : config_(config), orders_(config.handles), books_(std::size_t{config.symbols} * 2),
      band_bases_(config.symbols, 0), stops_(config.symbols), pending_(config.handles),
      last_trades_(config.symbols) {}

ReferenceModel::SideBook& ReferenceModel::side_book(std::uint16_t symbol, Side side) {
  return books_[std::size_t{symbol} * 2 + static_cast<std::size_t>(side)];
}

const ReferenceModel::SideBook& ReferenceModel::side_book(std::uint16_t symbol, Side side) const {
  return books_[std::size_t{symbol} * 2 + static_cast<std::size_t>(side)];
}

bool ReferenceModel::is_resting(std::uint32_t handle) const {
  return handle < orders_.size() && orders_[handle].has_value();
}

bool ReferenceModel::is_pending(std::uint32_t handle) const {
  return handle < pending_.size() && pending_[handle].has_value();
}

std::uint32_t ReferenceModel::open_quantity(std::uint32_t handle) const {
  return is_resting(handle) ? orders_[handle]->open : 0;
}

std::uint32_t ReferenceModel::pending_stops(std::uint16_t symbol) const {
  return static_cast<std::uint32_t>(stops_.at(symbol).size());
}

const PendingStop* ReferenceModel::pending_stop(std::uint32_t handle) const {
  if (!is_pending(handle)) return nullptr;
  const StopKey& key = *pending_[handle];
  return &stops_[key.symbol].at(key.placement);
}

std::optional<std::uint32_t> ReferenceModel::best_price(std::uint16_t symbol, Side side) const {
  const SideBook& book = side_book(symbol, side);
  if (book.empty()) return std::nullopt;
  return side == Side::Buy ? book.rbegin()->first : book.begin()->first;
}

std::vector<LevelView> ReferenceModel::levels(std::uint16_t symbol, Side side) const {
  std::vector<LevelView> views;
  auto view = [&](const auto& entry) {
    LevelView level{entry.first, 0, static_cast<std::uint32_t>(entry.second.size())};
    for (std::uint32_t handle : entry.second) level.quantity += shown(*orders_[handle]);
    views.push_back(level);
  };
  const SideBook& book = side_book(symbol, side);
  if (side == Side::Buy) {
    std::for_each(book.rbegin(), book.rend(), view);
  } else {
    std::for_each(book.begin(), book.end(), view);
  }
  return views;
}

bool ReferenceModel::would_cross(std::uint16_t symbol, Side side, std::uint32_t price) const {
  const auto best_opposite = best_price(symbol, opposite(side));
  if (!best_opposite) return false;
  return side == Side::Buy ? *best_opposite <= price : *best_opposite >= price;
}

bool ReferenceModel::accepts(Side taker_side, std::optional<std::uint32_t> limit,
                             std::uint32_t level_price) const {
  if (!limit) return true; // market
  return taker_side == Side::Buy ? level_price <= *limit : level_price >= *limit;
}

bool ReferenceModel::in_band(std::uint16_t symbol, std::uint32_t price) const {
  const std::uint64_t base = band_bases_[symbol];
  return price >= base && price <= base + config_.price_levels - 1;
}

bool ReferenceModel::valid_band_base(const CoreConfig& config, std::uint32_t base) {
  return base % kBandAlign == 0 && std::uint64_t{base} + config.price_levels - 1 <= 0xFFFFFFFFull;
}

// A buy stop triggers when its book's last trade is at or above its stop price, a sell stop
// when at or below; a book that has not traded triggers nothing.
bool ReferenceModel::is_triggered(const PendingStop& stop) const {
  const std::optional<std::uint32_t> last = last_trades_[stop.symbol];
  if (!last) return false;
  return stop.side == Side::Buy ? *last >= stop.stop_price : *last <= stop.stop_price;
}

// docs/matching.md "Validation": the Malformed checks (step 1), then the opcode's checks in the
// table's order.
std::optional<RejectReason> ReferenceModel::validate(const Command& c) const {
  const auto opcode = static_cast<Opcode>(c.opcode);
  if (c.opcode < 1 || c.opcode > 6 || c.version < kOldestProtocolVersion ||
      c.version > kProtocolVersion)
    return RejectReason::Malformed;
  if (c.reserved0 != 0) return RejectReason::Malformed;
  if (c.side > 1 || c.order_type > 3 || c.tif > 2 || c.stp > 3) return RejectReason::Malformed;
  const bool uses_protocol_3 = c.order_type >= static_cast<std::uint8_t>(OrderType::Stop) ||
                               (c.flags & kFlagIceberg) != 0 || c.aux != 0;
  if (c.version == 2 && uses_protocol_3) return RejectReason::Malformed;

  const bool is_new = opcode == Opcode::NewOrder;
  const bool is_modify = opcode == Opcode::Modify;
  const bool is_mass = opcode == Opcode::MassCancel;
  const bool is_snapshot = opcode == Opcode::Snapshot;
  const bool is_set_band = opcode == Opcode::SetBand;
  const auto type = static_cast<OrderType>(c.order_type);
  const bool unpriced = is_new && (type == OrderType::Market || type == OrderType::Stop);
  const bool iceberg = is_new && (c.flags & kFlagIceberg) != 0;

  const std::uint8_t allowed_flags =
      is_new ? kFlagPostOnly | kFlagIceberg : is_mass ? kFlagByAccount : 0;
  if ((c.flags & ~allowed_flags) != 0) return RejectReason::Malformed;

  const bool uses_order_fields = is_new;               // side, order_type, tif, stp
  const bool uses_symbol = is_new || is_mass || is_snapshot || is_set_band;
  const bool uses_handle = is_new || is_modify || opcode == Opcode::Cancel;
  const bool uses_price = (is_new && !unpriced) || is_modify || is_set_band;
  const bool uses_quantity = is_new || is_modify;
  const bool uses_account = is_new || (is_mass && (c.flags & kFlagByAccount) != 0);
  const bool uses_aux = (is_new && (is_stop_type(type) || iceberg)) || is_modify;
  if (!uses_order_fields && (c.side | c.order_type | c.tif | c.stp) != 0) return RejectReason::Malformed;
  if (!uses_symbol && c.symbol != 0) return RejectReason::Malformed;
  if (!is_snapshot && c.depth != 0) return RejectReason::Malformed;
  if (!uses_handle && c.handle != 0) return RejectReason::Malformed;
  if (!uses_price && c.price != 0) return RejectReason::Malformed;
  if (!uses_quantity && c.quantity != 0) return RejectReason::Malformed;
  if (!uses_account && c.account != 0) return RejectReason::Malformed;
  if (!uses_aux && c.aux != 0) return RejectReason::Malformed;

  switch (opcode) {
  case Opcode::NewOrder: return validate_new_order(c);
  case Opcode::Modify: return validate_modify(c);
  case Opcode::Cancel:
    if (c.handle >= config_.handles) return RejectReason::HandleOutOfRange;
    if (!is_resting(c.handle) && !is_pending(c.handle)) return RejectReason::UnknownHandle;
    return std::nullopt;
  case Opcode::MassCancel:
  case Opcode::Snapshot:
    if (c.symbol >= config_.symbols) return RejectReason::UnknownSymbol;
    return std::nullopt;
  case Opcode::SetBand:
    if (c.symbol >= config_.symbols) return RejectReason::UnknownSymbol;
    if (!valid_band_base(config_, c.price)) return RejectReason::PriceOutOfRange;
    return std::nullopt;
  }
  return RejectReason::Malformed;
}

std::optional<RejectReason> ReferenceModel::validate_new_order(const Command& c) const {
  const auto type = static_cast<OrderType>(c.order_type);
  const auto tif = static_cast<TimeInForce>(c.tif);
  const bool post_only = (c.flags & kFlagPostOnly) != 0;
  const bool iceberg = (c.flags & kFlagIceberg) != 0;
  const bool limit_priced = type == OrderType::Limit || type == OrderType::StopLimit;

  if (c.symbol >= config_.symbols) return RejectReason::UnknownSymbol;
  if (c.handle >= config_.handles) return RejectReason::HandleOutOfRange;
  if (is_resting(c.handle) || is_pending(c.handle)) return RejectReason::HandleInUse;
  if (c.quantity == 0) return RejectReason::ZeroQuantity;
  if (c.quantity > config_.max_quantity) return RejectReason::QuantityTooLarge;
  if (limit_priced && !in_band(c.symbol, c.price)) return RejectReason::PriceOutsideBand;

  const bool unpriced = type == OrderType::Market || type == OrderType::Stop;
  if ((unpriced && tif == TimeInForce::Gtc) || (type != OrderType::Limit && post_only) ||
      (post_only && tif != TimeInForce::Gtc) ||
      (tif == TimeInForce::Fok && static_cast<StpMode>(c.stp) != StpMode::None) ||
      (iceberg && (type != OrderType::Limit || tif != TimeInForce::Gtc || c.aux == 0 ||
                   c.aux > c.quantity))) {
    return RejectReason::InvalidCombination;
  }
  if (post_only && would_cross(c.symbol, static_cast<Side>(c.side), c.price)) {
    return RejectReason::PostOnlyWouldCross;
  }
  if (is_stop_type(type) && pending_stops(c.symbol) >= config_.stop_orders) {
    return RejectReason::StopCapacity;
  }
  return std::nullopt;
}

std::optional<RejectReason> ReferenceModel::validate_modify(const Command& c) const {
  if (c.handle >= config_.handles) return RejectReason::HandleOutOfRange;
  const PendingStop* stop = pending_stop(c.handle);
  if (!is_resting(c.handle) && stop == nullptr) return RejectReason::UnknownHandle;
  if (c.quantity == 0) return RejectReason::ZeroQuantity;
  if (c.quantity > config_.max_quantity) return RejectReason::QuantityTooLarge;
  if (stop != nullptr) {
    if (stop->type == OrderType::StopLimit && !in_band(stop->symbol, c.price)) {
      return RejectReason::PriceOutsideBand;
    }
    if (stop->type == OrderType::Stop && c.price != 0) return RejectReason::InvalidCombination;
    return std::nullopt;
  }
  const Order& order = *orders_[c.handle];
  if (!in_band(order.symbol, c.price)) return RejectReason::PriceOutsideBand;
  if (c.aux != 0) return RejectReason::InvalidCombination;
  if (order.post_only && would_cross(order.symbol, order.side, c.price)) {
    return RejectReason::PostOnlyWouldCross;
  }
  return std::nullopt;
}

void ReferenceModel::apply(const Command& command, std::vector<Event>& events) {
  Emitter emit{events, next_event_seq_, next_command_seq_++, command.opcode, events.size()};
  if (const auto reason = validate(command)) {
    Event rejected = blank(EventType::Rejected);
    rejected.reason = static_cast<std::uint8_t>(*reason);
    rejected.handle = command.handle;
    rejected.symbol = command.symbol;
    emit(rejected);
  } else {
    switch (static_cast<Opcode>(command.opcode)) {
    case Opcode::NewOrder: new_order(command, emit); break;
    case Opcode::Cancel: cancel(command, emit); break;
    case Opcode::Modify: modify(command, emit); break;
    case Opcode::MassCancel: mass_cancel(command, emit); break;
    case Opcode::Snapshot: snapshot(command, emit); break;
    case Opcode::SetBand: set_band(command, emit); break;
    }
  }
  emit.mark_last();
}

Event ReferenceModel::order_event(EventType type, const Order& order) const {
  Event event = blank(type);
  event.side = static_cast<std::uint8_t>(order.side);
  event.symbol = order.symbol;
  event.handle = order.handle;
  event.price = order.price;
  return event;
}

Event ReferenceModel::stop_event(EventType type, const PendingStop& stop) const {
  Event event = blank(type);
  event.side = static_cast<std::uint8_t>(stop.side);
  event.symbol = stop.symbol;
  event.handle = stop.handle;
  event.price = stop.price;
  return event;
}

void ReferenceModel::emit_level_update(std::uint16_t symbol, Side side, std::uint32_t price,
                                       Emitter& emit) {
  Event update = blank(EventType::LevelUpdate);
  update.side = static_cast<std::uint8_t>(side);
  update.symbol = symbol;
  update.price = price;
  const SideBook& book = side_book(symbol, side);
  if (const auto level = book.find(price); level != book.end()) {
    update.order_count = static_cast<std::uint32_t>(level->second.size());
    for (std::uint32_t handle : level->second) update.level_quantity += shown(*orders_[handle]);
  }
  emit(update);
}

void ReferenceModel::remove_from_level(const Order& order) {
  SideBook& book = side_book(order.symbol, order.side);
  Level& level = book.at(order.price);
  level.erase(std::find(level.begin(), level.end(), order.handle));
  if (level.empty()) book.erase(order.price);
}

void ReferenceModel::new_order(const Command& c, Emitter& emit) {
  const auto type = static_cast<OrderType>(c.order_type);
  if (is_stop_type(type)) {
    place_stop(c, emit);
    return;
  }
  const bool is_market = type == OrderType::Market;
  const bool iceberg = (c.flags & kFlagIceberg) != 0;
  const Order order{c.handle,  c.symbol,
                    static_cast<Side>(c.side), c.price,
                    c.quantity, c.account,
                    static_cast<StpMode>(c.stp), (c.flags & kFlagPostOnly) != 0,
                    iceberg ? c.aux : 0, 0};
  const auto limit = is_market ? std::nullopt : std::optional<std::uint32_t>{c.price};

  Event accepted = order_event(EventType::Accepted, order);
  accepted.quantity = order.open;
  accepted.remaining = order.open;
  accepted.aux = order.peak;
  emit(accepted);
  take(order, limit, static_cast<TimeInForce>(c.tif), is_market, emit);
  run_triggered_stops(c.symbol, emit);
}

void ReferenceModel::place_stop(const Command& c, Emitter& emit) {
  const PendingStop stop{c.handle,
                         c.symbol,
                         static_cast<Side>(c.side),
                         static_cast<OrderType>(c.order_type),
                         static_cast<TimeInForce>(c.tif),
                         static_cast<StpMode>(c.stp),
                         c.price,
                         c.quantity,
                         c.aux,
                         c.account};
  Event accepted = stop_event(EventType::StopAccepted, stop);
  accepted.quantity = stop.quantity;
  accepted.remaining = stop.quantity;
  accepted.aux = stop.stop_price;
  emit(accepted);
  const std::uint64_t placement = next_placement_++;
  stops_[c.symbol].emplace(placement, stop);
  pending_[c.handle] = StopKey{c.symbol, placement};
  run_triggered_stops(c.symbol, emit);
}

void ReferenceModel::take(Order order, std::optional<std::uint32_t> limit, TimeInForce tif,
                          bool is_market, Emitter& emit) {
  if (tif == TimeInForce::Fok) {
    // Every open quantity the sweep could reach, icebergs' hidden quantity included.
    std::uint64_t available = 0;
    for (const auto& [price, level] : side_book(order.symbol, opposite(order.side))) {
      if (!accepts(order.side, limit, price)) continue;
      for (std::uint32_t handle : level) available += orders_[handle]->open;
    }
    if (available < order.open) {
      Event killed = order_event(EventType::Cancelled, order);
      killed.reason = static_cast<std::uint8_t>(CancelReason::FillOrKill);
      killed.quantity = order.open;
      emit(killed);
      return;
    }
  }
  match_and_rest(order, limit, tif, is_market, emit);
}

void ReferenceModel::match_and_rest(Order order, std::optional<std::uint32_t> limit,
                                    TimeInForce tif, bool is_market, Emitter& emit) {
  const Side maker_side = opposite(order.side);
  SideBook& makers = side_book(order.symbol, maker_side);
  bool stopped_by_stp = false;

  while (order.open > 0 && !stopped_by_stp) {
    const auto best = best_price(order.symbol, maker_side);
    if (!best || !accepts(order.side, limit, *best)) break;
    const std::uint32_t level_price = *best;
    bool level_changed = false;
    Level* level = &makers.at(level_price);

    while (order.open > 0 && !level->empty()) {
      Order& maker = *orders_[level->front()];
      const bool self_trade = order.stp != StpMode::None && maker.account == order.account;
      if (self_trade) {
        if (order.stp == StpMode::CancelIncoming) {
          stopped_by_stp = true;
          break;
        }
        Event cancelled = order_event(EventType::Cancelled, maker);
        cancelled.reason = static_cast<std::uint8_t>(CancelReason::SelfTrade);
        cancelled.quantity = maker.open;
        emit(cancelled);
        orders_[maker.handle].reset();
        level->pop_front();
        level_changed = true;
        if (order.stp == StpMode::CancelBoth) {
          stopped_by_stp = true;
          break;
        }
        continue;
      }
      const std::uint32_t traded = std::min(order.open, shown(maker));
      order.open -= traded;
      maker.open -= traded;
      if (maker.peak != 0) maker.displayed -= traded;
      Event fill = blank(EventType::Fill);
      fill.side = static_cast<std::uint8_t>(order.side);
      fill.symbol = order.symbol;
      fill.handle = order.handle;
      fill.maker_handle = maker.handle;
      fill.price = level_price;
      fill.quantity = traded;
      fill.remaining = order.open;
      fill.maker_remaining = maker.open;
      emit(fill);
      last_trades_[order.symbol] = level_price;
      level_changed = true;
      if (maker.open == 0) {
        orders_[maker.handle].reset();
        level->pop_front();
      } else if (maker.peak != 0 && maker.displayed == 0) {
        // Replenished: a new slice, at the tail of the level (it loses its time priority).
        maker.displayed = std::min(maker.peak, maker.open);
        level->pop_front();
        level->push_back(maker.handle);
        Event replenished = order_event(EventType::Replenished, maker);
        replenished.quantity = maker.displayed;
        replenished.remaining = maker.open;
        emit(replenished);
      }
    }
    if (level->empty()) makers.erase(level_price);
    if (level_changed) emit_level_update(order.symbol, maker_side, level_price, emit);
  }

  if (order.open == 0) return;
  const auto remainder_reason = stopped_by_stp               ? CancelReason::SelfTrade
                                : is_market                  ? CancelReason::MarketRemainder
                                : tif == TimeInForce::Ioc    ? CancelReason::ImmediateOrCancel
                                                             : CancelReason{};
  if (remainder_reason != CancelReason{}) {
    Event cancelled = order_event(EventType::Cancelled, order);
    cancelled.reason = static_cast<std::uint8_t>(remainder_reason);
    cancelled.quantity = order.open;
    emit(cancelled);
    return;
  }
  if (order.peak != 0) order.displayed = std::min(order.peak, order.open);
  orders_[order.handle] = order;
  side_book(order.symbol, order.side)[order.price].push_back(order.handle);
  emit_level_update(order.symbol, order.side, order.price, emit);
}

void ReferenceModel::run_triggered_stops(std::uint16_t symbol, Emitter& emit) {
  StopBook& stops = stops_[symbol];
  for (;;) {
    const auto triggered = std::find_if(stops.begin(), stops.end(),
                                        [&](const auto& entry) { return is_triggered(entry.second); });
    if (triggered == stops.end()) return;
    const PendingStop stop = triggered->second;
    stops.erase(triggered);
    pending_[stop.handle].reset();

    Event event = stop_event(EventType::StopTriggered, stop);
    event.quantity = stop.quantity;
    event.remaining = stop.quantity;
    event.aux = stop.stop_price;
    emit(event);
    const bool is_market = stop.type == OrderType::Stop;
    const Order order{stop.handle, stop.symbol, stop.side,    stop.price, stop.quantity,
                      stop.account, stop.stp,   false,        0,          0};
    take(order, is_market ? std::nullopt : std::optional<std::uint32_t>{stop.price}, stop.tif,
         is_market, emit);
  }
}

void ReferenceModel::cancel_stop(const PendingStop& stop, CancelReason reason, Emitter& emit) {
  Event cancelled = stop_event(EventType::Cancelled, stop);
  cancelled.reason = static_cast<std::uint8_t>(reason);
  cancelled.quantity = stop.quantity;
  const StopKey key = *pending_[stop.handle];
  pending_[stop.handle].reset();
  stops_[key.symbol].erase(key.placement); // `stop` is dead from here on
  emit(cancelled);
}

void ReferenceModel::cancel(const Command& c, Emitter& emit) {
  if (const PendingStop* stop = pending_stop(c.handle)) {
    cancel_stop(*stop, CancelReason::User, emit);
    return;
  }
  const Order order = *orders_[c.handle];
  Event cancelled = order_event(EventType::Cancelled, order);
  cancelled.reason = static_cast<std::uint8_t>(CancelReason::User);
  cancelled.quantity = order.open;
  emit(cancelled);
  remove_from_level(order);
  orders_[c.handle].reset();
  emit_level_update(order.symbol, order.side, order.price, emit);
}

void ReferenceModel::modify(const Command& c, Emitter& emit) {
  if (is_pending(c.handle)) {
    modify_stop(c, emit);
    return;
  }
  Order order = *orders_[c.handle];
  const std::uint32_t old_price = order.price;
  const std::uint32_t old_open = order.open;
  const std::uint32_t old_shown = shown(order);
  const bool keeps_priority = c.price == old_price && c.quantity <= old_open;

  order.price = c.price;
  order.open = c.quantity;
  Event modified = order_event(EventType::Modified, order);
  modified.quantity = order.open;
  modified.remaining = order.open;
  emit(modified);

  if (keeps_priority) {
    Order& resting = *orders_[c.handle];
    resting.open = order.open;
    if (resting.peak != 0) resting.displayed = std::min(resting.displayed, resting.open);
    if (shown(resting) < old_shown) emit_level_update(order.symbol, order.side, order.price, emit);
  } else {
    remove_from_level(*orders_[c.handle]);
    orders_[c.handle].reset();
    if (c.price != old_price) emit_level_update(order.symbol, order.side, old_price, emit);
    match_and_rest(order, order.price, TimeInForce::Gtc, false, emit);
  }
  run_triggered_stops(order.symbol, emit);
}

// A pending stop keeps its place among its book's pending stops.
void ReferenceModel::modify_stop(const Command& c, Emitter& emit) {
  const StopKey key = *pending_[c.handle];
  PendingStop& stop = stops_[key.symbol].at(key.placement);
  stop.price = c.price;
  stop.quantity = c.quantity;
  stop.stop_price = c.aux;
  Event modified = stop_event(EventType::Modified, stop);
  modified.quantity = stop.quantity;
  modified.remaining = stop.quantity;
  modified.aux = stop.stop_price;
  emit(modified);
  run_triggered_stops(key.symbol, emit);
}

void ReferenceModel::mass_cancel(const Command& c, Emitter& emit) {
  const bool by_account = (c.flags & kFlagByAccount) != 0;
  std::uint32_t cancelled_count = 0;
  for (const Side side : {Side::Buy, Side::Sell}) {
    for (const LevelView& view : levels(c.symbol, side)) {
      const Level handles = side_book(c.symbol, side).at(view.price); // copy: we erase below
      bool level_changed = false;
      for (std::uint32_t handle : handles) {
        const Order order = *orders_[handle];
        if (by_account && order.account != c.account) continue;
        Event cancelled = order_event(EventType::Cancelled, order);
        cancelled.reason = static_cast<std::uint8_t>(CancelReason::Mass);
        cancelled.quantity = order.open;
        emit(cancelled);
        remove_from_level(order);
        orders_[handle].reset();
        level_changed = true;
        ++cancelled_count;
      }
      if (level_changed) emit_level_update(c.symbol, side, view.price, emit);
    }
  }
  const StopBook stops = stops_[c.symbol]; // copy: we erase below
  for (const auto& [placement, stop] : stops) {
    if (by_account && stop.account != c.account) continue;
    cancel_stop(stop, CancelReason::Mass, emit);
    ++cancelled_count;
  }
  Event done = blank(EventType::MassCancelDone);
  done.symbol = c.symbol;
  done.order_count = cancelled_count;
  emit(done);
}

void ReferenceModel::set_band(const Command& c, Emitter& emit) {
  band_bases_[c.symbol] = c.price;
  std::uint32_t cancelled_count = 0;
  for (const Side side : {Side::Buy, Side::Sell}) {
    for (const LevelView& view : levels(c.symbol, side)) {
      if (in_band(c.symbol, view.price)) continue;
      const Level handles = side_book(c.symbol, side).at(view.price); // copy: we erase below
      for (std::uint32_t handle : handles) {
        const Order order = *orders_[handle];
        Event cancelled = order_event(EventType::Cancelled, order);
        cancelled.reason = static_cast<std::uint8_t>(CancelReason::BandMoved);
        cancelled.quantity = order.open;
        emit(cancelled);
        remove_from_level(order);
        orders_[handle].reset();
        ++cancelled_count;
      }
      emit_level_update(c.symbol, side, view.price, emit);
    }
  }
  const StopBook stops = stops_[c.symbol]; // copy: we erase below
  for (const auto& [placement, stop] : stops) {
    if (stop.type != OrderType::StopLimit || in_band(c.symbol, stop.price)) continue;
    cancel_stop(stop, CancelReason::BandMoved, emit);
    ++cancelled_count;
  }
  Event done = blank(EventType::BandSet);
  done.symbol = c.symbol;
  done.price = c.price;
  done.order_count = cancelled_count;
  emit(done);
}

void ReferenceModel::snapshot(const Command& c, Emitter& emit) {
  std::uint32_t rows = 0;
  for (const Side side : {Side::Buy, Side::Sell}) {
    std::uint32_t sent = 0;
    for (const LevelView& view : levels(c.symbol, side)) {
      if (c.depth != 0 && sent == c.depth) break;
      Event row = blank(EventType::SnapshotRow);
      row.side = static_cast<std::uint8_t>(side);
      row.symbol = c.symbol;
      row.price = view.price;
      row.level_quantity = view.quantity;
      row.order_count = view.orders;
      emit(row);
      ++sent;
    }
    rows += sent;
  }
  Event end = blank(EventType::SnapshotEnd);
  end.symbol = c.symbol;
  end.order_count = rows;
  emit(end);
}

ModelState ReferenceModel::export_state() const {
  ModelState state{next_command_seq_, next_event_seq_, {}, band_bases_, {}, last_trades_};
  for (std::uint16_t symbol = 0; symbol < config_.symbols; ++symbol) {
    for (const Side side : {Side::Buy, Side::Sell}) {
      const SideBook& book = side_book(symbol, side);
      auto add_level = [&](const auto& entry) {
        for (std::uint32_t handle : entry.second) state.orders.push_back(*orders_[handle]);
      };
      if (side == Side::Buy) {
        std::for_each(book.rbegin(), book.rend(), add_level);
      } else {
        std::for_each(book.begin(), book.end(), add_level);
      }
    }
  }
  // All books' pending stops merged into the order they were placed in.
  std::map<std::uint64_t, PendingStop> placed;
  for (const StopBook& stops : stops_) placed.insert(stops.begin(), stops.end());
  for (const auto& [placement, stop] : placed) state.stops.push_back(stop);
  return state;
}

bool ReferenceModel::import_state(const ModelState& state) {
  if (state.next_command_seq == 0 || state.next_event_seq == 0) return false;
  ReferenceModel imported(config_);
  if (!state.band_bases.empty()) {
    if (state.band_bases.size() != config_.symbols) return false;
    for (const std::uint32_t base : state.band_bases) {
      if (!valid_band_base(config_, base)) return false;
    }
    imported.band_bases_ = state.band_bases;
  }
  if (!state.last_trades.empty()) {
    if (state.last_trades.size() != config_.symbols) return false;
    imported.last_trades_ = state.last_trades;
  }
  for (const Order& order : state.orders) {
    const bool iceberg_ok = order.peak == 0 ? order.displayed == 0
                                            : order.displayed >= 1 && order.displayed <= order.peak &&
                                                  order.displayed <= order.open;
    if (order.handle >= config_.handles || imported.orders_[order.handle] ||
        order.symbol >= config_.symbols || order.side > Side::Sell ||
        !imported.in_band(order.symbol, order.price) || order.open == 0 ||
        order.open > config_.max_quantity || order.stp > StpMode::CancelBoth || !iceberg_ok) {
      return false;
    }
    imported.orders_[order.handle] = order;
    imported.side_book(order.symbol, order.side)[order.price].push_back(order.handle);
  }
  for (std::uint16_t symbol = 0; symbol < config_.symbols; ++symbol) {
    const auto bid = imported.best_price(symbol, Side::Buy);
    const auto ask = imported.best_price(symbol, Side::Sell);
    if (bid && ask && *bid >= *ask) return false;
  }
  for (const PendingStop& stop : state.stops) {
    if (stop.handle >= config_.handles || imported.orders_[stop.handle] ||
        imported.pending_[stop.handle] || stop.symbol >= config_.symbols ||
        stop.side > Side::Sell || !is_stop_type(stop.type) || stop.tif > TimeInForce::Fok ||
        stop.stp > StpMode::CancelBoth || stop.quantity == 0 ||
        stop.quantity > config_.max_quantity ||
        (stop.type == OrderType::Stop && (stop.price != 0 || stop.tif == TimeInForce::Gtc)) ||
        (stop.type == OrderType::StopLimit && !imported.in_band(stop.symbol, stop.price)) ||
        (stop.tif == TimeInForce::Fok && stop.stp != StpMode::None) ||
        imported.pending_stops(stop.symbol) >= config_.stop_orders || imported.is_triggered(stop)) {
      return false;
    }
    const std::uint64_t placement = imported.next_placement_++;
    imported.stops_[stop.symbol].emplace(placement, stop);
    imported.pending_[stop.handle] = StopKey{stop.symbol, placement};
  }
  imported.next_command_seq_ = state.next_command_seq;
  imported.next_event_seq_ = state.next_event_seq;
  *this = std::move(imported);
  return true;
}

} // namespace twinmatch::ref
