#include "twinmatch/durable/snapshot.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>

#include <fmt/format.h>

#include "file_io.hpp"
#include "twinmatch/durable/byte_codec.hpp"
#include "twinmatch/durable/checksums.hpp"

namespace twinmatch::durable {
namespace {

constexpr std::size_t kHeaderCrcOffset = 44;
constexpr std::string_view kPrefix = "snapshot-";
constexpr std::string_view kSuffix = ".tms";

} // namespace

std::string snapshot_file_name(std::uint64_t command_seq) {
  return fmt::format("{}{:020}{}", kPrefix, command_seq, kSuffix);
}

std::vector<std::byte> encode_snapshot(std::uint64_t command_seq,
                                       std::span<const std::byte> payload) {
  std::vector<std::byte> bytes;
  bytes.reserve(kSnapshotHeaderSize + payload.size());
  ByteWriter out(bytes);
  out.bytes(std::as_bytes(std::span(kSnapshotMagic)));
  out.u16(kSnapshotFormatVersion);
  out.u16(0);
  out.u32(0);
  out.u64(command_seq);
  out.u64(payload.size());
  out.u64(fnv1a64(payload));
  out.u32(crc32c(payload));
  out.u32(crc32c(bytes));
  out.bytes(payload);
  return bytes;
}

bool write_snapshot(const std::string& dir, std::uint64_t command_seq,
                    std::span<const std::byte> payload, std::string& error) {
  const std::string path = dir + "/" + snapshot_file_name(command_seq);
  const std::string temporary = path + ".new";
  const std::vector<std::byte> bytes = encode_snapshot(command_seq, payload);
  {
    io::File file;
    if (!io::open_file(temporary, O_WRONLY | O_CREAT | O_TRUNC, file, error) ||
        !io::write_all(file, bytes, temporary, error) || !io::full_sync(file, temporary, error)) {
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = io::errno_text("cannot rename into place", temporary);
    return false;
  }
  return io::sync_directory(dir, error);
}

std::vector<SnapshotFile> list_snapshots(const std::string& dir) {
  std::vector<SnapshotFile> found;
  std::error_code failure;
  for (const auto& entry : std::filesystem::directory_iterator(dir, failure)) {
    const std::string name = entry.path().filename().string();
    if (name.size() != kPrefix.size() + 20 + kSuffix.size() || !name.starts_with(kPrefix) ||
        !name.ends_with(kSuffix)) {
      continue;
    }
    const std::string digits = name.substr(kPrefix.size(), 20);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    found.push_back({entry.path().string(), std::stoull(digits)});
  }
  std::sort(found.begin(), found.end(),
            [](const SnapshotFile& a, const SnapshotFile& b) { return a.command_seq > b.command_seq; });
  return found;
}

bool decode_snapshot(std::span<const std::byte> bytes, std::string_view source,
                     SnapshotContents& contents, std::string& error) {
  if (bytes.size() < kSnapshotHeaderSize) {
    error = fmt::format("{}: shorter than a snapshot header", source);
    return false;
  }
  ByteReader header(bytes.first(kSnapshotHeaderSize));
  std::byte magic[8];
  header.bytes(magic);
  const std::uint16_t version = header.u16();
  const std::uint16_t reserved16 = header.u16();
  const std::uint32_t reserved32 = header.u32();
  SnapshotContents decoded;
  decoded.command_seq = header.u64();
  const std::uint64_t payload_size = header.u64();
  decoded.state_hash = header.u64();
  const std::uint32_t payload_crc = header.u32();
  const std::uint32_t header_crc = header.u32();
  if (std::memcmp(magic, kSnapshotMagic, sizeof magic) != 0 || reserved16 != 0 || reserved32 != 0 ||
      crc32c(bytes.first(kHeaderCrcOffset)) != header_crc) {
    error = fmt::format("{}: snapshot header is corrupt", source);
    return false;
  }
  if (version != kSnapshotFormatVersion) {
    error = fmt::format("{}: snapshot format version {}, this build reads only version {} (written "
                        "by another twinmatch version)", source, version, kSnapshotFormatVersion);
    return false;
  }
  if (payload_size != bytes.size() - kSnapshotHeaderSize) {
    error = fmt::format("{}: payload is {} bytes, the header says {}", source,
                        bytes.size() - kSnapshotHeaderSize, payload_size);
    return false;
  }
  const std::span<const std::byte> payload = bytes.subspan(kSnapshotHeaderSize);
  if (crc32c(payload) != payload_crc) {
    error = fmt::format("{}: payload fails its CRC-32C", source);
    return false;
  }
  if (fnv1a64(payload) != decoded.state_hash) {
    error = fmt::format("{}: payload does not match its state hash", source);
    return false;
  }
  decoded.payload.assign(payload.begin(), payload.end());
  contents = std::move(decoded);
  return true;
}

bool read_snapshot(const std::string& path, SnapshotContents& contents, std::string& error) {
  std::vector<std::byte> bytes;
  if (!io::read_whole_file(path, bytes, error)) return false;
  return decode_snapshot(bytes, path, contents, error);
}

void prune_snapshots(const std::string& dir, std::size_t keep) {
  const std::vector<SnapshotFile> snapshots = list_snapshots(dir);
  for (std::size_t i = std::max<std::size_t>(keep, 1); i < snapshots.size(); ++i) {
    std::remove(snapshots[i].path.c_str());
  }
  // Temporaries of snapshots whose writer died before the rename.
  std::error_code failure;
  for (const auto& entry : std::filesystem::directory_iterator(dir, failure)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(kPrefix) && name.ends_with(std::string(kSuffix) + ".new")) {
      std::filesystem::remove(entry.path(), failure);
    }
  }
}

} // namespace twinmatch::durable
