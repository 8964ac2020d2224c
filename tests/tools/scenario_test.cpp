// Each scenario does what it promises, judged by running its stream through the reference model,
// on both the hardware and the CPU configuration; and every stream keeps the matching invariants.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "reference/reference_model.hpp"
#include "twinmatch/tools/invariant_checker.hpp"
#include "twinmatch/tools/event_tally.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

constexpr std::size_t kCommands = 20000;

struct ScenarioRun {
  std::vector<Command> commands;
  std::vector<Event> events;
  EventTally tally;
  ref::ReferenceModel model;

  ScenarioRun(const CoreConfig& config, Scenario scenario, std::uint64_t seed,
              std::size_t count = kCommands)
      : commands(generate(config, scenario, seed, count)), model(config) {
    for (const Command& command : commands) model.apply(command, events);
    tally = tally_events(events);
  }

  std::uint64_t events_of(EventType type) const {
    return tally.events_by_type[static_cast<std::size_t>(type)];
  }
  std::uint64_t cancels_for(CancelReason reason) const {
    return tally.cancels_by_reason[static_cast<std::size_t>(reason)];
  }
  std::uint64_t rejects_for(RejectReason reason) const {
    return tally.rejects_by_reason[static_cast<std::size_t>(reason)];
  }
};

// Distinct fill prices of each command that traded, by cmd_seq.
std::map<std::uint64_t, std::set<std::uint32_t>> fill_prices_by_command(
    const std::vector<Event>& events) {
  std::map<std::uint64_t, std::set<std::uint32_t>> prices;
  for (const Event& event : events) {
    if (event.type == static_cast<std::uint8_t>(EventType::Fill)) {
      prices[event.cmd_seq].insert(event.price);
    }
  }
  return prices;
}

std::size_t commands_sweeping_at_least(const std::vector<Event>& events, std::size_t levels) {
  const auto prices = fill_prices_by_command(events);
  return static_cast<std::size_t>(std::count_if(
      prices.begin(), prices.end(), [&](const auto& entry) { return entry.second.size() >= levels; }));
}

// Commands in which two or more stops triggered (a cascade, or several stops at one price).
std::size_t commands_triggering_several_stops(const std::vector<Event>& events) {
  std::map<std::uint64_t, std::size_t> triggers;
  for (const Event& event : events) {
    if (event.type == static_cast<std::uint8_t>(EventType::StopTriggered)) ++triggers[event.cmd_seq];
  }
  return static_cast<std::size_t>(std::count_if(triggers.begin(), triggers.end(),
                                                [](const auto& entry) { return entry.second >= 2; }));
}

bool any_command(const std::vector<Command>& commands, bool (*predicate)(const Command&)) {
  return std::any_of(commands.begin(), commands.end(), predicate);
}

const CoreConfig& config_named(const std::string& name) {
  return name == "hw" ? kHardwareConfig : kCpuConfig;
}

} // namespace

TEST_CASE("normal: a routine session with every kind of order", "[scenarios]") {
  const std::string config_name = GENERATE(std::string("hw"), std::string("cpu"));
  INFO("config " << config_name);
  const ScenarioRun run(config_named(config_name), Scenario::Normal, 11);

  const std::uint64_t accepted = run.events_of(EventType::Accepted);
  CHECK(accepted > kCommands / 2); // mostly new orders
  CHECK(fill_prices_by_command(run.events).size() > kCommands / 20); // over 5% of commands trade
  CHECK(run.cancels_for(CancelReason::User) > kCommands / 10);
  CHECK(run.events_of(EventType::Modified) > kCommands / 20);
  CHECK(run.cancels_for(CancelReason::ImmediateOrCancel) > 0);
  CHECK(run.cancels_for(CancelReason::FillOrKill) > 0);
  CHECK(run.cancels_for(CancelReason::MarketRemainder) > 0);
  CHECK(run.cancels_for(CancelReason::SelfTrade) > 0);
  CHECK(run.cancels_for(CancelReason::Mass) > 0);
  CHECK(run.events_of(EventType::SnapshotEnd) > 0);
  CHECK(run.events_of(EventType::MassCancelDone) > 0);
  CHECK(run.rejects_for(RejectReason::PostOnlyWouldCross) > 0);
  // A routine session sends well-formed commands: post-only crossings are its only rejects.
  CHECK(run.events_of(EventType::Rejected) == run.rejects_for(RejectReason::PostOnlyWouldCross));
  CHECK(run.events_of(EventType::Rejected) < kCommands / 20);
}

TEST_CASE("every scenario places icebergs and stops that trigger", "[scenarios][stops]") {
  const std::string config_name = GENERATE(std::string("hw"), std::string("cpu"));
  for (const Scenario scenario : kScenarios) {
    INFO(scenario_name(scenario) << " with config " << config_name);
    const ScenarioRun run(config_named(config_name), scenario, 18);
    const std::uint64_t new_orders = run.events_of(EventType::Accepted) + run.events_of(EventType::StopAccepted);
    const auto icebergs = static_cast<std::uint64_t>(std::count_if(
        run.events.begin(), run.events.end(), [](const Event& event) {
          return event.type == static_cast<std::uint8_t>(EventType::Accepted) && event.aux != 0;
        }));
    // A few per cent of the new orders each (quiet: fewer stops, further from the price, so
    // fewer trigger; adversarial: more, as it floods books with stops).
    const std::uint64_t stops = run.events_of(EventType::StopAccepted);
    CHECK(icebergs * 100 > new_orders);
    CHECK(icebergs * 100 < new_orders * 8);
    CHECK(stops * 200 > new_orders);
    if (scenario != Scenario::Adversarial) CHECK(stops * 100 < new_orders * 8);
    CHECK(run.events_of(EventType::StopTriggered) > stops / (scenario == Scenario::Quiet ? 8 : 4));
    CHECK(run.events_of(EventType::Replenished) > 0);
    CHECK(any_command(run.commands, [](const Command& c) {
      return c.opcode == static_cast<std::uint8_t>(Opcode::Modify) && c.aux != 0;
    }));
    if (scenario != Scenario::Quiet) CHECK(commands_triggering_several_stops(run.events) > 0);
  }
}

TEST_CASE("quiet: a deep book that rarely trades", "[scenarios]") {
  const std::string config_name = GENERATE(std::string("hw"), std::string("cpu"));
  INFO("config " << config_name);
  const CoreConfig& config = config_named(config_name);
  const ScenarioRun run(config, Scenario::Quiet, 12);

  CHECK(fill_prices_by_command(run.events).size() < kCommands / 50); // under 2% of commands trade
  CHECK(run.events_of(EventType::Rejected) < kCommands / 100);
  std::size_t resting_levels = 0;
  for (std::uint16_t symbol = 0; symbol < config.symbols; ++symbol) {
    resting_levels += run.model.levels(symbol, Side::Buy).size();
    resting_levels += run.model.levels(symbol, Side::Sell).size();
  }
  // Deep: at the end a side of a book holds orders at 20 or more prices, on average.
  CHECK(resting_levels >= 20 * 2 * config.symbols);
}

TEST_CASE("volatile: the price swings by more than 25% and many orders sweep", "[scenarios]") {
  const std::string config_name = GENERATE(std::string("hw"), std::string("cpu"));
  INFO("config " << config_name);
  const CoreConfig& config = config_named(config_name);
  const ScenarioRun run(config, Scenario::Volatile, 13);

  struct TradedRange {
    std::uint32_t low = ~0u;
    std::uint32_t high = 0;
    std::size_t fills = 0;
  };
  std::map<std::uint16_t, TradedRange> ranges;
  for (const Event& event : run.events) {
    if (event.type != static_cast<std::uint8_t>(EventType::Fill)) continue;
    TradedRange& range = ranges[event.symbol];
    range.low = std::min(range.low, event.price);
    range.high = std::max(range.high, event.price);
    ++range.fills;
  }
  // Judged on symbols that traded often enough to follow the mid: the CPU configuration's
  // 64 books share 20000 commands, most of them going to a few busy symbols.
  std::size_t symbols_judged = 0;
  for (const auto& [symbol, range] : ranges) {
    if (range.fills < 100) continue;
    ++symbols_judged;
    INFO("symbol " << symbol << " traded from " << range.low << " to " << range.high);
    CHECK(range.high * 4 > range.low * 5); // high > 1.25 * low
  }
  CHECK(symbols_judged >= 4);
  CHECK(commands_sweeping_at_least(run.events, 3) > kCommands / 100);
}

TEST_CASE("adversarial: every reject the core can emit, and every kind of malformed record",
          "[scenarios]") {
  const std::string config_name = GENERATE(std::string("hw"), std::string("cpu"));
  INFO("config " << config_name);
  const ScenarioRun run(config_named(config_name), Scenario::Adversarial, 14);

  for (std::uint8_t reason = 1; reason <= static_cast<std::uint8_t>(RejectReason::StopCapacity);
       ++reason) {
    if (reason == static_cast<std::uint8_t>(RejectReason::CapacityExhausted) ||
        reason == static_cast<std::uint8_t>(RejectReason::DuplicateOrderId)) {
      continue;
    }
    // A CPU book holds 4096 pending stops: the scenario fills only the hardware's 16.
    if (reason == static_cast<std::uint8_t>(RejectReason::StopCapacity) && config_name == "cpu") continue;
    INFO("reject reason " << int{reason});
    CHECK(run.tally.rejects_by_reason[reason] > 0);
  }
  CHECK(run.events_of(EventType::BandSet) > 0);
  CHECK(run.cancels_for(CancelReason::BandMoved) > 0);
  // Only the id-mapping layers emit these, never a core.
  CHECK(run.rejects_for(RejectReason::CapacityExhausted) == 0);
  CHECK(run.rejects_for(RejectReason::DuplicateOrderId) == 0);

  const auto& commands = run.commands;
  CHECK(any_command(commands, [](const Command& c) { return c.opcode == 0 || c.opcode > 6; }));
  CHECK(any_command(commands, [](const Command& c) { return c.version != kProtocolVersion; }));
  CHECK(any_command(commands, [](const Command& c) { return c.reserved0 != 0; }));
  CHECK(any_command(commands, [](const Command& c) { return c.aux != 0; }));
  CHECK(any_command(commands, [](const Command& c) { return c.side > 1; }));
  CHECK(any_command(commands, [](const Command& c) { return c.order_type > 3; }));
  CHECK(any_command(commands, [](const Command& c) {
    return c.version == kOldestProtocolVersion && (c.order_type > 1 || (c.flags & kFlagIceberg) != 0 || c.aux != 0);
  }));
  CHECK(any_command(commands, [](const Command& c) { return c.tif > 2; }));
  CHECK(any_command(commands, [](const Command& c) { return c.stp > 3; }));
  CHECK(any_command(commands, [](const Command& c) { return (c.flags & ~0x07) != 0; }));
  CHECK(any_command(commands, [](const Command& c) {
    return c.opcode == static_cast<std::uint8_t>(Opcode::Cancel) && c.price != 0;
  }));
}

TEST_CASE("adversarial: cancel storms and sweeps through many levels", "[scenarios]") {
  const ScenarioRun run(kHardwareConfig, Scenario::Adversarial, 15);

  std::size_t longest_cancel_run = 0;
  std::size_t current = 0;
  for (const Command& command : run.commands) {
    current = command.opcode == static_cast<std::uint8_t>(Opcode::Cancel) ? current + 1 : 0;
    longest_cancel_run = std::max(longest_cancel_run, current);
  }
  CHECK(longest_cancel_run >= 20);
  CHECK(commands_sweeping_at_least(run.events, 10) > 0);
  CHECK(run.cancels_for(CancelReason::User) > 0);
  CHECK(run.rejects_for(RejectReason::UnknownHandle) > 0); // cancels of filled or unknown orders
}

TEST_CASE("banded: prices far from zero, a mid that travels, a band that follows it",
          "[scenarios][band]") {
  const std::string config_name = GENERATE(std::string("hw"), std::string("cpu"));
  INFO("config " << config_name);
  const CoreConfig& config = config_named(config_name);
  const ScenarioRun run(config, Scenario::Banded, 17);

  std::map<std::uint16_t, std::set<std::uint32_t>> bases;
  for (const Event& event : run.events) {
    if (event.type == static_cast<std::uint8_t>(EventType::BandSet)) bases[event.symbol].insert(event.price);
  }
  // The busy symbols' bands move many times, over more than two band widths, far from zero.
  std::size_t travelled = 0;
  for (const auto& [symbol, seen] : bases) {
    CHECK(*seen.begin() >= 900'000'000u);
    if (seen.size() >= 8 && *seen.rbegin() - *seen.begin() > 2 * config.price_levels) ++travelled;
  }
  CHECK(travelled >= 4);
  CHECK(run.cancels_for(CancelReason::BandMoved) > 0);
  CHECK(commands_sweeping_at_least(run.events, 3) > 0);
  // Every command is well-formed and inside its band: the only rejects are post-only crosses.
  const std::uint64_t rejects = run.events_of(EventType::Rejected);
  CHECK(rejects == run.rejects_for(RejectReason::PostOnlyWouldCross));
  CHECK(run.events_of(EventType::Fill) > kCommands / 10);
}

TEST_CASE("every scenario keeps the matching invariants", "[scenarios][invariants]") {
  const std::string config_name = GENERATE(std::string("hw"), std::string("cpu"));
  const CoreConfig& config = config_named(config_name);
  const std::size_t count = kCommands;
  std::vector<Scenario> scenarios(kScenarios.begin(), kScenarios.end());
  scenarios.insert(scenarios.end(), kExtraScenarios.begin(), kExtraScenarios.end());
  for (const Scenario scenario : scenarios) {
    INFO(scenario_name(scenario) << " with config " << config_name);
    const ScenarioRun run(config, scenario, 16, count);
    tools::InvariantChecker checker(config);
    CHECK(checker.check_stream(run.events).value_or("no violation") == "no violation");
    CHECK(checker.commands_checked() == count);
  }
}

