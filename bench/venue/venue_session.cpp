#include "venue_session.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

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
  }
  LiveOrder* find(std::uint64_t id) {
    const auto it = index_.find(id);
    return it == index_.end() ? nullptr : &orders_[it->second];
  }
  void remove(std::uint64_t id) {
    const auto it = index_.find(id);
    if (it == index_.end()) return;
    const std::size_t hole = it->second;
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
  std::vector<LiveOrder> orders_;
  std::unordered_map<std::uint64_t, std::size_t> index_;
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

// Orders the book holds at rest, about: the submit/cancel balance steers towards it.
constexpr double kTargetLive = 36'000;
constexpr std::uint32_t kDeepBookOrders = 40'000;

std::uint32_t clamp_price(double price) {
  return static_cast<std::uint32_t>(std::clamp(price, double(kMinPrice), double(kMaxPrice)));
}

// A resting price's distance from the mid: mostly near the touch, some deep in the book.
std::uint32_t passive_distance(Random& random, bool deep_book) {
  if (deep_book) return 1 + random.below(3000);
  const std::uint32_t roll = random.below(100);
  if (roll < 60) return 1 + random.below(20);
  if (roll < 90) return 1 + random.below(400);
  return 1 + random.below(4000);
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
    const std::size_t build = session_ == Session::DeepStatic ? std::min<std::size_t>(kDeepBookOrders, total_) : 0;
    while (out_.size() < total_) {
      const double t = static_cast<double>(out_.size()) / static_cast<double>(total_);
      step_mid(t);
      if (out_.size() < build) {
        submit(false, true);
        continue;
      }
      const double balance = (kTargetLive - static_cast<double>(live_.size())) / kTargetLive;
      const double p_submit = std::clamp(0.5 + 0.1 * balance, 0.4, 0.6);
      if (live_.empty() || random_.unit() < p_submit) submit(random_.chance(100), false);
      else if (random_.chance(800)) cancel();
      else modify();
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

  void submit(bool ioc, bool deep_book) {
    Message m{};
    m.kind = MessageKind::Submit;
    m.order_id = Random::mix(id_base_ + next_id_++);
    m.side = random_.chance(500) ? Side::Buy : Side::Sell;
    m.tif = ioc ? TimeInForce::Ioc : TimeInForce::Gtc;
    m.quantity = quantity(random_);
    const double sign = m.side == Side::Buy ? -1 : 1;
    // IOC orders and a few GTC ones are priced through the mid: they trade.
    const bool aggressive = ioc || random_.chance(60);
    const double offset = aggressive ? -double(random_.below(12)) : double(passive_distance(random_, deep_book));
    m.price = clamp_price(mid_ + sign * offset);
    apply(m);
  }

  void cancel() {
    Message m{};
    m.kind = MessageKind::Cancel;
    m.order_id = live_.pick(random_).id;
    apply(m);
  }

  // Half re-price on the same side of the mid, half raise the quantity.
  void modify() {
    const LiveOrder& order = live_.pick(random_);
    Message m{};
    m.kind = MessageKind::Modify;
    m.order_id = order.id;
    m.side = order.side;
    if (random_.chance(500)) {
      const double sign = order.side == Side::Buy ? -1 : 1;
      m.price = clamp_price(mid_ + sign * passive_distance(random_, false));
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
    if (LiveOrder* order = live_.find(m.order_id)) {
      order->price = m.price;
      order->quantity = *open;
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
