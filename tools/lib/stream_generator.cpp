#include "stream_generator.hpp"

#include <algorithm>
#include <numeric>

namespace twinmatch::tools {
namespace {

struct ScenarioPlan {
  // Indexed by Action, in parts per total.
  ActionWeights weights;
  std::uint32_t mid_step_per_mille; // chance per command that its symbol's mid moves a tick
};

// clang-format off
// Icebergs and stops are a few per cent of the new orders in every scenario.
//                         near  deep cross mkt post cancel modify snap mass sweep storm bad band ice stop scan smod flood
constexpr ScenarioPlan kQuiet{{200, 400,    8,  2,  20,   230,   125,  14,   1,    0,    0,   0,   0,  20,   6,   3,   3,   0}, 5};
constexpr ScenarioPlan kNormal{{400, 40,   90, 40,  60,   230,   120,  19,   1,    0,    0,   0,   0,  25,  25,   6,   6,   0}, 50};
constexpr ScenarioPlan kVolatile{{330, 20, 150, 60,  40,   200,   100,  10,  10,   80,    0,   0,   0,  25,  40,   5,   5,   0}, 100};
constexpr ScenarioPlan kAdversarial{{300, 60, 60, 30, 20,  100,    80,   5,   3,   40,    3, 300,   5,  20,  30,   5,   5,   2}, 50};
constexpr ScenarioPlan kBanded{{380, 40,   90, 40,  50,   230,   120,  10,   1,   20,    0,   0,   2,  25,  25,   6,   6,   0}, 50};
// clang-format on

// The banded scenario's mid starts this far from zero (with room for 64 symbols' books side by
// side) when the band is at most kFarBandLimit ticks wide; a wider band stays at base 0.
constexpr std::int64_t kFarOrigin = 1'000'000'000;
constexpr std::int64_t kFarBandLimit = std::int64_t{1} << 20;

const ScenarioPlan& plan_of(Scenario scenario) {
  switch (scenario) {
  case Scenario::Quiet: return kQuiet;
  case Scenario::Normal: return kNormal;
  case Scenario::Volatile: return kVolatile;
  case Scenario::Adversarial: return kAdversarial;
  case Scenario::Banded: return kBanded;
  case Scenario::Spread: return kNormal;
  }
  return kNormal;
}

bool adds_resting_order(Action action) {
  return action == Action::RestNearTouch || action == Action::RestDeep ||
         action == Action::PostOnly || action == Action::Iceberg;
}

} // namespace

StreamGenerator::StreamGenerator(const CoreConfig& config, Scenario scenario, std::uint64_t seed,
                                 std::size_t count, GeneratorOptions options)
    : config_(config),
      scenario_(scenario),
      weights_(plan_of(scenario).weights),
      count_(count),
      random_(seed),
      model_(config),
      window_(std::clamp<std::uint32_t>(config.price_levels / 32, 2, 64)),
      live_cap_(std::max<std::uint32_t>(8, config.handles / 4)),
      drift_(config.symbols, 0),
      live_slot_(config.handles, 0),
      pending_slot_(config.handles, 0),
      placed_(config.handles),
      free_(options.handle_lanes) {
  for (std::vector<std::uint32_t>& list : free_) list.reserve(config.handles / free_.size());
  for (std::uint32_t handle = config.handles; handle-- > 0;) {
    free_list_of_handle(handle).push_back(handle);
  }
}

std::vector<std::uint32_t>& StreamGenerator::free_list_of_handle(std::uint32_t handle) {
  return free_[handle % free_.size()];
}

std::vector<Command> StreamGenerator::run() {
  std::vector<Command> commands(count_ - index_);
  commands.resize(fill(commands));
  return commands;
}

std::size_t StreamGenerator::fill(std::span<Command> out) {
  std::size_t made = 0;
  for (; made < out.size() && index_ < count_; ++index_) {
    current_symbol_ = random_symbol();
    move_mid(current_symbol_);
    const std::optional<std::uint32_t> band = band_to_follow_mid(current_symbol_);
    const Command command = band ? set_band_command(current_symbol_, *band) : command_for(next_action());
    apply(command);
    out[made++] = command;
  }
  return made;
}

Action StreamGenerator::next_action() {
  if (storm_left_ > 0) {
    --storm_left_;
    return Action::Cancel;
  }
  if (flood_left_ > 0) {
    --flood_left_;
    return Action::StopFlood;
  }
  const std::uint32_t total = std::accumulate(weights_.begin(), weights_.end(), 0u);
  std::uint32_t roll = random_.below(total);
  std::size_t chosen = 0;
  while (roll >= weights_[chosen]) roll -= weights_[chosen++];
  auto action = static_cast<Action>(chosen);

  if (action == Action::CancelStorm) {
    storm_left_ = random_.between(20, 60);
    return Action::Cancel;
  }
  if (action == Action::StopFlood) {
    // Past the table of a hardware book (with room for the rejects); a CPU book's is too large.
    flood_symbol_ = current_symbol_;
    flood_left_ = config_.stop_orders <= 64 ? config_.stop_orders + random_.between(2, 6) : 20;
    return Action::StopFlood;
  }
  if ((action == Action::StopCancel || action == Action::StopModify) && pending_.empty() &&
      scenario_ != Scenario::Adversarial) {
    return Action::StopOrder;
  }
  if (adds_resting_order(action) && live_.size() >= live_cap_) return Action::Cancel;
  if ((action == Action::Cancel || action == Action::Modify) && live_.empty() &&
      scenario_ != Scenario::Adversarial) {
    return Action::RestNearTouch;
  }
  return action;
}

Command StreamGenerator::command_for(Action action) {
  switch (action) {
  case Action::RestNearTouch: return rest_order(1, window_);
  case Action::RestDeep: return rest_order(window_, 4 * window_);
  case Action::CrossLimit: return cross_limit_order();
  case Action::MarketOrder: return market_order();
  case Action::PostOnly: return post_only_order();
  case Action::Cancel: return cancel_order();
  case Action::Modify: return modify_order();
  case Action::Snapshot: return snapshot();
  case Action::MassCancel: return mass_cancel();
  case Action::Sweep: return sweep_order();
  case Action::CancelStorm: return cancel_order();
  case Action::BadInput: return bad_input();
  case Action::MoveBand: return move_band();
  case Action::Iceberg: return iceberg_order();
  case Action::StopOrder: return stop_order();
  case Action::StopCancel: return stop_cancel();
  case Action::StopModify: return stop_modify();
  case Action::StopFlood: return stop_flood();
  }
  return snapshot();
}

void StreamGenerator::apply(const Command& command) {
  events_.clear();
  model_.apply(command, events_);
  const std::uint8_t first_type = events_.empty() ? 0 : events_.front().type;
  if (first_type == static_cast<std::uint8_t>(EventType::Accepted) ||
      first_type == static_cast<std::uint8_t>(EventType::StopAccepted)) {
    placed_[command.handle] = PlacedOrder{command.symbol, static_cast<Side>(command.side),
                                          command.price, (command.flags & kFlagPostOnly) != 0};
  } else if (first_type == static_cast<std::uint8_t>(EventType::Modified)) {
    placed_[command.handle].price = command.price;
  }
  track(command.handle);
  for (const Event& event : events_) {
    track(event.handle);
    track(event.maker_handle);
  }
}

namespace {

// Keeps `handle` in `set` (with its index + 1 in `slot`, 0 when absent) exactly when `member`.
void keep_member(std::vector<std::uint32_t>& set, std::vector<std::uint32_t>& slot,
                 std::uint32_t handle, bool member) {
  const bool present = slot[handle] != 0;
  if (member && !present) {
    set.push_back(handle);
    slot[handle] = static_cast<std::uint32_t>(set.size());
  } else if (!member && present) {
    const std::uint32_t index = slot[handle] - 1;
    set[index] = set.back();
    slot[set[index]] = index + 1;
    set.pop_back();
    slot[handle] = 0;
  }
}

} // namespace

bool StreamGenerator::in_use(std::uint32_t handle) const {
  return live_slot_[handle] != 0 || pending_slot_[handle] != 0;
}

void StreamGenerator::track(std::uint32_t handle) {
  if (handle >= config_.handles) return;
  const bool was_in_use = in_use(handle);
  keep_member(live_, live_slot_, handle, model_.is_resting(handle));
  keep_member(pending_, pending_slot_, handle, model_.is_pending(handle));
  if (!was_in_use && in_use(handle)) {
    std::vector<std::uint32_t>& list = free_list_of_handle(handle);
    if (!list.empty() && list.back() == handle) list.pop_back();
  } else if (was_in_use && !in_use(handle)) {
    gone_[gone_count_++ % gone_.size()] = handle;
    if (scenario_ != Scenario::Spread) free_list_of_handle(handle).push_back(handle);  // spread has its pools
  }
}

// Each symbol's mid wanders by a bounded random walk around the centre of the price range.
void StreamGenerator::move_mid(std::uint16_t symbol) {
  if (symbol >= drift_.size() || !random_.chance(plan_of(scenario_).mid_step_per_mille)) return;
  const std::int64_t limit = config_.price_levels / 8;
  drift_[symbol] = std::clamp<std::int64_t>(drift_[symbol] + (random_.chance(500) ? 1 : -1),
                                            -limit, limit);
}

namespace {

// A triangle wave of two full periods over a stream of `count` commands, at command `index`.
std::int64_t triangle(std::int64_t amplitude, std::size_t index, std::size_t count) {
  const auto period = static_cast<std::int64_t>(std::max<std::size_t>(count / 2, 1));
  const std::int64_t phase =
      static_cast<std::int64_t>(index % static_cast<std::size_t>(period)) * 4 * amplitude / period;
  return phase < amplitude       ? phase
         : phase < 3 * amplitude ? 2 * amplitude - phase
                                 : phase - 4 * amplitude;
}

} // namespace

// The banded scenario's absolute mid: far from zero, riding a triangle wave of three band widths
// either way, plus the symbol's drift.
std::int64_t StreamGenerator::banded_mid(std::uint16_t symbol) const {
  const std::int64_t levels = config_.price_levels;
  const std::int64_t drift = symbol < drift_.size() ? drift_[symbol] : 0;
  if (levels > kFarBandLimit) return levels / 2 + drift;
  return kFarOrigin + std::int64_t{symbol % 64} * 8 * levels + triangle(3 * levels, index_, count_) + drift;
}

// In the banded scenario, the base that centres the band on the mid once the mid has left the
// band's middle half; nullopt while it is inside (and in every other scenario).
std::optional<std::uint32_t> StreamGenerator::band_to_follow_mid(std::uint16_t symbol) const {
  if (scenario_ != Scenario::Banded) return std::nullopt;
  const std::int64_t levels = config_.price_levels;
  const std::int64_t base = model_.band_base(symbol);
  const std::int64_t offset = banded_mid(symbol) - base;
  if (offset >= levels / 4 && offset <= 3 * levels / 4) return std::nullopt;
  const std::int64_t wanted = std::max<std::int64_t>(0, banded_mid(symbol) - levels / 2) / kBandAlign * kBandAlign;
  if (wanted == base) return std::nullopt;
  return static_cast<std::uint32_t>(wanted);
}

// The mid as an offset into the symbol's band. In the volatile scenario the centre rides a
// triangle wave of two full periods over the stream, between 20% and 80% of the band.
std::uint32_t StreamGenerator::mid(std::uint16_t symbol) const {
  const std::int64_t levels = config_.price_levels;
  std::int64_t centre = levels / 2;
  if (scenario_ == Scenario::Banded) {
    centre = banded_mid(symbol) - model_.band_base(symbol);
  } else {
    if (scenario_ == Scenario::Volatile) centre += triangle(3 * levels / 10, index_, count_);
    centre += symbol < drift_.size() ? drift_[symbol] : 0;
  }
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(centre, 1, levels - 2));
}

// The absolute price `offset` ticks into the symbol's band, clamped to the band.
std::uint32_t StreamGenerator::price_in_band(std::uint16_t symbol, std::int64_t offset) const {
  const std::int64_t clamped = std::clamp<std::int64_t>(offset, 0, std::int64_t{config_.price_levels} - 1);
  return static_cast<std::uint32_t>(model_.band_base(symbol) + clamped);
}

// The offset from the mid is the nearer of two uniform draws: orders thin out linearly away
// from the touch, as they do on a real book, instead of spreading evenly over the window.
std::uint32_t StreamGenerator::passive_price(std::uint16_t symbol, Side side,
                                             std::uint32_t min_offset, std::uint32_t spread) {
  const std::uint32_t first = random_.below(spread);
  const std::uint32_t second = random_.below(spread);
  const std::int64_t offset = std::int64_t{min_offset} + std::min(first, second);
  const std::int64_t centre = mid(symbol);
  return price_in_band(symbol, side == Side::Buy ? centre - offset : centre + offset);
}

std::uint32_t StreamGenerator::aggressive_price(std::uint16_t symbol, Side side,
                                                std::uint32_t reach) {
  const std::int64_t centre = mid(symbol);
  return price_in_band(symbol, side == Side::Buy ? centre + reach : centre - std::int64_t{reach});
}

// Half the traffic goes to a few busy symbols, as on a real venue; the rest is spread evenly.
// (Spread: every symbol alike.)
std::uint16_t StreamGenerator::random_symbol() {
  if (scenario_ == Scenario::Spread) return static_cast<std::uint16_t>(random_.below(config_.symbols));
  constexpr std::uint32_t kBusySymbols = 4;
  const std::uint32_t pool = random_.chance(500) ? std::min(kBusySymbols, config_.symbols)
                                                 : config_.symbols;
  return static_cast<std::uint16_t>(random_.below(pool));
}

Side StreamGenerator::random_side() { return random_.chance(500) ? Side::Buy : Side::Sell; }

std::uint32_t StreamGenerator::random_quantity() {
  const std::uint32_t quantity =
      random_.chance(900) ? random_.between(1, 100) : random_.between(101, 1000);
  return std::min(quantity, config_.max_quantity);
}

// A small pool of accounts, so that self-trade prevention has something to prevent.
std::uint32_t StreamGenerator::random_account() { return random_.between(1, 8); }

StpMode StreamGenerator::random_stp() {
  return random_.chance(700) ? StpMode::None : static_cast<StpMode>(random_.between(1, 3));
}

// The handle a host would assign next: the top of its LIFO free list (of the symbol's lane, with
// handle lanes). It is taken off the list only if the order rests; an order that ends within its
// command frees it again at once.
// Spread: a free handle of the symbol's pool (h % symbols == symbol), found by a few random
// tries, as a host that hands each symbol's orders handles of its own would.
std::optional<std::uint32_t> StreamGenerator::free_handle() {
  if (scenario_ == Scenario::Spread) return free_pool_handle();
  std::vector<std::uint32_t>& list = free_[current_symbol_ % free_.size()];
  while (!list.empty() && in_use(list.back())) list.pop_back();
  if (list.empty()) return std::nullopt;
  return list.back();
}

std::optional<std::uint32_t> StreamGenerator::free_pool_handle() {
  const std::uint32_t pool_size = config_.handles / config_.symbols;
  if (pool_size == 0) return std::nullopt;
  constexpr int kTries = 16;
  for (int attempt = 0; attempt < kTries; ++attempt) {
    const std::uint32_t handle = current_symbol_ + config_.symbols * random_.below(pool_size);
    if (!in_use(handle)) return handle;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> StreamGenerator::live_handle() {
  if (live_.empty()) return std::nullopt;
  return live_[random_.below(static_cast<std::uint32_t>(live_.size()))];
}

std::optional<std::uint32_t> StreamGenerator::pending_handle() {
  if (pending_.empty()) return std::nullopt;
  return pending_[random_.below(static_cast<std::uint32_t>(pending_.size()))];
}

std::optional<std::uint32_t> StreamGenerator::pending_handle_of(std::uint16_t symbol) const {
  for (const std::uint32_t handle : pending_) {
    if (model_.pending_stop(handle)->symbol == symbol) return handle;
  }
  return std::nullopt;
}

// A handle that rested a little while ago and was filled or cancelled since (if it has not
// been reused), else any handle that is not resting.
std::optional<std::uint32_t> StreamGenerator::gone_handle() {
  const std::size_t known = std::min(gone_count_, gone_.size());
  if (known > 0) {
    const std::uint32_t handle = gone_[random_.below(static_cast<std::uint32_t>(known))];
    if (!in_use(handle)) return handle;
  }
  return free_handle();
}

std::optional<OrderTerms> StreamGenerator::fresh_limit_order(std::uint32_t price_offset_min,
                                                             std::uint32_t price_spread) {
  const std::optional<std::uint32_t> handle = free_handle();
  if (!handle) return std::nullopt;
  OrderTerms terms;
  terms.symbol = current_symbol_;
  terms.handle = *handle;
  terms.side = random_side();
  terms.price = passive_price(terms.symbol, terms.side, price_offset_min, price_spread);
  terms.quantity = random_quantity();
  terms.account = random_account();
  terms.stp = random_stp();
  return terms;
}

Command StreamGenerator::rest_order(std::uint32_t min_offset, std::uint32_t spread) {
  const std::optional<OrderTerms> terms = fresh_limit_order(min_offset, spread);
  return terms ? new_order_command(*terms) : snapshot();
}

Command StreamGenerator::cross_limit_order() {
  std::optional<OrderTerms> terms = fresh_limit_order(1, window_);
  if (!terms) return snapshot();
  terms->price = aggressive_price(terms->symbol, terms->side, 1 + random_.below(window_));
  const std::uint32_t roll = random_.below(100);
  terms->tif = roll < 40 ? TimeInForce::Gtc : roll < 75 ? TimeInForce::Ioc : TimeInForce::Fok;
  if (terms->tif == TimeInForce::Fok) terms->stp = StpMode::None;
  return new_order_command(*terms);
}

Command StreamGenerator::market_order() {
  std::optional<OrderTerms> terms = fresh_limit_order(1, window_);
  if (!terms) return snapshot();
  terms->type = OrderType::Market;
  terms->tif = random_.chance(600) ? TimeInForce::Ioc : TimeInForce::Fok;
  if (terms->tif == TimeInForce::Fok) terms->stp = StpMode::None;
  return new_order_command(*terms);
}

// Mostly passive; three in ten sit at or through the mid and so may cross (and be rejected).
Command StreamGenerator::post_only_order() {
  std::optional<OrderTerms> terms = fresh_limit_order(1, window_);
  if (!terms) return snapshot();
  terms->post_only = true;
  if (random_.chance(300)) {
    terms->price = aggressive_price(terms->symbol, terms->side, random_.below(window_));
  }
  return new_order_command(*terms);
}

// In the adversarial scenario one cancel in ten (and every cancel of a storm that emptied the
// book) targets an order that is no longer resting.
Command StreamGenerator::cancel_order() {
  const bool stale = scenario_ == Scenario::Adversarial && (live_.empty() || random_.chance(100));
  const std::optional<std::uint32_t> handle = stale ? gone_handle() : live_handle();
  return handle ? cancel_command(*handle) : snapshot();
}

// Keeps the order's side of the mid: shrink in place (keeps priority), grow in place, or move.
Command StreamGenerator::modify_order() {
  const std::optional<std::uint32_t> handle = live_handle();
  if (!handle) return snapshot();
  const PlacedOrder& order = placed_[*handle];
  const std::uint32_t open = model_.open_quantity(*handle);
  const std::uint32_t roll = random_.below(100);
  if (roll < 40) {
    return modify_command(*handle, order.price, open > 1 ? random_.between(1, open - 1) : open);
  }
  if (roll < 60) {
    const std::uint32_t grown = open + random_.between(1, 100);
    return modify_command(*handle, order.price, std::min(grown, config_.max_quantity));
  }
  // Separate statements: the order of evaluation of call arguments is unspecified, and the
  // stream must not depend on the compiler.
  const std::uint32_t price = passive_price(order.symbol, order.side, 1, window_);
  const std::uint32_t quantity = random_quantity();
  return modify_command(*handle, price, quantity);
}

// A large order through many levels. The adversarial scenario sometimes empties a whole side.
Command StreamGenerator::sweep_order() {
  std::optional<OrderTerms> terms = fresh_limit_order(1, window_);
  if (!terms) return snapshot();
  const bool whole_side = scenario_ == Scenario::Adversarial && random_.chance(200);
  terms->quantity = std::min(whole_side ? config_.max_quantity : random_.between(500, 3000),
                             config_.max_quantity);
  terms->price = whole_side ? price_in_band(terms->symbol, terms->side == Side::Buy ? config_.price_levels - 1 : 0)
                            : aggressive_price(terms->symbol, terms->side,
                                               4 * window_ + random_.below(4 * window_));
  const std::uint32_t roll = random_.below(100);
  terms->type = roll < 20 ? OrderType::Market : OrderType::Limit;
  terms->tif = roll < 85 ? TimeInForce::Ioc : TimeInForce::Gtc;
  return new_order_command(*terms);
}

Command StreamGenerator::snapshot() {
  return snapshot_command(current_symbol_, static_cast<std::uint16_t>(random_.below(6)));
}

// The band a few 64-tick words up or down from where it is, or now and then half a band away
// (cancelling what falls outside), staying within the 32-bit price range.
Command StreamGenerator::move_band() {
  const std::int64_t base = model_.band_base(current_symbol_);
  const std::int64_t highest = (std::int64_t{0xFFFFFFFF} - config_.price_levels + 1) / kBandAlign * kBandAlign;
  const bool far = random_.chance(250);
  const std::int64_t words = far ? config_.price_levels / 2 / kBandAlign + 1 + random_.below(4)
                                 : std::int64_t{random_.below(5)} - 2;
  const std::int64_t step = (far && random_.chance(500) ? -words : words) * kBandAlign;
  return set_band_command(current_symbol_, static_cast<std::uint32_t>(std::clamp<std::int64_t>(base + step, 0, highest)));
}

Command StreamGenerator::mass_cancel() {
  const bool by_account = random_.chance(800);
  const std::uint32_t account = random_account();
  return mass_cancel_command(current_symbol_, by_account, account);
}

// A GTC limit order that shows a peak of its quantity: the whole of it, a sliver (1 to 3 of a
// small order, so that a sweep replenishes it several times without a flood of events) or a
// tenth or more; now and then crossing (it trades all of it as a taker) or post-only.
Command StreamGenerator::iceberg_order() {
  std::optional<OrderTerms> terms = fresh_limit_order(1, window_);
  if (!terms) return snapshot();
  const std::uint32_t roll = random_.below(100);
  if (roll < 30) {
    terms->quantity = std::min(random_.between(2, 30), config_.max_quantity);
    terms->aux = random_.between(1, std::min<std::uint32_t>(3, terms->quantity));
  } else {
    terms->quantity = std::min(random_.between(10, 1000), config_.max_quantity);
    terms->aux = roll < 55 ? terms->quantity
                           : random_.between(std::max<std::uint32_t>(1, terms->quantity / 10), terms->quantity);
  }
  terms->iceberg = true;
  if (random_.chance(250)) {
    terms->price = aggressive_price(terms->symbol, terms->side, random_.below(window_));
  } else if (random_.chance(100)) {
    terms->post_only = true;
  }
  return new_order_command(*terms);
}

std::uint32_t StreamGenerator::stop_cap() const {
  return std::clamp<std::uint32_t>(config_.stop_orders * 3 / 4, 1, 32);
}

std::uint32_t StreamGenerator::stop_price_near_last_trade(std::uint16_t symbol, Side side,
                                                          bool triggered, std::uint32_t distance) {
  const std::int64_t last = model_.last_trade(symbol).value_or(price_in_band(symbol, mid(symbol)));
  const std::int64_t away = (side == Side::Buy) != triggered ? 1 : -1; // a buy stop waits above
  const std::int64_t price = last + away * std::int64_t{distance};
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(price, 0, 0xFFFFFFFF));
}

std::uint32_t StreamGenerator::stop_limit_price(std::uint16_t symbol, Side side,
                                                std::uint32_t stop_price) {
  const std::int64_t reach = random_.chance(800) ? std::int64_t{random_.below(window_)}
                                                 : -std::int64_t{random_.between(1, window_)};
  const std::int64_t limit = stop_price + (side == Side::Buy ? reach : -reach);
  return price_in_band(symbol, limit - std::int64_t{model_.band_base(symbol)});
}

std::optional<OrderTerms> StreamGenerator::fresh_stop_order(std::uint32_t distance) {
  std::optional<OrderTerms> terms = fresh_limit_order(1, window_);
  if (!terms) return std::nullopt;
  terms->aux = stop_price_near_last_trade(terms->symbol, terms->side, false, distance);
  terms->type = random_.chance(500) ? OrderType::Stop : OrderType::StopLimit;
  const std::uint32_t roll = random_.below(100);
  if (terms->type == OrderType::Stop) {
    terms->tif = roll < 75 ? TimeInForce::Ioc : TimeInForce::Fok;
    terms->price = 0;
  } else {
    terms->tif = roll < 55 ? TimeInForce::Gtc : roll < 85 ? TimeInForce::Ioc : TimeInForce::Fok;
    terms->price = stop_limit_price(terms->symbol, terms->side, terms->aux);
  }
  if (terms->tif == TimeInForce::Fok) terms->stp = StpMode::None;
  return terms;
}

// A stop a few ticks from the last trade, so that the wandering price triggers it (often in a
// cascade with others); one in six already triggered when placed. A well-formed scenario keeps
// each book's pending stops under stop_cap(), cancelling one instead.
Command StreamGenerator::stop_order() {
  if (scenario_ != Scenario::Adversarial && model_.pending_stops(current_symbol_) >= stop_cap()) {
    if (const std::optional<std::uint32_t> handle = pending_handle_of(current_symbol_)) {
      return cancel_command(*handle);
    }
  }
  // A quiet book's price hardly moves, and its stops wait further from it.
  const bool triggered = random_.chance(160);
  const std::uint32_t distance = scenario_ == Scenario::Quiet ? window_ / 2 + random_.below(2 * window_)
                                                              : random_.below(window_ / 2 + 1);
  std::optional<OrderTerms> terms = fresh_stop_order(distance);
  if (!terms) return snapshot();
  if (triggered) {
    terms->aux = stop_price_near_last_trade(terms->symbol, terms->side, true, distance);
    if (terms->type == OrderType::StopLimit) {
      terms->price = stop_limit_price(terms->symbol, terms->side, terms->aux);
    }
  }
  return new_order_command(*terms);
}

Command StreamGenerator::stop_cancel() {
  const std::optional<std::uint32_t> handle = pending_handle();
  if (!handle) return cancel_order();
  return cancel_command(*handle);
}

// New terms for a pending stop: its stop price moved near the last trade (it may trigger at
// once), a new quantity, and a stop-limit's limit near the new stop price.
Command StreamGenerator::stop_modify() {
  const std::optional<std::uint32_t> handle = pending_handle();
  if (!handle) return modify_order();
  const ref::PendingStop stop = *model_.pending_stop(*handle);
  const bool triggered = random_.chance(200);
  const std::uint32_t distance = random_.below(window_ / 2 + 1);
  const std::uint32_t stop_price = stop_price_near_last_trade(stop.symbol, stop.side, triggered, distance);
  const std::uint32_t price =
      stop.type == OrderType::Stop ? 0 : stop_limit_price(stop.symbol, stop.side, stop_price);
  const std::uint32_t quantity = random_quantity();
  return modify_command(*handle, price, quantity, stop_price);
}

// One of a flood of stops on one book, far from their trigger: the book's table fills up, and
// (in the hardware configuration) the last few are rejected with StopCapacity.
Command StreamGenerator::stop_flood() {
  current_symbol_ = flood_symbol_;
  const std::uint32_t distance = 4 * window_ + random_.below(4 * window_);
  const std::optional<OrderTerms> terms = fresh_stop_order(distance);
  return terms ? new_order_command(*terms) : snapshot();
}

} // namespace twinmatch::tools
