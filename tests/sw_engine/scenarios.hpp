// Named stream shapes and configurations for the differential runs (tests and soak).
#pragma once

#include <string_view>
#include <vector>

#include "random_stream.hpp"

namespace twinmatch::sw_test {

struct Scenario {
  std::string_view name;
  CoreConfig config;
  StreamShape shape;
};

inline std::vector<Scenario> scenarios() {
  std::vector<Scenario> list;
  list.push_back({"hardware-default", kHardwareConfig, StreamShape{}});

  StreamShape crossing; // takers sweep deep books: market, IOC, FOK and large quantities
  crossing.spread = 6;
  crossing.max_quantity = 400;
  crossing.market = 15;
  crossing.ioc = 25;
  crossing.fok = 15;
  list.push_back({"heavy-crossing", kHardwareConfig, crossing});

  StreamShape self_trade; // few accounts, prevention on most orders
  self_trade.accounts = 2;
  self_trade.stp = 80;
  self_trade.spread = 4;
  list.push_back({"self-trade", kHardwareConfig, self_trade});

  StreamShape churn; // cancels and modifies dominate, books stay thin, handles recycle fast
  churn.new_order = 400;
  churn.cancel = 300;
  churn.modify = 280;
  churn.post_only = 40;
  list.push_back({"cancel-modify-churn", CoreConfig{4, 256, 64, 1000}, churn});

  StreamShape wide; // sparse books over a wide price range, many symbols, snapshots, mass cancels
  wide.symbols = 8;
  wide.spread = 5000;
  wide.max_quantity = 100000;
  wide.snapshot = 40;
  wide.mass_cancel = 10;
  list.push_back({"wide-sparse", CoreConfig{8, 16384, 8192, 1000000}, wide});

  StreamShape garbage; // a third of the commands are corrupted or out of range
  garbage.garbage = 500;
  list.push_back({"bad-input", CoreConfig{3, 100, 32, 100}, garbage});

  StreamShape tiny; // edge sizes: one price level per 64-bit word boundary, capacity near full
  tiny.symbols = 1;
  tiny.spread = 40;
  list.push_back({"odd-sizes", CoreConfig{1, 65, 16, 7}, tiny});

  // The widest band, 2^32 - 1 ticks from base 0, traded far from zero and over a range wider
  // than the hardware's whole band: the engine's cost and memory must not depend on the width.
  constexpr CoreConfig kWidestBand{4, 0xFFFFFFFFu, 4096, 1000000};
  StreamShape high; // near 4,000,000,000
  high.mid = 4'000'000'000;
  high.spread = 300;
  list.push_back({"widest-band-high-prices", kWidestBand, high});
  StreamShape spread_out; // 27,000 .. 66,000: hundreds of 64-tick blocks, a page boundary
  spread_out.mid = 46'500;
  spread_out.spread = 19'500;
  spread_out.snapshot = 30;
  spread_out.mass_cancel = 10;
  list.push_back({"widest-band-spread-out", kWidestBand, spread_out});
  return list;
}

} // namespace twinmatch::sw_test
