#include "venue_session.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <unordered_map>
#include <utility>

#include "twinmatch/sw/engine.hpp"

namespace twinmatch::venue {
namespace {

// SplitMix64: its output is fixed by the algorithm, so a stream is the same everywhere.
class Random {
public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return mix(state_ += 0x9e3779b97f4a7c15ull); }
  std::uint32_t below(std::uint32_t bound) { return static_cast<std::uint32_t>(next() % bound); }
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // The SplitMix64 finaliser: a bijection, so distinct inputs give distinct outputs.
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

private:
  std::uint64_t state_;
};

struct LiveOrder {
  std::uint64_t id;
  std::uint32_t price;
  std::uint32_t quantity;
  Side side;
};

// The orders live in the engine, with a uniform pick and removal in O(1). Removal moves the
// last order into the hole, so the tail holds mostly recent orders.
class LiveOrders {
public:
  bool empty() const { return orders_.empty(); }
  std::size_t size() const { return orders_.size(); }
  void add(const LiveOrder& order) {
    index_[order.id] = orders_.size();
    orders_.push_back(order);
    by_price(order.side).emplace(order.price, order.id);
  }
  const LiveOrder* find(std::uint64_t id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? nullptr : &orders_[it->second];
  }
  void update(std::uint64_t id, std::uint32_t price, std::uint32_t quantity) {
    LiveOrder& order = orders_[index_.at(id)];
    by_price(order.side).erase({order.price, id});
    order.price = price;
    order.quantity = quantity;
    by_price(order.side).emplace(price, id);
  }
  // The best resting order of a side (the highest bid, the lowest ask), if any.
  const LiveOrder* best(Side side) const {
    const auto& prices = side == Side::Buy ? bids_ : asks_;
    if (prices.empty()) return nullptr;
    return find(side == Side::Buy ? prices.rbegin()->second : prices.begin()->second);
  }
  void remove(std::uint64_t id) {
    const auto it = index_.find(id);
    if (it == index_.end()) return;
    const std::size_t hole = it->second;
    by_price(orders_[hole].side).erase({orders_[hole].price, id});
    index_.erase(it);
    if (hole + 1 != orders_.size()) {
      orders_[hole] = orders_.back();
      index_[orders_[hole].id] = hole;
    }
    orders_.pop_back();
  }
  // Half of the picks among the 64 most recent, half uniform: venues cancel fresh quotes most.
  const LiveOrder& pick(Random& random) const {
    const auto n = static_cast<std::uint32_t>(orders_.size());
    if (random.chance(500)) return orders_[n - 1 - random.below(std::min(n, 64u))];
    return orders_[random.below(n)];
  }

private:
  std::set<std::pair<std::uint32_t, std::uint64_t>>& by_price(Side side) { return side == Side::Buy ? bids_ : asks_; }

  std::vector<LiveOrder> orders_;
  std::unordered_map<std::uint64_t, std::size_t> index_;
  std::set<std::pair<std::uint32_t, std::uint64_t>> bids_, asks_;
};

// The mid before noise, at fraction t of the session.
double trend(Session session, double t) {
  switch (session) {
  case Session::SteadyDrift: return 40'000 + 8'000 * t;
  case Session::Swing25: return 40'000 * (1 + 0.25 * std::sin(std::numbers::pi * t));
  case Session::Swing60: return 36'000 * (1 + 0.60 * std::sin(std::numbers::pi * t));
  case Session::Crash:
    if (t < 0.4) return 60'000;
    if (t < 0.5) return 60'000 - 30'000 * (t - 0.4) / 0.1;
    return 30'000 + 3'000 * (t - 0.5) / 0.5;
  case Session::DeepStatic: return 46'000;
  }
  return 46'000;
}

// The live book the sessions hold: built at the open (kBuildOrders), then steered towards.
constexpr double kTargetLive = 36'000;

std::uint32_t clamp_price(double price) {
  return static_cast<std::uint32_t>(std::clamp(price, double(kMinPrice), double(kMaxPrice)));
}

// A resting price's distance from the touch: some near it, most spread over thousands of levels
// (deep_static's all deep), so that the mid's noise sweeps only a thin layer.
std::uint32_t passive_distance(Random& random, bool deep_book) {
  if (deep_book) return 1 + random.below(3000);
  const std::uint32_t roll = random.below(100);
  if (roll < 25) return 1 + random.below(20);
  if (roll < 60) return 1 + random.below(400);
  return 1 + random.below(3500); // steady_drift's prices still fit in a 2^14-tick band
}

std::uint32_t quantity(Random& random) {
  return random.chance(50) ? 100 + random.below(901) : 1 + random.below(100);
}

class Generator {
public:
  Generator(Session session, std::uint64_t seed, std::size_t messages)
      : session_(session), random_(seed), id_base_(Random::mix(seed ^ 0x5eed)), total_(messages) {
    out_.reserve(messages);
  }

  std::vector<Message> run() {
    const std::size_t build = std::min(kBuildOrders, total_);
    while (out_.size() < total_) {
      const double t = static_cast<double>(out_.size()) / static_cast<double>(total_);
      step_mid(t);
      if (out_.size() < build) {
        submit_passive();
        continue;
      }
      // Below the target: more submits and, of the rest, more modifies than cancels; above it,
      // the other way. Both stay near the venue's mix (half submits, most of the rest cancels).
      const double balance = (kTargetLive - static_cast<double>(live_.size())) / kTargetLive;
      const double p_submit = std::clamp(0.5 + 0.5 * balance, 0.46, 0.56);
      if (live_.empty() || random_.unit() < p_submit) {
        const std::uint32_t roll = random_.below(1000);
        if (roll < 100) submit_aggressive(TimeInForce::Ioc);
        else if (roll < 130) submit_aggressive(TimeInForce::Gtc);
        else submit_passive();
        continue;
      }
      const double p_cancel = std::clamp(0.72 - 2 * balance, 0.55, 0.9);
      const LiveOrder order = pick_for_cancel_or_modify();
      if (random_.unit() < p_cancel) cancel(order);
      else modify(order);
    }
    return std::move(out_);
  }

private:
  void step_mid(double t) {
    // A bounded random walk around the session's trend (a few ticks for the still book).
    const double reach = session_ == Session::DeepStatic ? 3 : 400;
    if (random_.chance(250)) noise_ += random_.chance(500) ? 1 : -1;
    noise_ = std::clamp(noise_, -reach, reach);
    mid_ = trend(session_, t) + noise_;
  }

  // A resting price on `side`: away from the mid and never through the other side's best, so
  // that a passive order does not trade; orders the moving mid left behind are re-quoted first.
  std::uint32_t passive_price(Side side) {
    const std::uint32_t distance = passive_distance(random_, session_ == Session::DeepStatic);
    if (side == Side::Buy) {
      const LiveOrder* ask = live_.best(Side::Sell);
      const double anchor = ask ? std::min(mid_, double(ask->price)) : mid_;
      return clamp_price(anchor - distance);
    }
    const LiveOrder* bid = live_.best(Side::Buy);
    const double anchor = bid ? std::max(mid_, double(bid->price)) : mid_;
    return clamp_price(anchor + distance);
  }

  Side random_side() { return random_.chance(500) ? Side::Buy : Side::Sell; }

  void submit_passive() {
    const Side side = random_side();
    submit(side, TimeInForce::Gtc, passive_price(side), quantity(random_));
  }

  // Through the other side's best by a few ticks, sized like a small maker: it takes about one.
  void submit_aggressive(TimeInForce tif) {
    const Side side = random_side();
    const LiveOrder* touch = live_.best(side == Side::Buy ? Side::Sell : Side::Buy);
    const double anchor = touch ? double(touch->price) : mid_;
    const double through = random_.below(4);
    submit(side, tif, clamp_price(side == Side::Buy ? anchor + through : anchor - through), 1 + random_.below(100));
  }

  void submit(Side side, TimeInForce tif, std::uint32_t price, std::uint32_t size) {
    Message m{};
    m.kind = MessageKind::Submit;
    m.order_id = Random::mix(id_base_ + next_id_++);
    m.side = side;
    m.tif = tif;
    m.price = price;
    m.quantity = size;
    apply(m);
  }

  // A best bid at or above the mid (a best ask at or below it) is stale: the venue's makers pull
  // or re-quote those first. Otherwise half fresh, half any order (LiveOrders::pick).
  LiveOrder pick_for_cancel_or_modify() {
    const LiveOrder* bid = live_.best(Side::Buy);
    if (bid && stale(*bid)) return *bid;
    const LiveOrder* ask = live_.best(Side::Sell);
    if (ask && stale(*ask)) return *ask;
    return live_.pick(random_);
  }

  bool stale(const LiveOrder& order) const {
    return order.side == Side::Buy ? order.price >= mid_ : order.price <= mid_;
  }

  void cancel(const LiveOrder& order) {
    Message m{};
    m.kind = MessageKind::Cancel;
    m.order_id = order.id;
    apply(m);
  }

  // Half re-price to a resting price of the same side, half raise the quantity.
  void modify(const LiveOrder& order) {
    Message m{};
    m.kind = MessageKind::Modify;
    m.order_id = order.id;
    m.side = order.side;
    if (stale(order) || random_.chance(500)) {
      m.price = passive_price(order.side);
      m.quantity = order.quantity;
    } else {
      m.price = order.price;
      m.quantity = std::min<std::uint32_t>(order.quantity + 1 + random_.below(50), 1'000'000);
    }
    apply(m);
  }

  // Runs the message and follows which orders it left live.
  void apply(const Message& m) {
    out_.push_back(m);
    if (m.kind == MessageKind::Submit) {
      engine_.submit(sw::OrderRequest{.order_id = m.order_id, .side = m.side, .tif = m.tif,
                                      .price = m.price, .quantity = m.quantity});
    } else if (m.kind == MessageKind::Cancel) {
      engine_.cancel(m.order_id);
    } else {
      engine_.modify(m.order_id, m.price, m.quantity);
    }
    const auto events = engine_.events();
    const auto ids = engine_.event_order_ids();
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i].type == static_cast<std::uint8_t>(EventType::Fill) && events[i].maker_remaining == 0)
        live_.remove(ids[i].maker_order_id);
    }
    const auto open = engine_.open_quantity(m.order_id);
    if (!open) return live_.remove(m.order_id);
    if (live_.find(m.order_id)) {
      live_.update(m.order_id, m.price, *open);
    } else {
      live_.add(LiveOrder{m.order_id, m.price, *open, m.side});
    }
  }

  Session session_;
  Random random_;
  std::uint64_t id_base_;
  std::uint64_t next_id_ = 0;
  std::size_t total_;
  double mid_ = 0;
  double noise_ = 0;
  sw::MatchingEngine engine_{kVenueConfig};
  LiveOrders live_;
  std::vector<Message> out_;
};

} // namespace

std::string_view session_name(Session session) {
  switch (session) {
  case Session::SteadyDrift: return "steady_drift";
  case Session::Swing25: return "swing_25";
  case Session::Swing60: return "swing_60";
  case Session::Crash: return "crash";
  case Session::DeepStatic: return "deep_static";
  }
  return "unknown";
}

std::vector<Message> generate(Session session, std::uint64_t seed, std::size_t messages) {
  return Generator(session, seed, messages).run();
}

Mix mix_of(std::span<const Message> messages) {
  Mix mix;
  for (const Message& m : messages) {
    mix.submits += m.kind == MessageKind::Submit;
    mix.ioc += m.kind == MessageKind::Submit && m.tif == TimeInForce::Ioc;
    mix.cancels += m.kind == MessageKind::Cancel;
    mix.modifies += m.kind == MessageKind::Modify;
  }
  return mix;
}

} // namespace twinmatch::venue
