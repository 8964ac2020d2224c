#include "twinmatch/tools/stream_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace twinmatch::tools {
namespace {

// Records and the header are copied as they lie in memory; the protocol is little-endian.
static_assert(std::endian::native == std::endian::little, "stream files are little-endian");

template <typename Record>
struct StreamKind;

template <>
struct StreamKind<Command> {
  static constexpr const char* magic = kCommandStreamMagic;
  static constexpr const char* other_magic = kEventStreamMagic;
  static constexpr std::string_view noun = "command stream";
  static constexpr std::string_view a_noun = "a command stream";
  static constexpr std::string_view an_other_noun = "an event stream";
};

template <>
struct StreamKind<Event> {
  static constexpr const char* magic = kEventStreamMagic;
  static constexpr const char* other_magic = kCommandStreamMagic;
  static constexpr std::string_view noun = "event stream";
  static constexpr std::string_view a_noun = "an event stream";
  static constexpr std::string_view an_other_noun = "a command stream";
};

constexpr std::size_t kMagicSize = sizeof(StreamHeader::magic);

template <typename Record>
std::vector<std::byte> encode_stream(const CoreConfig& config, std::span<const Record> records) {
  StreamHeader header{};
  std::memcpy(header.magic, StreamKind<Record>::magic, kMagicSize);
  header.format_version = kStreamFormatVersion;
  header.record_size = sizeof(Record);
  header.symbols = config.symbols;
  header.price_levels = config.price_levels;
  header.handles = config.handles;
  header.max_quantity = config.max_quantity;
  header.record_count = records.size();

  std::vector<std::byte> bytes(sizeof(StreamHeader) + records.size_bytes());
  std::memcpy(bytes.data(), &header, sizeof header);
  if (!records.empty()) {
    std::memcpy(bytes.data() + sizeof header, records.data(), records.size_bytes());
  }
  return bytes;
}

bool all_zero(std::span<const std::uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

// The first problem with the header, or an empty string.
template <typename Record>
std::string header_problem(const StreamHeader& header, std::size_t file_size) {
  using Kind = StreamKind<Record>;
  if (std::memcmp(header.magic, Kind::magic, kMagicSize) != 0) {
    if (std::memcmp(header.magic, Kind::other_magic, kMagicSize) == 0) {
      return fmt::format("is {} where {} was expected", Kind::an_other_noun, Kind::a_noun);
    }
    return fmt::format("has the wrong magic (not a twinmatch {} file)", Kind::noun);
  }
  if (header.format_version != kStreamFormatVersion) {
    return fmt::format("has format version {}, this reader knows only {}", header.format_version,
                       kStreamFormatVersion);
  }
  if (header.record_size != sizeof(Record)) {
    return fmt::format("has record size {}, a {} has {}-byte records", header.record_size,
                       Kind::noun, sizeof(Record));
  }
  const std::span<const std::uint8_t> reserved1(header.reserved1);
  if (header.reserved0 != 0 || !all_zero(reserved1)) {
    return "has non-zero reserved header bytes";
  }
  // Checked by division first, so that a huge record_count cannot overflow the product below.
  const std::size_t payload = file_size - sizeof(StreamHeader);
  if (header.record_count > payload / sizeof(Record)) {
    return fmt::format("is {} bytes long, too short for the {} records its header announces",
                       file_size, header.record_count);
  }
  if (payload != header.record_count * sizeof(Record)) {
    return fmt::format("is {} bytes long but its header announces {} records ({} bytes expected)",
                       file_size, header.record_count,
                       sizeof(StreamHeader) + header.record_count * sizeof(Record));
  }
  return {};
}

template <typename Record>
bool decode_stream(std::span<const std::byte> bytes, std::string_view source, CoreConfig& config,
                   std::vector<Record>& records, std::string& error) {
  if (bytes.size() < sizeof(StreamHeader)) {
    error = fmt::format("{}: is {} bytes long, too short for the {}-byte stream header", source,
                        bytes.size(), sizeof(StreamHeader));
    return false;
  }
  StreamHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (std::string problem = header_problem<Record>(header, bytes.size()); !problem.empty()) {
    error = fmt::format("{}: {}", source, problem);
    return false;
  }
  config = CoreConfig{header.symbols, header.price_levels, header.handles, header.max_quantity};
  records.resize(header.record_count);
  if (!records.empty()) {
    std::memcpy(records.data(), bytes.data() + sizeof header, records.size() * sizeof(Record));
  }
  return true;
}

bool write_file(const std::string& path, std::span<const std::byte> bytes, std::string& error) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) {
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  if (!file) {
    error = fmt::format("{}: cannot write the file", path);
    return false;
  }
  return true;
}

bool read_file(const std::string& path, std::vector<std::byte>& bytes, std::string& error) {
  std::error_code status;
  if (!std::filesystem::exists(path, status)) {
    error = fmt::format("{}: cannot open the file", path);
    return false;
  }
  if (!std::filesystem::is_regular_file(path, status)) {
    error = fmt::format("{}: is not a regular file", path);
    return false;
  }
  const std::uintmax_t size = std::filesystem::file_size(path, status);
  std::ifstream file(path, std::ios::binary);
  if (status || !file) {
    error = fmt::format("{}: cannot open the file", path);
    return false;
  }
  bytes.resize(size);
  file.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (!file) {
    error = fmt::format("{}: cannot read the file", path);
    return false;
  }
  return true;
}

} // namespace

std::vector<std::byte> encode_command_stream(const CoreConfig& config,
                                             std::span<const Command> commands) {
  return encode_stream(config, commands);
}

std::vector<std::byte> encode_event_stream(const CoreConfig& config,
                                           std::span<const Event> events) {
  return encode_stream(config, events);
}

bool decode_command_stream(std::span<const std::byte> bytes, std::string_view source,
                           CommandStream& out, std::string& error) {
  CommandStream decoded;
  if (!decode_stream(bytes, source, decoded.config, decoded.commands, error)) return false;
  out = std::move(decoded);
  return true;
}

bool decode_event_stream(std::span<const std::byte> bytes, std::string_view source,
                         EventStream& out, std::string& error) {
  EventStream decoded;
  if (!decode_stream(bytes, source, decoded.config, decoded.events, error)) return false;
  out = std::move(decoded);
  return true;
}

bool write_command_stream(const std::string& path, const CoreConfig& config,
                          std::span<const Command> commands, std::string& error) {
  return write_file(path, encode_command_stream(config, commands), error);
}

bool write_event_stream(const std::string& path, const CoreConfig& config,
                        std::span<const Event> events, std::string& error) {
  return write_file(path, encode_event_stream(config, events), error);
}

bool read_command_stream(const std::string& path, CommandStream& out, std::string& error) {
  std::vector<std::byte> bytes;
  return read_file(path, bytes, error) && decode_command_stream(bytes, path, out, error);
}

bool read_event_stream(const std::string& path, EventStream& out, std::string& error) {
  std::vector<std::byte> bytes;
  return read_file(path, bytes, error) && decode_event_stream(bytes, path, out, error);
}

bool check_stream_config(const CoreConfig& stream_config, const CoreConfig& backend_config,
                         std::string_view source, std::string& error) {
  if (stream_config == backend_config) return true;
  error = fmt::format("{}: the stream is for the core configuration {}, the backend is built for {}",
                      source, describe_config(stream_config), describe_config(backend_config));
  return false;
}

std::string describe_config(const CoreConfig& config) {
  return fmt::format("{{symbols {}, price_levels {}, handles {}, max_quantity {}}}", config.symbols,
                     config.price_levels, config.handles, config.max_quantity);
}

} // namespace twinmatch::tools
