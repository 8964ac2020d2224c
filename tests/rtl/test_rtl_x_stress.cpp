// X robustness and full-table stress of the RTL core against the reference model.
//
// X: the models are built with --x-assign unique --x-initial unique, so every X the RTL could
// produce becomes a value that depends on the run-time seed. Every output beat must be the same
// under every seed (all-zero, all-one and randomised initial values) and equal to the reference:
// an X reaching any byte of any beat, reserved bytes included, shows up as a difference.
//
// Full table: every handle resting at once, a snapshot and a mass cancel of full books, and one
// order that sweeps every level of a band (the largest event burst of one command), byte for
// byte against the reference, also under input gaps and output back-pressure.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>

#include "support/event_text.hpp"
#include "support/model_driver.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/command_builders.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

using namespace twinmatch;

namespace {

std::vector<Event> run_rtl(const CoreConfig& config, const std::vector<Command>& commands,
                           const sim::RtlSimOptions& options) {
  sim::RtlSim rtl(options, config);
  std::vector<Event> got;
  rtl.run(commands, got);
  return got;
}

void expect_same_stream(const std::vector<Event>& got, const std::vector<Event>& want) {
  INFO(test::first_difference(got, want));
  REQUIRE(got.size() == want.size());
  REQUIRE(std::memcmp(got.data(), want.data(), want.size() * sizeof(Event)) == 0);
}

// Initial values: none given (all zero), all ones, and randomised under several seeds; every
// other run also with input gaps and output back-pressure.
std::vector<std::pair<std::string, sim::RtlSimOptions>> x_variants(int random_seeds) {
  std::vector<std::pair<std::string, sim::RtlSimOptions>> variants;
  variants.emplace_back("all zero", sim::RtlSimOptions{});
  sim::RtlSimOptions ones;
  ones.plusargs = {"+verilator+rand+reset+1"};
  variants.emplace_back("all one", ones);
  for (int seed = 1; seed <= random_seeds; ++seed) {
    sim::RtlSimOptions options;
    options.plusargs = {"+verilator+seed+" + std::to_string(seed * 101), "+verilator+rand+reset+2"};
    if (seed % 2 == 0) {
      options.gap_probability = 0.2;
      options.backpressure_probability = 0.4;
      options.seed = static_cast<std::uint64_t>(seed);
    }
    variants.emplace_back("random seed " + std::to_string(seed * 101), options);
  }
  return variants;
}

void check_x_free(const CoreConfig& config, const std::vector<Command>& commands, int random_seeds) {
  const std::vector<Event> want = test::reference_events(config, commands);
  std::vector<Event> first;
  for (const auto& [name, options] : x_variants(random_seeds)) {
    const std::vector<Event> got = run_rtl(config, commands, options);
    INFO("initial values: " << name);
    expect_same_stream(got, want);
    if (first.empty()) {
      first = got;
    } else {
      // Beat by beat against the first run: the same 64 bytes whatever the initial values.
      for (std::size_t beat = 0; beat < got.size(); ++beat) {
        INFO("beat " << beat);
        REQUIRE(std::memcmp(&got[beat], &first[beat], sizeof(Event)) == 0);
      }
    }
  }
}

// Every handle resting (spread over every symbol, both sides, every level of each half of the
// band; bases other than 0 for all but symbol 0), snapshots and a refused order on the full
// table, mass cancels of full books; then per symbol one order that sweeps every other level of
// the band and rests its remainder on the last one.
std::vector<Command> full_table_stream(const CoreConfig& config) {
  const std::uint32_t levels = config.price_levels;
  const std::uint32_t half = levels / 2;
  std::vector<Command> commands;
  std::vector<std::uint32_t> base(config.symbols);
  for (std::uint32_t symbol = 0; symbol < config.symbols; ++symbol) {
    base[symbol] = symbol * kBandAlign * 3;
    commands.push_back(tools::set_band_command(static_cast<std::uint16_t>(symbol), base[symbol]));
  }

  for (std::uint32_t handle = 0; handle < config.handles; ++handle) {
    const std::uint32_t symbol = handle % config.symbols;
    const bool buy = (handle / config.symbols) % 2 == 0;
    const std::uint32_t rank = handle / (config.symbols * 2);
    tools::OrderTerms terms;
    terms.symbol = static_cast<std::uint16_t>(symbol);
    terms.handle = handle;
    terms.side = buy ? Side::Buy : Side::Sell;
    terms.price = base[symbol] + (buy ? rank % half : half + rank % half);
    terms.quantity = 1 + handle % std::min<std::uint32_t>(config.max_quantity, 7);
    terms.account = handle % 5;
    commands.push_back(tools::new_order_command(terms));
  }
  tools::OrderTerms refused;  // every handle is in use
  refused.handle = config.handles / 2;
  refused.price = base[0];
  refused.quantity = 1;
  commands.push_back(tools::new_order_command(refused));
  for (std::uint32_t symbol = 0; symbol < config.symbols; ++symbol) {
    commands.push_back(tools::snapshot_command(static_cast<std::uint16_t>(symbol),
                                               static_cast<std::uint16_t>(std::min(levels, 65535u))));
  }
  for (std::uint32_t symbol = 0; symbol < config.symbols; ++symbol) {
    commands.push_back(tools::mass_cancel_command(static_cast<std::uint16_t>(symbol), false, 0));
  }

  // The sweeps: levels - 1 makers, one per level, and a taker for the largest quantity.
  const std::uint32_t maker_qty = std::max<std::uint32_t>(1, config.max_quantity / (levels - 1));
  for (std::uint32_t symbol = 0; symbol < config.symbols; ++symbol) {
    const bool taker_buys = symbol % 2 == 0;
    for (std::uint32_t level = 0; level + 1 < levels; ++level) {
      tools::OrderTerms maker;
      maker.symbol = static_cast<std::uint16_t>(symbol);
      maker.handle = level;
      maker.side = taker_buys ? Side::Sell : Side::Buy;
      maker.price = base[symbol] + (taker_buys ? level : level + 1);
      maker.quantity = maker_qty;
      maker.account = 1;
      commands.push_back(tools::new_order_command(maker));
    }
    tools::OrderTerms taker;
    taker.symbol = static_cast<std::uint16_t>(symbol);
    taker.handle = levels - 1;
    taker.side = taker_buys ? Side::Buy : Side::Sell;
    taker.price = base[symbol] + (taker_buys ? levels - 1 : 0);
    taker.quantity = config.max_quantity;
    taker.account = 2;
    commands.push_back(tools::new_order_command(taker));
    commands.push_back(tools::mass_cancel_command(static_cast<std::uint16_t>(symbol), false, 0));
  }
  return commands;
}

void check_full_table(const CoreConfig& config) {
  REQUIRE(config.handles >= config.price_levels);  // one maker per level, and the taker
  const std::vector<Command> commands = full_table_stream(config);
  const std::vector<Event> want = test::reference_events(config, commands);

  // The stream does what it is for: every handle rested, and one command made a fill per level.
  std::map<std::uint64_t, std::size_t> fills_per_command;
  std::size_t accepted = 0;
  for (const Event& event : want) {
    if (event.type == static_cast<std::uint8_t>(EventType::Fill)) ++fills_per_command[event.cmd_seq];
    if (event.type == static_cast<std::uint8_t>(EventType::Accepted) &&
        event.cmd_seq <= config.symbols + config.handles) {
      ++accepted;
    }
  }
  CHECK(accepted == config.handles);
  std::size_t largest_sweep = 0;
  for (const auto& [cmd_seq, fills] : fills_per_command) largest_sweep = std::max(largest_sweep, fills);
  CHECK(largest_sweep == config.price_levels - 1);

  sim::RtlSimOptions stalls;
  stalls.gap_probability = 0.2;
  stalls.backpressure_probability = 0.5;
  stalls.seed = 3;
  for (const sim::RtlSimOptions& options : {sim::RtlSimOptions{}, stalls}) {
    const std::vector<Event> got = run_rtl(config, commands, options);
    expect_same_stream(got, want);
  }
  tools::InvariantChecker checker(config);
  const auto violation = checker.check_stream(want);
  INFO(violation.value_or(""));
  CHECK(!violation.has_value());
}

} // namespace

TEST_CASE("rtl x: every output beat is the same under every initial value", "[rtl][x]") {
  const auto adversarial = tools::generate(sim::kRtlConfig, tools::Scenario::Adversarial, 41, 8000);
  check_x_free(sim::kRtlConfig, adversarial, 16);
  const auto banded = tools::generate(sim::kRtlConfig, tools::Scenario::Banded, 42, 8000);
  check_x_free(sim::kRtlConfig, banded, 8);
}

TEST_CASE("rtl tiny x: every output beat is the same under every initial value", "[rtl][x][tiny]") {
  for (tools::Scenario scenario : tools::kScenarios) {
    INFO(tools::scenario_name(scenario));
    check_x_free(sim::kRtlTinyConfig, tools::generate(sim::kRtlTinyConfig, scenario, 43, 5000), 6);
  }
}

TEST_CASE("rtl x: the full-table stream is the same under every initial value", "[rtl][x][stress]") {
  check_x_free(sim::kRtlTinyConfig, full_table_stream(sim::kRtlTinyConfig), 6);
}

TEST_CASE("rtl tiny stress: every handle resting, a sweep of every level", "[rtl][stress][tiny]") {
  check_full_table(sim::kRtlTinyConfig);
}

TEST_CASE("rtl stress: every handle resting, a sweep of every level", "[rtl][stress]") {
  check_full_table(sim::kRtlConfig);
}
