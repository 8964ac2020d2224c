// What the oracle says a stream causes, and the byte-for-byte comparison every host test uses.
#pragma once

#include <cstring>
#include <span>
#include <vector>

#include "reference/reference_model.hpp"

namespace twinmatch::test {

inline std::vector<Event> reference_events(const CoreConfig& config,
                                           std::span<const Command> commands) {
  ref::ReferenceModel model(config);
  std::vector<Event> events;
  for (const Command& command : commands) model.apply(command, events);
  return events;
}

inline bool same_bytes(const std::vector<Event>& a, const std::vector<Event>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Event)) == 0;
}

} // namespace twinmatch::test
