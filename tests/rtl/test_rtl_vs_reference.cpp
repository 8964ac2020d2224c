// The RTL core against the reference model: byte-identical event streams (memcmp) on random
// command streams, with and without input gaps and output back-pressure, and under randomised
// initial X values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>

#include "rtl_test_util.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/tools/command_builders.hpp"
#include "twinmatch/tools/invariant_checker.hpp"
#include "twinmatch/sim/rtl_sim.hpp"

using namespace twinmatch;
using namespace twinmatch::rtl_test;
using namespace twinmatch::test;

namespace {

// A random stream that reaches every path of the core: a crowded price band so orders cross,
// handle reuse, every order type (icebergs, stops and stop-limits included, their stop prices in
// the same band so they trigger, enough of them to fill a book's pending stops) and STP mode,
// band moves (up, down, by more than the band, to the top of the price range, bad bases) with
// prices that follow the band, and a share of bad commands of every kind.
std::vector<Command> random_stream(std::uint64_t seed, std::size_t count) {
  std::mt19937_64 rng(seed);
  auto pick = [&](std::uint32_t lo, std::uint32_t hi) {
    return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
  };
  auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  std::vector<Command> commands;
  commands.reserve(count);
  std::uint32_t bases[2] = {0, 0};  // the band each SetBand of symbols 0 and 1 gave
  std::uint32_t burst = 0;  // far stops of symbol 0 still to place in a row (StopCapacity)
  for (std::size_t i = 0; i < count; ++i) {
    if (burst == 0 && chance(0.003)) burst = 18;
    if (burst > 0) {
      --burst;
      commands.push_back(stop(1000 + pick(0, 999), Side::Buy, pick(1, 5), bases[0] + 255,
                              TimeInForce::Ioc, pick(1, 3), 0));
      continue;
    }
    const std::uint32_t handle = chance(0.01) ? pick(4090, 4200) : pick(0, 300);
    const std::uint16_t symbol = static_cast<std::uint16_t>(chance(0.01) ? pick(4, 6) : pick(0, 1));
    const std::uint32_t base = bases[symbol % 2];
    const std::uint32_t price = base + (chance(0.01) ? pick(250, 300) : pick(120, 136));
    const std::uint32_t qty = chance(0.01) ? pick(999990, 1000010) : (chance(0.01) ? 0 : pick(1, 40));
    const std::uint32_t roll = pick(0, 99);
    Command c;
    if (roll < 55) {
      const Side side = chance(0.5) ? Side::Buy : Side::Sell;
      const auto tif = static_cast<TimeInForce>(chance(0.7) ? 0 : pick(1, 2));
      const auto stp = static_cast<StpMode>(chance(0.6) ? 0 : pick(1, 3));
      const bool post_only = chance(0.1);
      // Half the stops wait far from the trades, so that books fill up (StopCapacity).
      const std::uint32_t stop_price =
          base + (chance(0.5) ? pick(118, 138) : (side == Side::Buy ? pick(200, 255) : pick(0, 50)));
      const std::uint32_t kind = pick(0, 99);
      if (kind < 8) {
        c = market(handle, side, qty, static_cast<TimeInForce>(pick(0, 2)), symbol, pick(1, 3));
        c.stp = static_cast<std::uint8_t>(stp);
        c.flags = post_only ? kFlagPostOnly : 0;
      } else if (kind < 18) {
        // Mostly a good peak; now and then 0 or more than the quantity.
        const std::uint32_t peak = chance(0.9) ? pick(1, std::max(qty, 1u)) : pick(0, qty + 2);
        c = iceberg(handle, side, price, qty, peak, pick(1, 3));
        c.symbol = symbol;
        c.tif = static_cast<std::uint8_t>(chance(0.9) ? 0 : pick(1, 2));
      } else if (kind < 26) {
        c = stop(handle, side, qty, stop_price, static_cast<TimeInForce>(chance(0.9) ? pick(1, 2) : 0),
                 pick(1, 3), symbol);
        c.stp = static_cast<std::uint8_t>(tif == TimeInForce::Fok ? 0 : static_cast<int>(stp));
      } else if (kind < 34) {
        c = stop_limit(handle, side, price, qty, stop_price, tif, pick(1, 3), symbol);
        c.stp = static_cast<std::uint8_t>(stp);
      } else {
        c = limit(handle, side, price, qty, symbol, pick(1, 3), tif, stp, post_only);
      }
    } else if (roll < 75) {
      c = cancel(handle);
    } else if (roll < 90) {
      // A pending stop's modify gives a stop price (and a Stop no price); the wrong one now and
      // then.
      c = chance(0.2) ? modify_stop(handle, chance(0.5) ? 0 : price, qty, base + pick(118, 138))
                      : modify(handle, price, qty);
    } else if (roll < 92) {
      // Both draws happen whichever way the coin falls; without the flag the account is dropped.
      c = tools::mass_cancel_command(symbol, chance(0.5), pick(1, 3));
    } else if (roll < 94) {
      c = snapshot(symbol, static_cast<std::uint16_t>(pick(0, 3)));
    } else if (roll < 96) {
      // Mostly 64-tick steps that keep part of the book; now and then a jump to the top band, or
      // a base off the grid or past the end of the price range.
      std::uint32_t next = 64 * pick(0, 2);
      if (chance(0.05)) next = 0xFFFFFF00u;
      if (chance(0.05)) next = chance(0.5) ? 0xFFFFFFC0u : next + pick(1, 63);
      c = set_band(symbol, next);
      if (symbol < 2 && next % kBandAlign == 0 && next <= 0xFFFFFF00u) bases[symbol] = next;
    } else {
      // A bad command: one random byte of a good one changed.
      c = limit(handle, Side::Buy, price, qty, symbol);
      reinterpret_cast<std::uint8_t*>(&c)[pick(0, 31)] ^= static_cast<std::uint8_t>(pick(1, 255));
    }
    commands.push_back(c);
  }
  return commands;
}

void expect_identical(const std::vector<Event>& got, const std::vector<Event>& want) {
  REQUIRE(!want.empty());
  const std::string diff = first_difference(got, want);
  INFO(diff);
  REQUIRE(diff.empty());
  REQUIRE(std::memcmp(got.data(), want.data(), want.size() * sizeof(Event)) == 0);
}

} // namespace

TEST_CASE("rtl: random streams match the reference byte for byte", "[rtl][diff]") {
  for (std::uint64_t seed : {11u, 12u, 13u}) {
    const std::vector<Command> commands = random_stream(seed, 6000);
    const std::vector<Event> want = reference_events(sim::kRtlConfig, commands);
    sim::RtlSim rtl;
    std::vector<Event> got;
    rtl.run(commands, got);
    INFO("seed " << seed);
    expect_identical(got, want);
    // The stream reached every kind of event, cancel reason and core reject reason.
    std::set<int> types, cancels, rejects;
    for (const Event& e : got) {
      types.insert(e.type);
      if (e.type == static_cast<std::uint8_t>(EventType::Cancelled)) cancels.insert(e.reason);
      if (e.type == static_cast<std::uint8_t>(EventType::Rejected)) rejects.insert(e.reason);
    }
    CHECK(types.size() == 13);
    CHECK(cancels.size() == 7);
    CHECK(rejects.size() == 12);
    tools::InvariantChecker checker(sim::kRtlConfig);
    const auto violation = checker.check_stream(got);
    INFO(violation.value_or(""));
    CHECK(!violation.has_value());
  }
}

TEST_CASE("rtl: random streams with gaps and back-pressure match the reference", "[rtl][diff]") {
  const std::vector<Command> commands = random_stream(21, 4000);
  const std::vector<Event> want = reference_events(sim::kRtlConfig, commands);
  for (std::uint64_t seed : {1u, 2u}) {
    sim::RtlSimOptions options;
    options.gap_probability = 0.3;
    options.backpressure_probability = 0.5;
    options.seed = seed;
    sim::RtlSim rtl(options);
    std::vector<Event> got;
    rtl.run(commands, got);
    INFO("seed " << seed);
    expect_identical(got, want);
  }
}

TEST_CASE("rtl: randomised initial values do not change the events", "[rtl][x]") {
  const std::vector<Command> commands = random_stream(31, 3000);
  const std::vector<Event> want = reference_events(sim::kRtlConfig, commands);
  for (const char* seed : {"+verilator+seed+5", "+verilator+seed+77"}) {
    sim::RtlSimOptions options;
    options.plusargs = {seed, "+verilator+rand+reset+2"};
    sim::RtlSim rtl(options);
    std::vector<Event> got;
    rtl.run(commands, got);
    INFO(seed);
    expect_identical(got, want);
  }
}
