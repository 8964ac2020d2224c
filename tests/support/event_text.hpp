// One line of text per event that names every non-zero field, so that comparing two such
// lines compares every byte of the two records (a field left out is zero).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "twinmatch/protocol.hpp"

namespace twinmatch::test {

std::string event_text(const Event& event);
std::vector<std::string> event_texts(const std::vector<Event>& events);

// Every field of one event, zero or not, numbering included: for the message of a failed byte
// comparison.
std::string describe(const Event& event);

// Empty when the two streams are byte-identical; else the first event that differs, both ways
// described, or the two lengths.
std::string first_difference(std::span<const Event> got, std::span<const Event> want);

} // namespace twinmatch::test
