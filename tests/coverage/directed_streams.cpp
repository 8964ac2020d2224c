// The directed command streams of the coverage gate (docs/verification.md, "Functional
// coverage"): the bins the generated scenarios do not reach, each reached on purpose. Writes
// edges.cmds and capacity.cmds (hardware configuration) into the directory given (made if missing).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/tools/command_builders.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace {

using namespace twinmatch;
using tools::OrderTerms;

constexpr CoreConfig kConfig = kHardwareConfig;
constexpr std::uint32_t kTopBase = 0xFFFFFFFFu - kConfig.price_levels + 1; // band ends at 2^32 - 1

Command order(std::uint16_t symbol, std::uint32_t handle, Side side, std::uint32_t price,
              std::uint32_t quantity, std::uint32_t account = 1, StpMode stp = StpMode::None) {
  return tools::new_order_command(OrderTerms{.symbol = symbol, .handle = handle, .side = side,
                                             .stp = stp, .price = price, .quantity = quantity,
                                             .account = account});
}

// `count` sells of quantity 1 on `count` consecutive prices from `price`, handles from `handle`.
void ladder(std::vector<Command>& out, std::uint32_t handle, std::uint32_t price, std::uint32_t count) {
  for (std::uint32_t i = 0; i < count; ++i) out.push_back(order(0, handle + i, Side::Sell, price + i, 1, 2));
}

// Every order type x tif x post-only x stp on symbol 1 (the illegal ones are rejected
// InvalidCombination; the 14 legal stop shapes wait, pending, for a trade at 150 that symbol 1
// never has), sweeps and modifies that cross many levels, self-trade through a modify, and the
// edges of handles, symbols, quantities and the band.
std::vector<Command> edges() {
  std::vector<Command> out;
  std::uint32_t handle = 1000;
  for (std::uint8_t type = 0; type < 4; ++type) {
    const bool stop = type >= static_cast<std::uint8_t>(OrderType::Stop);
    for (std::uint8_t tif = 0; tif < 3; ++tif) {
      for (bool post_only : {false, true}) {
        for (std::uint8_t stp = 0; stp < 4; ++stp) {
          out.push_back(tools::new_order_command(OrderTerms{
              .symbol = 1, .handle = handle++, .side = Side::Buy, .type = static_cast<OrderType>(type),
              .tif = static_cast<TimeInForce>(tif), .post_only = post_only, .stp = static_cast<StpMode>(stp),
              .price = 100, .quantity = 1, .account = 1, .aux = stop ? 150u : 0u}));
        }
      }
    }
  }

  // Modify sweeps of 20, 2, 3 and 6 fills, each fill on its own level; a new order of 20.
  struct ModifySweep {
    std::uint32_t first_maker, first_price, levels, taker, resting_price;
  };
  for (const ModifySweep& sweep : {ModifySweep{100, 100, 20, 200, 90}, ModifySweep{120, 130, 2, 201, 91},
                                   ModifySweep{130, 140, 3, 202, 92}, ModifySweep{140, 150, 6, 203, 93}}) {
    ladder(out, sweep.first_maker, sweep.first_price, sweep.levels);
    out.push_back(order(0, sweep.taker, Side::Buy, sweep.resting_price, sweep.levels, 3));
    out.push_back(tools::modify_command(sweep.taker, sweep.first_price + sweep.levels - 1, sweep.levels));
  }
  ladder(out, 150, 160, 20);
  out.push_back(tools::new_order_command(OrderTerms{.symbol = 0, .handle = 204, .side = Side::Buy,
                                                    .tif = TimeInForce::Ioc, .price = 179, .quantity = 20,
                                                    .account = 3}));

  // A modify that meets its own account's resting order: cancel resting, then cancel incoming.
  out.push_back(order(0, 300, Side::Sell, 200, 5, 7));
  out.push_back(order(0, 301, Side::Buy, 190, 5, 7, StpMode::CancelResting));
  out.push_back(tools::modify_command(301, 200, 5));
  out.push_back(order(0, 302, Side::Sell, 210, 5, 7));
  out.push_back(order(0, 303, Side::Buy, 195, 5, 7, StpMode::CancelIncoming));
  out.push_back(tools::modify_command(303, 210, 5));

  // Handles, symbols and quantities at and just past their limits.
  out.push_back(order(kConfig.symbols - 1, 0, Side::Buy, 10, kConfig.max_quantity));
  out.push_back(order(kConfig.symbols - 1, kConfig.handles - 1, Side::Sell, 20, 1));
  out.push_back(order(kConfig.symbols - 1, kConfig.handles, Side::Sell, 20, 1));
  out.push_back(order(kConfig.symbols, 5, Side::Sell, 20, 1));
  out.push_back(order(kConfig.symbols - 1, 5, Side::Sell, 20, kConfig.max_quantity + 1));
  out.push_back(tools::set_band_command(kConfig.symbols, 0));

  // The band's edges after a move, then the highest band and its top price.
  out.push_back(tools::set_band_command(2, 640));
  out.push_back(order(2, 400, Side::Buy, 640, 1));
  out.push_back(order(2, 401, Side::Sell, 640 + kConfig.price_levels - 1, 1));
  out.push_back(order(2, 402, Side::Buy, 639, 1));
  out.push_back(order(2, 403, Side::Sell, 640 + kConfig.price_levels, 1));
  out.push_back(tools::set_band_command(2, kTopBase));
  out.push_back(order(2, 404, Side::Sell, 0xFFFFFFFFu, 1));
  out.push_back(tools::set_band_command(2, kTopBase + kConfig.price_levels));
  out.push_back(tools::set_band_command(2, kTopBase + 1));
  return out;
}

// Every handle resting at the largest quantity, most of them on one level: the table full and a
// level total past 2^31; then a long snapshot, a long mass cancel and a long band move as the stream's last
// commands (so no command waits behind them and the input stays idle while they run).
std::vector<Command> capacity() {
  std::vector<Command> out;
  for (std::uint32_t handle = 0; handle < kConfig.handles; ++handle) {
    // 2,200 x 1,000,000 on price 50 passes 2^31; the rest spread over 63 more levels.
    out.push_back(order(1, handle, Side::Buy, handle < 2200 ? 50 : 50 + handle % 64, kConfig.max_quantity));
  }
  out.push_back(order(1, 0, Side::Sell, 60, 1)); // HandleInUse: every handle rests
  out.push_back(tools::snapshot_command(1, 0));
  out.push_back(tools::mass_cancel_command(1, false, 0));
  for (std::uint32_t handle = 0; handle < 512; ++handle) {
    out.push_back(order(0, handle, handle % 2 == 0 ? Side::Buy : Side::Sell,
                        handle % 2 == 0 ? 10 + handle % 100 : 150 + handle % 100, 1));
  }
  out.push_back(tools::set_band_command(0, 4096));
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: coverage_directed_streams OUTPUT_DIRECTORY\n");
    return 2;
  }
  const std::string directory = argv[1];
  std::string error;
  std::error_code made;
  std::filesystem::create_directories(directory, made);
  for (const auto& [name, commands] : {std::pair{"edges.cmds", edges()}, std::pair{"capacity.cmds", capacity()}}) {
    if (!tools::write_command_stream(directory + "/" + name, kConfig, commands, error)) {
      std::fprintf(stderr, "coverage_directed_streams: %s\n", error.c_str());
      return 2;
    }
  }
  return 0;
}
