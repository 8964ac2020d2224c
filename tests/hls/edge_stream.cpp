#include "edge_stream.hpp"

#include <random>

#include "twinmatch/config.hpp"

namespace twinmatch::hlstest {

namespace {

class EdgeStream {
public:
  explicit EdgeStream(std::uint64_t seed) : rng_(seed) {}

  Command next() {
    Command c{};
    c.version = kProtocolVersion;
    if (flood_left_ == 0 && pick(400) == 0) {
      flood_left_ = kHardwareConfig.stop_orders + 4;
      flood_symbol_ = static_cast<std::uint16_t>(pick(2));
    }
    const unsigned kind = pick(100);
    if (flood_left_ > 0) stop_flood(c);
    else if (kind < 53) new_order(c);
    else if (kind < 55) set_band(c);
    else if (kind < 72) {
      c.opcode = static_cast<std::uint8_t>(Opcode::Cancel);
      c.handle = handle();
    } else if (kind < 90) {
      c.opcode = static_cast<std::uint8_t>(Opcode::Modify);
      c.handle = handle();
      c.price = price(static_cast<std::uint16_t>(pick(2)));
      c.quantity = quantity();
      // A new stop price (a pending stop's modify; rejected for a resting order), or a Stop's 0.
      if (pick(4) == 0) c.aux = stop_price(static_cast<std::uint16_t>(pick(2)));
      if (pick(8) == 0) c.price = 0;
    } else if (kind < 95) {
      c.opcode = static_cast<std::uint8_t>(Opcode::MassCancel);
      c.symbol = symbol();
      if (pick(2) == 0) {
        c.flags = kFlagByAccount;
        c.account = pick(4);
      }
    } else {
      c.opcode = static_cast<std::uint8_t>(Opcode::Snapshot);
      c.symbol = symbol();
      c.depth = static_cast<std::uint16_t>(pick(4) == 0 ? 0 : pick(6));
    }
    if (pick(40) == 0) corrupt(c);
    return c;
  }

private:
  unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }

  // Mostly a small crowded pool of handles (collisions, reuse), sometimes the table's edges.
  std::uint32_t handle() {
    const unsigned r = pick(100);
    if (r < 90) return pick(64);
    if (r < 97) return kHardwareConfig.handles - 1 - pick(4);
    return kHardwareConfig.handles + pick(3);
  }

  std::uint16_t symbol() {
    return static_cast<std::uint16_t>(pick(50) == 0 ? kHardwareConfig.symbols : pick(2));
  }

  // Prices crowd around the middle of the symbol's band so books cross; some sit on the band's
  // ends or just past them.
  std::uint32_t price(std::uint16_t symbol) {
    const std::uint32_t base = band_base(symbol);
    const unsigned r = pick(100);
    if (r < 80) return base + 124 + pick(8);
    if (r < 88) return base + pick(3);
    if (r < 96) return base + kHardwareConfig.price_levels - 1 - pick(3);
    if (r < 98 || base == 0) return base + kHardwareConfig.price_levels + pick(2);
    return base - 1 - pick(2);
  }

  // The base this stream last moved the symbol's band to (0 for an unknown symbol). A move that
  // corrupt() then spoils leaves it stale: prices are only stimulus, the reference judges.
  std::uint32_t band_base(std::uint16_t symbol) const {
    return symbol < kHardwareConfig.symbols ? bases_[symbol] : 0;
  }

  // Band moves that overlap the old band by a word or more, that leave it, that go to the
  // highest base there is, and bases the core must refuse (misaligned, or a band past 2^32 - 1).
  void set_band(Command& c) {
    c.opcode = static_cast<std::uint8_t>(Opcode::SetBand);
    c.symbol = symbol();
    const std::uint32_t base = band_base(c.symbol);
    const std::uint32_t highest = 0u - kHardwareConfig.price_levels;
    const unsigned r = pick(100);
    if (r < 40) c.price = base + 64 * pick(4);
    else if (r < 70) c.price = base >= 192 ? base - 64 * pick(4) : 0;
    else if (r < 80) c.price = 0x80000000u + 64 * pick(3);
    else if (r < 88) c.price = highest - 64 * pick(2);
    else if (r < 94) c.price = base + 1 + pick(63);
    else c.price = highest + 64 * (1 + pick(3));
    const bool valid = c.symbol < kHardwareConfig.symbols && c.price % kBandAlign == 0 &&
                       c.price <= highest;
    if (valid) bases_[c.symbol] = c.price;
  }

  std::uint32_t quantity() {
    const unsigned r = pick(100);
    if (r < 85) return 1 + pick(20);
    if (r < 92) return kHardwareConfig.max_quantity - pick(2);
    if (r < 96) return 0;
    return kHardwareConfig.max_quantity + 1;
  }

  void new_order(Command& c) {
    c.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
    c.side = static_cast<std::uint8_t>(pick(2));
    c.symbol = symbol();
    c.handle = handle();
    c.quantity = quantity();
    c.account = pick(3);
    c.stp = static_cast<std::uint8_t>(pick(3) == 0 ? pick(4) : 0);
    const unsigned r = pick(100);
    if (r < 12) {
      c.order_type = static_cast<std::uint8_t>(OrderType::Market);
      c.tif = static_cast<std::uint8_t>(1 + pick(2));
    } else if (r < 22) {
      // Stops near the middle of the band trigger, in cascades; those far off fill the table.
      c.order_type = static_cast<std::uint8_t>(OrderType::Stop);
      c.tif = static_cast<std::uint8_t>(1 + pick(2));
      c.aux = stop_price(c.symbol);
    } else if (r < 32) {
      c.order_type = static_cast<std::uint8_t>(OrderType::StopLimit);
      c.price = price(c.symbol);
      c.tif = static_cast<std::uint8_t>(pick(3));
      c.aux = stop_price(c.symbol);
    } else {
      c.price = price(c.symbol);
      c.tif = static_cast<std::uint8_t>(r < 75 ? 0 : pick(3));
      if (r >= 75 && pick(2) == 0) {
        // An iceberg: a small peak (1 for the small quantities: a replenishment per unit), any
        // peak up to all of it, or a peak the core refuses (0, more than the quantity).
        c.flags = kFlagIceberg;
        c.tif = 0;
        const unsigned peak = pick(10);
        c.aux = peak < 3   ? 1 + c.quantity / 1000
                : peak < 8 ? 1 + pick(c.quantity + 1)
                : peak == 8 ? 0
                            : c.quantity + 1;
      }
    }
    if (pick(8) == 0) c.flags = static_cast<std::uint8_t>(c.flags | kFlagPostOnly);
    if (pick(30) == 0) c.tif = static_cast<std::uint8_t>(pick(3)); // invalid combinations too
  }

  // A burst of stops that never trigger (a buy stop above every price) into one symbol, on
  // handles of their own: more than its table holds.
  void stop_flood(Command& c) {
    --flood_left_;
    c.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
    c.order_type = static_cast<std::uint8_t>(OrderType::Stop);
    c.tif = static_cast<std::uint8_t>(TimeInForce::Ioc);
    c.symbol = flood_symbol_;
    c.handle = 2000 + pick(1000);
    c.quantity = 1 + pick(20);
    c.aux = 0xFFFFFFFFu;
  }

  std::uint32_t stop_price(std::uint16_t symbol) {
    const std::uint32_t base = band_base(symbol);
    const unsigned r = pick(10);
    if (r < 8) return base + 122 + pick(12);
    if (r < 9) return base + pick(3);
    return pick(2) == 0 ? 0 : 0xFFFFFFFFu;
  }

  // One field set to a value the validation must catch (or, sometimes, harmlessly accept).
  void corrupt(Command& c) {
    switch (pick(8)) {
    case 0: c.opcode = static_cast<std::uint8_t>(pick(2) == 0 ? 0 : 7 + pick(249)); break;
    case 1:
      c.version = static_cast<std::uint8_t>(pick(2) == 0 ? kProtocolVersion - 1
                                                         : kProtocolVersion + 1 + pick(3));
      break;
    case 2: c.reserved0 = 1; break;
    case 3: c.aux = 1u << pick(32); break;
    case 4: c.flags = static_cast<std::uint8_t>(1u << pick(8)); break;
    case 5: c.side = static_cast<std::uint8_t>(pick(4)); break;
    case 6: c.depth = static_cast<std::uint16_t>(1 + pick(3)); break;
    default: c.account = 1 + pick(3); break;
    }
  }

  std::mt19937_64 rng_;
  unsigned flood_left_ = 0;
  std::uint16_t flood_symbol_ = 0;
  std::uint32_t bases_[kHardwareConfig.symbols] = {};
};

} // namespace

std::vector<Command> make_edge_stream(std::uint64_t seed, std::size_t count) {
  EdgeStream stream(seed);
  std::vector<Command> commands;
  commands.reserve(count);
  for (std::size_t i = 0; i < count; ++i) commands.push_back(stream.next());
  return commands;
}

} // namespace twinmatch::hlstest
