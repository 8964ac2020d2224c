// A seeded random command stream with knobs, for differential and invariant tests: valid orders
// around a drifting mid price, cancels and modifies of recent handles, every order type, time in
// force, self-trade mode and post-only, mass cancels, snapshots, and a share of corrupted or
// invalid commands. Handles are reused cyclically, so some new orders hit HandleInUse and some
// cancels hit UnknownHandle on purpose.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "commands.hpp"
#include "twinmatch/config.hpp"

namespace twinmatch::sw_test {

struct StreamShape {
  std::uint32_t symbols = 2;      // symbols used (capped at the config's)
  std::uint32_t spread = 20;      // prices within +-spread ticks of the mid
  std::int64_t mid = -1;          // the mid's start, in ticks; -1: the middle of the band
  std::uint32_t max_quantity = 50;
  std::uint32_t accounts = 4;
  // Per-mille weights of command kinds.
  int new_order = 600;
  int cancel = 200;
  int modify = 150;
  int mass_cancel = 5;
  int snapshot = 15;
  int garbage = 30;
  // Per-cent shares among new orders.
  int market = 5;
  int ioc = 10;
  int fok = 5;
  int stp = 20;
  int post_only = 10;
};

class RandomStream {
public:
  RandomStream(const CoreConfig& config, const StreamShape& shape, std::uint64_t seed)
      : config_(config), shape_(shape), rng_(seed) {
    shape_.spread = std::min(shape_.spread, (config.price_levels - 1) / 2);
    mid_ = shape.mid < 0 ? config.price_levels / 2 : shape.mid;
    recent_.reserve(kRecent);
  }

  std::vector<Command> take(std::size_t count) {
    std::vector<Command> commands;
    commands.reserve(count);
    for (std::size_t i = 0; i < count; ++i) commands.push_back(next());
    return commands;
  }

  Command next() {
    const int total = shape_.new_order + shape_.cancel + shape_.modify + shape_.mass_cancel + shape_.snapshot +
                      shape_.garbage;
    int pick = static_cast<int>(below(static_cast<std::uint32_t>(total)));
    if ((pick -= shape_.new_order) < 0) return new_order();
    if ((pick -= shape_.cancel) < 0) return cancel(recent_handle());
    if ((pick -= shape_.modify) < 0) return modify(recent_handle(), price(), quantity());
    if ((pick -= shape_.mass_cancel) < 0) {
      return chance(50) ? mass_cancel(symbol()) : mass_cancel_account(symbol(), account());
    }
    if ((pick -= shape_.snapshot) < 0) return snapshot(symbol(), static_cast<std::uint16_t>(below(4)));
    return garbage();
  }

private:
  std::uint32_t below(std::uint32_t n) { return n == 0 ? 0 : static_cast<std::uint32_t>(rng_() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::uint32_t>(percent); }

  std::uint16_t symbol() { return static_cast<std::uint16_t>(below(std::min(shape_.symbols, config_.symbols))); }
  std::uint32_t account() { return below(shape_.accounts); }
  std::uint32_t quantity() { return 1 + below(std::min(shape_.max_quantity, config_.max_quantity)); }

  std::uint32_t price() {
    // A slow random walk keeps both sides busy and the book deep near the mid.
    if (chance(2)) mid_ = chance(50) ? mid_ + 1 : mid_ - 1;
    mid_ = std::clamp<std::int64_t>(mid_, shape_.spread, std::int64_t{config_.price_levels} - 1 - shape_.spread);
    const std::int64_t offset = static_cast<std::int64_t>(below(2 * shape_.spread + 1)) - shape_.spread;
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(mid_ + offset, 0, config_.price_levels - 1));
  }

  std::uint32_t recent_handle() {
    if (recent_.empty()) return below(config_.handles);
    return recent_[below(static_cast<std::uint32_t>(recent_.size()))];
  }

  Command new_order() {
    const std::uint32_t handle = next_handle_;
    next_handle_ = (next_handle_ + 1) % config_.handles;
    // The last kRecent new orders: cancels and modifies mostly find them still resting.
    if (recent_.size() < kRecent) recent_.push_back(handle);
    else recent_[recent_next_++ % kRecent] = handle;

    const Side side = chance(50) ? Side::Buy : Side::Sell;
    Command c = limit(handle, side, price(), quantity(), symbol(), account());
    if (chance(shape_.market)) {
      c.order_type = static_cast<std::uint8_t>(OrderType::Market);
      c.price = 0;
      c.tif = static_cast<std::uint8_t>(chance(70) ? TimeInForce::Ioc : TimeInForce::Fok);
    } else if (chance(shape_.ioc)) {
      c.tif = static_cast<std::uint8_t>(TimeInForce::Ioc);
    } else if (chance(shape_.fok)) {
      c.tif = static_cast<std::uint8_t>(TimeInForce::Fok);
    } else if (chance(shape_.post_only)) {
      c.flags = kFlagPostOnly;
    }
    if (c.tif != static_cast<std::uint8_t>(TimeInForce::Fok) && chance(shape_.stp))
      c.stp = static_cast<std::uint8_t>(1 + below(3));
    return c;
  }

  // A command that should be refused: a corrupted byte, or a value out of the config's range.
  Command garbage() {
    Command c = new_order();
    switch (below(6)) {
    case 0: {
      auto* bytes = reinterpret_cast<std::uint8_t*>(&c);
      bytes[below(sizeof c)] ^= static_cast<std::uint8_t>(1u << below(8));
      break;
    }
    case 1: c.quantity = chance(50) ? 0 : config_.max_quantity + 1 + below(10); break;
    case 2: c.price = config_.price_levels + below(10); c.order_type = 0; break;
    case 3: c.symbol = static_cast<std::uint16_t>(config_.symbols + below(3)); break;
    case 4: c.handle = config_.handles + below(5); break;
    default: c.tif = static_cast<std::uint8_t>(TimeInForce::Fok); c.stp = 2; break;
    }
    return c;
  }

  static constexpr std::size_t kRecent = 48;

  CoreConfig config_;
  StreamShape shape_;
  std::mt19937_64 rng_;
  std::int64_t mid_;
  std::uint32_t next_handle_ = 0;
  std::vector<std::uint32_t> recent_;
  std::size_t recent_next_ = 0;
};

} // namespace twinmatch::sw_test
