// A seeded command stream aimed at the corners of the HLS core's tables: handles, prices and
// symbols at and past their limits (prices at and past their band's ends), crowded levels, every
// opcode, STP and TIF, band moves (overlapping, leaving the band, to the top of the 32-bit price
// range, and bases the core must refuse), plus commands with one field corrupted. It complements
// the tools generator's market-like scenarios.
#pragma once

#include <cstdint>
#include <vector>

#include "twinmatch/protocol.hpp"

namespace twinmatch::hlstest {

std::vector<Command> make_edge_stream(std::uint64_t seed, std::size_t count);

} // namespace twinmatch::hlstest
