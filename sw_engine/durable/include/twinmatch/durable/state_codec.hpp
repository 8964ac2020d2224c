// The canonical serialization of an engine's state plus its ledger: the payload of a snapshot
// and the bytes the state hash is taken over. Layout in docs/durability.md "Snapshots".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/durable/byte_codec.hpp"
#include "twinmatch/durable/engine_state.hpp"
#include "twinmatch/durable/settlement.hpp"

namespace twinmatch::durable {

void encode_engine_state(const CoreConfig& core, const EngineState& state, ByteWriter& out);
// False (with `error`) on a truncated encoding or one made for another configuration.
bool decode_engine_state(ByteReader& in, const CoreConfig& core, EngineState& state,
                         std::string& error);

std::vector<std::byte> encode_state(const CoreConfig& core, const EngineState& engine,
                                    const Settlement& ledger);
// Decodes a whole payload; `ledger` is replaced only on success. The bytes after the ledger are
// an engine's own section (JournaledEngineWithExtension): with `extension` they go there,
// without it they are an error.
bool decode_state(std::span<const std::byte> payload, const CoreConfig& core, EngineState& engine,
                  Settlement& ledger, std::string& error,
                  std::span<const std::byte>* extension = nullptr);

} // namespace twinmatch::durable
