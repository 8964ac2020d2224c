// Snapshot files: the canonical state after a given command, with its state hash, written
// atomically (temporary file, fsync, rename, fsync of the directory).
// Byte layout in docs/durability.md "Snapshots".
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace twinmatch::durable {

inline constexpr char kSnapshotMagic[8] = {'T', 'M', 'S', 'N', 'A', 'P', '1', '\0'};
// 2: the books' bands; 3: stop_orders, icebergs' peak and displayed part, pending stops, last
// trade prices. A snapshot of another version is refused (recovery falls back as for a corrupt one).
inline constexpr std::uint16_t kSnapshotFormatVersion = 3;
inline constexpr std::size_t kSnapshotHeaderSize = 48;

struct SnapshotFile {
  std::string path;
  std::uint64_t command_seq; // the last command the state includes
};

// "snapshot-<command_seq, 20 digits>.tms": names sort in command order.
std::string snapshot_file_name(std::uint64_t command_seq);

std::vector<std::byte> encode_snapshot(std::uint64_t command_seq, std::span<const std::byte> payload);
bool write_snapshot(const std::string& dir, std::uint64_t command_seq,
                    std::span<const std::byte> payload, std::string& error);

// The snapshots in `dir`, newest first (by the sequence number in their names).
std::vector<SnapshotFile> list_snapshots(const std::string& dir);

struct SnapshotContents {
  std::uint64_t command_seq = 0;
  std::uint64_t state_hash = 0;
  std::vector<std::byte> payload;
};

// Checks the header CRC, the payload CRC and the state hash; false with the failed check.
bool decode_snapshot(std::span<const std::byte> bytes, std::string_view source,
                     SnapshotContents& contents, std::string& error);
bool read_snapshot(const std::string& path, SnapshotContents& contents, std::string& error);

// Deletes all but the newest `keep` snapshots (at least one is always kept), and temporaries
// left by a writer that died before its rename.
void prune_snapshots(const std::string& dir, std::size_t keep);

} // namespace twinmatch::durable
