// Generated sessions through the reference model, batch by batch, for the durable tests.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/durable/settlement.hpp"
#include "twinmatch/durable/state_codec.hpp"
#include "twinmatch/durable/checksums.hpp"

namespace twinmatch::test {

// Terms with a price scale, a taker fee and a maker rebate, so rounding happens in both directions.
inline durable::SettlementConfig test_terms(const CoreConfig& core) {
  return durable::SettlementConfig::uniform(core, {.base_price = 2500, .tick_value = 7,
                                                   .taker_bps = 25, .maker_bps = -8});
}

// An uninterrupted in-memory run: its events, and its state hash after each of the given numbers
// of commands (and after all of them).
struct UninterruptedRun {
  std::vector<Event> events;
  std::map<std::uint64_t, std::uint64_t> hash_after; // commands applied -> state hash

  UninterruptedRun(const CoreConfig& core, std::span<const Command> commands,
                   std::span<const std::uint64_t> cuts = {}) {
    durable::ReferenceEngine engine(core);
    std::string error;
    durable::Settlement ledger = *durable::Settlement::create(core, test_terms(core), error);
    const auto hash = [&] {
      durable::EngineState state;
      engine.export_state(state);
      return durable::fnv1a64(durable::encode_state(core, state, ledger));
    };
    const std::set<std::uint64_t> wanted(cuts.begin(), cuts.end());
    if (wanted.contains(0)) hash_after[0] = hash();
    for (std::uint64_t done = 1; done <= commands.size(); ++done) {
      const Command& command = commands[done - 1];
      const std::size_t first = events.size();
      engine.apply(command, events);
      if (!ledger.settle(command, std::span(events).subspan(first))) std::abort();
      if (wanted.contains(done) || done == commands.size()) hash_after[done] = hash();
    }
  }

  // The events of commands first+1 .. last (1-based command numbers).
  std::span<const Event> events_of(std::uint64_t first, std::uint64_t last) const {
    std::size_t begin = 0;
    while (begin < events.size() && events[begin].cmd_seq <= first) ++begin;
    std::size_t end = begin;
    while (end < events.size() && events[end].cmd_seq <= last) ++end;
    return std::span(events).subspan(begin, end - begin);
  }
};

} // namespace twinmatch::test
