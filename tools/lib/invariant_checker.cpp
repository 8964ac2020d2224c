#include "twinmatch/tools/invariant_checker.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace twinmatch::tools {
namespace {

constexpr std::uint8_t kBuy = static_cast<std::uint8_t>(Side::Buy);
constexpr std::uint8_t kSell = static_cast<std::uint8_t>(Side::Sell);

bool is(const Event& event, EventType type) { return event.type == static_cast<std::uint8_t>(type); }

} // namespace

std::optional<std::string> InvariantChecker::check_stream(std::span<const Event> events) {
  std::size_t first = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if ((events[i].flags & kEventLast) == 0) continue;
    if (auto violation = check_command(events.subspan(first, i + 1 - first))) return violation;
    first = i + 1;
  }
  if (first != events.size()) return "stream ends inside a command (no last flag)";
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::check_command(std::span<const Event> events) {
  ++commands_;
  if (events.empty()) return fmt::format("command {} caused no event", commands_);
  command_book_ = events.front().symbol;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    const auto where = [&] { return fmt::format("event seq {} (command {})", event.seq, commands_); };
    if (event.seq != next_seq_++) return fmt::format("{}: expected seq {}", where(), next_seq_ - 1);
    if (event.cmd_seq != commands_) return fmt::format("{}: cmd_seq {}", where(), event.cmd_seq);
    if (((event.flags & kEventLast) != 0) != (i + 1 == events.size())) {
      return fmt::format("{}: last flag misplaced", where());
    }
    if (is(event, EventType::Rejected) && events.size() != 1) {
      return fmt::format("{}: a reject is not the only event of its command", where());
    }
    if (replenish_due_ && !is(event, EventType::Replenished)) {
      return fmt::format("{}: iceberg {} shows nothing after a fill and is not replenished",
                         where(), *replenish_due_);
    }
    if (auto violation = apply(event)) return fmt::format("{}: {}", where(), *violation);
  }
  if (replenish_due_) {
    return fmt::format("after command {}: iceberg {} is not replenished", commands_, *replenish_due_);
  }
  if (auto violation = end_of_command()) {
    return fmt::format("after command {}: {}", commands_, *violation);
  }
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::apply(const Event& e) {
  switch (static_cast<EventType>(e.type)) {
  case EventType::Accepted: {
    if (live_.contains(e.handle) || stops_.contains(e.handle)) {
      return fmt::format("handle {} accepted while in use", e.handle);
    }
    if (e.quantity == 0 || e.quantity > config_.max_quantity || e.remaining != e.quantity) {
      return fmt::format("accepted quantity {} remaining {}", e.quantity, e.remaining);
    }
    if (e.aux > e.quantity) return fmt::format("iceberg peak {} above its quantity {}", e.aux, e.quantity);
    live_[e.handle] = Order{e.symbol, e.side, e.price, e.quantity, 0, 0, e.quantity, e.aux, 0};
    unplaced_.insert(e.handle);
    return std::nullopt;
  }
  case EventType::StopAccepted: return accept_stop(e);
  case EventType::StopTriggered: return trigger_stop(e);
  case EventType::Replenished: return replenish(e);
  case EventType::Fill: {
    const auto taker = live_.find(e.handle);
    const auto maker = live_.find(e.maker_handle);
    if (taker == live_.end() || maker == live_.end() || !resting_.contains(e.maker_handle)) {
      return fmt::format("fill between {} and {}, not a live taker and a resting maker",
                         e.handle, e.maker_handle);
    }
    if (e.price != maker->second.price) {
      return fmt::format("fill at {} but the maker rests at {}", e.price, maker->second.price);
    }
    const Order& t = taker->second;
    if ((t.side == kBuy && t.price != 0 && e.price > t.price) ||
        (t.side == kSell && e.price < t.price)) {
      return fmt::format("fill at {} trades through the taker's limit {}", e.price, t.price);
    }
    if (maker->second.side == t.side) return std::string("fill between orders of one side");
    if (e.quantity > shown(maker->second)) {
      return fmt::format("fill of {} from maker {} that shows {}", e.quantity, e.maker_handle,
                         shown(maker->second));
    }
    last_trades_[e.symbol] = e.price;
    if (auto violation = trade(e.maker_handle, e.quantity, e.maker_remaining, "maker")) {
      return violation;
    }
    return trade(e.handle, e.quantity, e.remaining, "taker");
  }
  case EventType::Cancelled: {
    if (stops_.contains(e.handle)) return cancel_stop(e);
    const auto order = live_.find(e.handle);
    if (order == live_.end()) return fmt::format("cancel of handle {}, not live", e.handle);
    Order& o = order->second;
    if (e.quantity != o.open || e.remaining != 0) {
      return fmt::format("cancel of {} for {} with {} open", e.handle, e.quantity, o.open);
    }
    if (resting_.contains(e.handle)) leave_level(e.handle);
    o.cancelled += o.open;
    o.open = 0;
    if (o.accepted != o.filled + o.cancelled) return std::string("quantity not conserved");
    live_.erase(order);
    return std::nullopt;
  }
  case EventType::Modified: {
    if (stops_.contains(e.handle)) return modify_stop(e);
    if (!resting_.contains(e.handle)) return fmt::format("modify of {}, not resting", e.handle);
    if (e.aux != 0) return fmt::format("modify of resting order {} carries aux {}", e.handle, e.aux);
    Order& o = live_.at(e.handle);
    // An iceberg modified in place (same price, no more quantity) keeps what it displays, up to
    // its new quantity; one that moves or grows displays a fresh peak when it rests again.
    const bool in_place = e.price == o.price && e.quantity <= o.open;
    const std::uint32_t kept = std::min(o.displayed, e.quantity);
    leave_level(e.handle);
    o.accepted = o.accepted - o.open + e.quantity;
    o.open = e.quantity;
    o.price = e.price;
    o.displayed = kept;
    if (o.peak != 0 && in_place) kept_display_.insert(e.handle);
    unplaced_.insert(e.handle);
    if (e.remaining != e.quantity) return std::string("modified remaining differs");
    return std::nullopt;
  }
  case EventType::LevelUpdate: {
    const LevelKey key{e.symbol, e.side, e.price};
    touched_.insert(key);
    if (e.order_count == 0 && e.level_quantity == 0) {
      reported_.erase(key);
    } else {
      reported_[key] = LevelState{e.level_quantity, e.order_count};
    }
    return std::nullopt;
  }
  case EventType::SnapshotRow: {
    const auto level = derived_.find(LevelKey{e.symbol, e.side, e.price});
    if (level == derived_.end() || level->second.quantity != e.level_quantity ||
        level->second.orders != e.order_count) {
      return fmt::format("snapshot row at {} disagrees with the book", e.price);
    }
    return std::nullopt;
  }
  case EventType::BandSet:
    if (e.price % kBandAlign != 0 || std::uint64_t{e.price} + config_.price_levels - 1 > 0xFFFFFFFFu) {
      return fmt::format("band of symbol {} set to base {}, not a valid base", e.symbol, e.price);
    }
    band_bases_[e.symbol] = e.price;
    band_moved_ = e.symbol;
    return std::nullopt;
  case EventType::Rejected:
  case EventType::SnapshotEnd:
  case EventType::MassCancelDone:
    return std::nullopt;
  }
  return fmt::format("unknown event type {}", e.type);
}

std::optional<std::string> InvariantChecker::accept_stop(const Event& e) {
  if (live_.contains(e.handle) || stops_.contains(e.handle)) {
    return fmt::format("stop {} accepted while its handle is in use", e.handle);
  }
  if (e.quantity == 0 || e.quantity > config_.max_quantity || e.remaining != e.quantity) {
    return fmt::format("stop accepted with quantity {} remaining {}", e.quantity, e.remaining);
  }
  stops_[e.handle] = Stop{e.symbol, e.side, e.price, e.quantity, e.aux};
  std::vector<std::uint32_t>& book = stop_order_[e.symbol];
  book.push_back(e.handle);
  if (book.size() > config_.stop_orders) {
    return fmt::format("book {} holds {} pending stops, more than {}", e.symbol, book.size(),
                       config_.stop_orders);
  }
  return std::nullopt;
}

// A stop runs only when triggered, as the oldest triggered stop of the command's book, with the
// terms it was placed (or last modified) with; then it is an order like any other.
std::optional<std::string> InvariantChecker::trigger_stop(const Event& e) {
  const auto found = stops_.find(e.handle);
  if (found == stops_.end()) return fmt::format("stop {} triggered, not pending", e.handle);
  const Stop stop = found->second;
  if (e.symbol != stop.symbol || e.side != stop.side || e.price != stop.price ||
      e.quantity != stop.quantity || e.remaining != stop.quantity || e.aux != stop.stop_price) {
    return fmt::format("stop {} triggered with other terms than it was given", e.handle);
  }
  if (!triggered(stop)) {
    return fmt::format("stop {} at {} runs but its book's last trade does not trigger it",
                       e.handle, stop.stop_price);
  }
  if (command_book_ != stop.symbol) {
    return fmt::format("stop {} of book {} runs in a command of book {}", e.handle, stop.symbol,
                       command_book_.value_or(0));
  }
  for (const std::uint32_t older : stop_order_[stop.symbol]) {
    if (older == e.handle) break;
    if (triggered(stops_.at(older))) {
      return fmt::format("stop {} runs before the older triggered stop {}", e.handle, older);
    }
  }
  if (auto violation = place_takers()) return violation;
  forget_stop(e.handle);
  live_[e.handle] = Order{stop.symbol, stop.side, stop.price, stop.quantity, 0, 0, stop.quantity, 0, 0};
  unplaced_.insert(e.handle);
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::replenish(const Event& e) {
  if (replenish_due_ != e.handle) {
    return fmt::format("iceberg {} replenished, not right after a fill that emptied its display",
                       e.handle);
  }
  replenish_due_.reset();
  Order& o = live_.at(e.handle);
  if (e.symbol != o.symbol || e.side != o.side || e.price != o.price || e.remaining != o.open ||
      e.quantity != std::min(o.peak, o.open)) {
    return fmt::format("iceberg {} replenished by {} with {} open, peak {}", e.handle, e.quantity,
                       o.open, o.peak);
  }
  o.displayed = e.quantity;
  const LevelKey key{o.symbol, o.side, o.price};
  derived_[key].quantity += e.quantity;
  touched_.insert(key);
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::cancel_stop(const Event& e) {
  const Stop& stop = stops_.at(e.handle);
  if (e.symbol != stop.symbol || e.side != stop.side || e.price != stop.price ||
      e.quantity != stop.quantity || e.remaining != 0) {
    return fmt::format("cancel of pending stop {} with other terms than it has", e.handle);
  }
  forget_stop(e.handle);
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::modify_stop(const Event& e) {
  Stop& stop = stops_.at(e.handle);
  if (e.symbol != stop.symbol || e.side != stop.side || e.remaining != e.quantity ||
      e.quantity == 0 || e.quantity > config_.max_quantity) {
    return fmt::format("modify of pending stop {} to quantity {} remaining {}", e.handle,
                       e.quantity, e.remaining);
  }
  stop.price = e.price;
  stop.quantity = e.quantity;
  stop.stop_price = e.aux;
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::trade(std::uint32_t handle, std::uint32_t quantity,
                                                   std::uint32_t remaining, const char* role) {
  Order& o = live_.at(handle);
  if (quantity == 0 || quantity > o.open || o.open - quantity != remaining) {
    return fmt::format("{} {} fills {} of {} open, remaining {}", role, handle, quantity, o.open,
                       remaining);
  }
  const bool rests = resting_.contains(handle);
  o.open = remaining;
  o.filled += quantity;
  if (rests) {
    const LevelKey key{o.symbol, o.side, o.price};
    derived_[key].quantity -= quantity;
    touched_.insert(key);
    if (o.peak != 0) o.displayed -= quantity;
    if (remaining == 0) {
      leave_level(handle); // takes the order, with nothing left open
    } else if (o.peak != 0 && o.displayed == 0) {
      replenish_due_ = handle;
    }
  }
  if (remaining == 0) {
    if (o.accepted != o.filled + o.cancelled) return std::string("quantity not conserved");
    live_.erase(handle);
  }
  return std::nullopt;
}

void InvariantChecker::leave_level(std::uint32_t handle) {
  const Order& o = live_.at(handle);
  const LevelKey key{o.symbol, o.side, o.price};
  LevelState& level = derived_[key];
  level.quantity -= shown(o);
  level.orders -= 1;
  if (level.orders == 0) derived_.erase(key);
  resting_.erase(handle);
  touched_.insert(key);
}

void InvariantChecker::join_level(std::uint32_t handle) {
  const Order& o = live_.at(handle);
  const LevelKey key{o.symbol, o.side, o.price};
  derived_[key].quantity += shown(o);
  derived_[key].orders += 1;
  resting_.insert(handle);
  touched_.insert(key);
}

void InvariantChecker::forget_stop(std::uint32_t handle) {
  std::vector<std::uint32_t>& book = stop_order_[stops_.at(handle).symbol];
  book.erase(std::find(book.begin(), book.end(), handle));
  stops_.erase(handle);
}

bool InvariantChecker::in_band(std::uint16_t symbol, std::uint32_t price) const {
  const auto base = band_bases_.find(symbol);
  const std::uint64_t low = base == band_bases_.end() ? 0 : base->second;
  return price >= low && price - low < config_.price_levels;
}

bool InvariantChecker::triggered(const Stop& stop) const {
  const auto last = last_trades_.find(stop.symbol);
  if (last == last_trades_.end()) return false;
  return stop.side == kBuy ? last->second >= stop.stop_price : last->second <= stop.stop_price;
}

// What the command accepted, triggered or modified and is still live has rested: at the end of
// the command, or when a stop triggers (which may trade with it).
std::optional<std::string> InvariantChecker::place_takers() {
  // What the command accepted, triggered or modified and is still live has just rested.
  for (std::uint32_t handle : unplaced_) {
    if (!live_.contains(handle)) continue;
    Order& o = live_.at(handle);
    if (o.peak != 0 && !kept_display_.contains(handle)) o.displayed = std::min(o.peak, o.open);
    join_level(handle);
    if (!in_band(o.symbol, o.price)) {
      return fmt::format("order {} rests at {}, outside the band of symbol {}", handle, o.price, o.symbol);
    }
    if (o.peak != 0 && (o.displayed == 0 || o.displayed > o.peak || o.displayed > o.open)) {
      return fmt::format("iceberg {} rests displaying {} of {} open, peak {}", handle, o.displayed,
                         o.open, o.peak);
    }
  }
  unplaced_.clear();
  kept_display_.clear();
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::end_of_command() {
  if (auto violation = place_takers()) return violation;
  if (band_moved_) {
    const std::uint16_t symbol = *band_moved_;
    band_moved_.reset();
    for (auto level = derived_.lower_bound(LevelKey{symbol, kBuy, 0});
         level != derived_.end() && std::get<0>(level->first) == symbol; ++level) {
      if (!in_band(symbol, std::get<2>(level->first))) {
        return fmt::format("a level of symbol {} at {} outlives the move of its band", symbol,
                           std::get<2>(level->first));
      }
    }
    // A pending stop with a limit price (a Stop has none) keeps it inside the band.
    for (const std::uint32_t handle : stop_order_[symbol]) {
      const Stop& stop = stops_.at(handle);
      if (stop.price != 0 && !in_band(symbol, stop.price)) {
        return fmt::format("pending stop-limit {} at {} outlives the move of its band", handle, stop.price);
      }
    }
  }
  std::set<std::uint16_t> symbols;
  for (const LevelKey& key : touched_) {
    const auto derived = derived_.find(key);
    const auto reported = reported_.find(key);
    const LevelState want = derived == derived_.end() ? LevelState{} : derived->second;
    const LevelState told = reported == reported_.end() ? LevelState{} : reported->second;
    if (want.quantity != told.quantity || want.orders != told.orders) {
      return fmt::format("level sym {} side {} px {}: orders say {}/{}, level updates say {}/{}",
                         std::get<0>(key), std::get<1>(key), std::get<2>(key), want.quantity,
                         want.orders, told.quantity, told.orders);
    }
    symbols.insert(std::get<0>(key));
  }
  touched_.clear();
  for (std::uint16_t symbol : symbols) {
    const auto best_ask = derived_.lower_bound(LevelKey{symbol, kSell, 0});
    const auto asks_end = derived_.lower_bound(LevelKey{symbol, kSell + 1, 0});
    const auto bids_begin = derived_.lower_bound(LevelKey{symbol, kBuy, 0});
    if (best_ask == asks_end || best_ask == bids_begin) continue; // a side is empty
    const std::uint32_t best_bid = std::get<2>(std::prev(best_ask)->first);
    if (std::get<1>(std::prev(best_ask)->first) == kBuy && best_bid >= std::get<2>(best_ask->first)) {
      return fmt::format("book {} crossed at rest: bid {} >= ask {}", symbol, best_bid,
                         std::get<2>(best_ask->first));
    }
  }
  // Only the command's book can have traded or gained a stop, so only its stops can be triggered.
  if (command_book_) {
    for (const std::uint32_t handle : stop_order_[*command_book_]) {
      if (triggered(stops_.at(handle))) {
        return fmt::format("pending stop {} of book {} is left triggered", handle, *command_book_);
      }
    }
  }
  return std::nullopt;
}

} // namespace twinmatch::tools
