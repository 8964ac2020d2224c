// Compares two event streams record by record (memcmp of the 64-byte records) and describes the
// first place where they part.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "twinmatch/protocol.hpp"

namespace twinmatch::tools {

struct EventDivergence {
  std::size_t index;          // of the first differing record, from 0
  std::optional<Event> left;  // absent when the left stream ended first
  std::optional<Event> right; // absent when the right stream ended first
};

// Nothing when the streams are byte-identical.
std::optional<EventDivergence> first_divergence(std::span<const Event> left,
                                                std::span<const Event> right);

// Several lines: the index, then each field of both records, differing fields marked.
std::string describe_divergence(const EventDivergence& divergence, std::string_view left_name,
                                std::string_view right_name);

} // namespace twinmatch::tools
