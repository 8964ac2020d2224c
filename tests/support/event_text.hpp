// One line of text per event that names every non-zero field, so that comparing two such
// lines compares every byte of the two records (a field left out is zero).
#pragma once

#include <string>
#include <vector>

#include "twinmatch/protocol.hpp"

namespace twinmatch::test {

std::string event_text(const Event& event);
std::vector<std::string> event_texts(const std::vector<Event>& events);

} // namespace twinmatch::test
