#include "twinmatch/tools/invariant_checker.hpp"

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
    if (auto violation = apply(event)) return fmt::format("{}: {}", where(), *violation);
  }
  if (auto violation = end_of_command()) {
    return fmt::format("after command {}: {}", commands_, *violation);
  }
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::apply(const Event& e) {
  switch (static_cast<EventType>(e.type)) {
  case EventType::Accepted: {
    if (live_.contains(e.handle)) return fmt::format("handle {} accepted while live", e.handle);
    if (e.quantity == 0 || e.quantity > config_.max_quantity || e.remaining != e.quantity) {
      return fmt::format("accepted quantity {} remaining {}", e.quantity, e.remaining);
    }
    live_[e.handle] = Order{e.symbol, e.side, e.price, e.quantity, 0, 0, e.quantity};
    unplaced_.insert(e.handle);
    return std::nullopt;
  }
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
    if (auto violation = trade(e.maker_handle, e.quantity, e.maker_remaining, "maker")) {
      return violation;
    }
    return trade(e.handle, e.quantity, e.remaining, "taker");
  }
  case EventType::Cancelled: {
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
    if (!resting_.contains(e.handle)) return fmt::format("modify of {}, not resting", e.handle);
    leave_level(e.handle);
    Order& o = live_.at(e.handle);
    o.accepted = o.accepted - o.open + e.quantity;
    o.open = e.quantity;
    o.price = e.price;
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
  case EventType::StopAccepted:
  case EventType::StopTriggered:
  case EventType::Replenished:
    return fmt::format("event type {} (stop and iceberg orders) is not checked yet", e.type);
  case EventType::Rejected:
  case EventType::SnapshotEnd:
  case EventType::MassCancelDone:
    return std::nullopt;
  }
  return fmt::format("unknown event type {}", e.type);
}

std::optional<std::string> InvariantChecker::trade(std::uint32_t handle, std::uint32_t quantity,
                                                   std::uint32_t remaining, const char* role) {
  Order& o = live_.at(handle);
  if (quantity == 0 || quantity > o.open || o.open - quantity != remaining) {
    return fmt::format("{} {} fills {} of {} open, remaining {}", role, handle, quantity, o.open,
                       remaining);
  }
  o.open = remaining;
  o.filled += quantity;
  if (resting_.contains(handle)) {
    const LevelKey key{o.symbol, o.side, o.price};
    derived_[key].quantity -= quantity;
    touched_.insert(key);
    if (remaining == 0) leave_level(handle); // takes the order, with nothing left open
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
  level.quantity -= o.open;
  level.orders -= 1;
  if (level.orders == 0) derived_.erase(key);
  resting_.erase(handle);
  touched_.insert(key);
}

void InvariantChecker::join_level(std::uint32_t handle) {
  const Order& o = live_.at(handle);
  const LevelKey key{o.symbol, o.side, o.price};
  derived_[key].quantity += o.open;
  derived_[key].orders += 1;
  resting_.insert(handle);
  touched_.insert(key);
}

bool InvariantChecker::in_band(std::uint16_t symbol, std::uint32_t price) const {
  const auto base = band_bases_.find(symbol);
  const std::uint64_t low = base == band_bases_.end() ? 0 : base->second;
  return price >= low && price - low < config_.price_levels;
}

std::optional<std::string> InvariantChecker::end_of_command() {
  // What the command accepted or modified and is still live has just rested.
  for (std::uint32_t handle : unplaced_) {
    if (!live_.contains(handle)) continue;
    join_level(handle);
    const Order& o = live_.at(handle);
    if (!in_band(o.symbol, o.price)) {
      return fmt::format("order {} rests at {}, outside the band of symbol {}", handle, o.price, o.symbol);
    }
  }
  unplaced_.clear();
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
  return std::nullopt;
}

} // namespace twinmatch::tools
