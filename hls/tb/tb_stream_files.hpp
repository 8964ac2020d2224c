// Stream files (docs/protocol.md "Stream files") for the testbench, with stdio only, so the
// testbench builds unchanged in the vendor flow. Host-only code: never part of the core.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "twinmatch/hls/hw_config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::hlstb {

class File {
public:
  File(const char* path, const char* mode) : file_(std::fopen(path, mode)) {}
  ~File() {
    if (file_ != nullptr) std::fclose(file_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  std::FILE* get() const { return file_; }
  bool close() {
    const bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    return ok;
  }

private:
  std::FILE* file_;
};

// The header problem of a stream of `Record`s for kHardwareConfig, or nullptr.
template <typename Record>
const char* header_problem(const StreamHeader& header, const char (&magic)[8]) {
  static const std::uint8_t zeros[sizeof header.reserved1] = {};
  const CoreConfig& core = hlscore::HwConfig::kCore;
  if (std::memcmp(header.magic, magic, sizeof header.magic) != 0) return "wrong magic";
  if (header.format_version != kStreamFormatVersion) return "unsupported format version";
  if (header.record_size != sizeof(Record)) return "wrong record size";
  if (std::memcmp(header.reserved1, zeros, sizeof zeros) != 0)
    return "reserved header bytes are not zero";
  if (header.symbols != core.symbols || header.price_levels != core.price_levels ||
      header.handles != core.handles || header.max_quantity != core.max_quantity ||
      header.stop_orders != core.stop_orders)
    return "made for another core configuration than kHardwareConfig";
  return nullptr;
}

// Reads a whole stream file into `records`; on any problem prints the file and the problem.
template <typename Record>
bool read_stream(const char* path, const char (&magic)[8], std::vector<Record>& records) {
  File file(path, "rb");
  if (file.get() == nullptr) {
    std::fprintf(stderr, "%s: cannot open\n", path);
    return false;
  }
  StreamHeader header{};
  if (std::fread(&header, sizeof header, 1, file.get()) != 1) {
    std::fprintf(stderr, "%s: shorter than the 64-byte stream header\n", path);
    return false;
  }
  if (const char* problem = header_problem<Record>(header, magic)) {
    std::fprintf(stderr, "%s: %s\n", path, problem);
    return false;
  }
  if (std::fseek(file.get(), 0, SEEK_END) != 0) {
    std::fprintf(stderr, "%s: cannot seek\n", path);
    return false;
  }
  const long length = std::ftell(file.get());
  const std::uint64_t body = length < 0 ? 0 : static_cast<std::uint64_t>(length) - sizeof header;
  if (body % sizeof(Record) != 0 || body / sizeof(Record) != header.record_count) {
    std::fprintf(stderr, "%s: length %ld bytes, but the header announces %llu records\n", path,
                 length, static_cast<unsigned long long>(header.record_count));
    return false;
  }
  records.resize(header.record_count);
  if (std::fseek(file.get(), sizeof header, SEEK_SET) != 0 ||
      std::fread(records.data(), sizeof(Record), records.size(), file.get()) != records.size()) {
    std::fprintf(stderr, "%s: read failed\n", path);
    return false;
  }
  return true;
}

template <typename Record>
bool write_stream(const char* path, const char (&magic)[8], const std::vector<Record>& records) {
  const CoreConfig& core = hlscore::HwConfig::kCore;
  StreamHeader header{};
  std::memcpy(header.magic, magic, sizeof header.magic);
  header.format_version = kStreamFormatVersion;
  header.record_size = sizeof(Record);
  header.symbols = core.symbols;
  header.price_levels = core.price_levels;
  header.handles = core.handles;
  header.max_quantity = core.max_quantity;
  header.stop_orders = core.stop_orders;
  header.record_count = records.size();
  File file(path, "wb");
  if (file.get() == nullptr) {
    std::fprintf(stderr, "%s: cannot create\n", path);
    return false;
  }
  const bool written =
      std::fwrite(&header, sizeof header, 1, file.get()) == 1 &&
      std::fwrite(records.data(), sizeof(Record), records.size(), file.get()) == records.size();
  if (!file.close() || !written) {
    std::fprintf(stderr, "%s: write failed\n", path);
    return false;
  }
  return true;
}

} // namespace twinmatch::hlstb
