// Byte-for-byte comparison of the HLS core with the reference model on one command stream.
#pragma once

#include <span>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlstest {

// Runs `commands` through a fresh HLS core of `config` (kHardwareConfig or hlscore::kVenueConfig,
// the two sizes it is built for) and a fresh reference model, requires the two event streams to
// be identical (memcmp) and the invariant checker to accept the HLS stream.
// Returns the HLS core's events.
std::vector<Event> require_identical_to_reference(std::span<const Command> commands,
                                                  const CoreConfig& config = kHardwareConfig);

// Requires two event streams to be identical, naming the first differing event.
void require_identical(std::span<const Event> expected, std::span<const Event> actual,
                       const char* expected_name, const char* actual_name);

} // namespace twinmatch::hlstest
