// Runs one command stream through the engine and the reference model and compares the two
// event streams byte for byte.
#pragma once

#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reference/reference_model.hpp"
#include "commands.hpp"
#include "support/event_text.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

namespace twinmatch::sw_test {

struct DiffResult {
  std::size_t events = 0;
  std::optional<std::string> mismatch; // where and how the streams first differ
};

inline DiffResult diff_against_reference(const CoreConfig& config, std::span<const Command> commands) {
  std::vector<Event> expected;
  std::vector<Event> actual;
  expected.reserve(commands.size() * 3);
  actual.reserve(commands.size() * 3);
  ref::ReferenceModel model(config);
  sw::Core<sw::VectorSink> core(config, actual);
  for (const Command& c : commands) model.apply(c, expected);
  core.apply(commands); // the batch path, as the backend and benchmarks run it
  DiffResult result;
  result.events = expected.size();
  const std::size_t common = std::min(expected.size(), actual.size());
  std::size_t first = 0;
  while (first < common && std::memcmp(&expected[first], &actual[first], sizeof(Event)) == 0) ++first;
  if (first == common && expected.size() == actual.size()) return result;

  std::string text = "streams differ at event " + std::to_string(first) + " (reference " +
                     std::to_string(expected.size()) + " events, engine " + std::to_string(actual.size()) + ")\n";
  const std::size_t from = first >= 3 ? first - 3 : 0;
  for (std::size_t i = from; i < first + 3; ++i) {
    text += "  #" + std::to_string(i) + "\n";
    text += "    ref: " + (i < expected.size() ? test::event_text(expected[i]) : std::string("-")) + "\n";
    text += "    sw:  " + (i < actual.size() ? test::event_text(actual[i]) : std::string("-")) + "\n";
  }
  if (first < expected.size()) {
    const Command& c = commands[expected[first].cmd_seq - 1];
    text += "  command " + std::to_string(expected[first].cmd_seq) + ": opcode " + std::to_string(c.opcode) +
            " handle " + std::to_string(c.handle) + " price " + std::to_string(c.price) + " qty " +
            std::to_string(c.quantity) + "\n";
  }
  result.mismatch = text;
  return result;
}

} // namespace twinmatch::sw_test
