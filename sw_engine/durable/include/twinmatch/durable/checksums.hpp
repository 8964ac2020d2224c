// The two checksums of the durable formats (docs/durability.md):
// CRC-32C guards every journal record and snapshot against torn writes and bit rot;
// FNV-1a 64 over the canonical state serialization is the state's identity (its "state hash").
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace twinmatch::durable {

// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), initial value and final
// xor 0xFFFFFFFF: the iSCSI / ext4 / RocksDB CRC. crc32c("123456789") == 0xE3069283.
std::uint32_t crc32c(std::span<const std::byte> bytes);

// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
inline constexpr std::uint64_t kFnv1aBasis = 0xcbf29ce484222325ull;
inline constexpr std::uint64_t kFnv1aPrime = 0x100000001b3ull;

inline std::uint64_t fnv1a64(std::span<const std::byte> bytes, std::uint64_t hash = kFnv1aBasis) {
  for (const std::byte byte : bytes) {
    hash ^= static_cast<std::uint64_t>(byte);
    hash *= kFnv1aPrime;
  }
  return hash;
}

} // namespace twinmatch::durable
