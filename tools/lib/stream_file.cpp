#include "twinmatch/tools/stream_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
StreamHeader stream_header(const CoreConfig& config, std::uint64_t count) {
  StreamHeader header{};
  std::memcpy(header.magic, StreamKind<Record>::magic, kMagicSize);
  header.format_version = kStreamFormatVersion;
  header.record_size = sizeof(Record);
  header.symbols = config.symbols;
  header.price_levels = config.price_levels;
  header.handles = config.handles;
  header.max_quantity = config.max_quantity;
  header.stop_orders = config.stop_orders;
  header.record_count = count;
  return header;
}

template <typename Record>
std::vector<std::byte> encode_stream(const CoreConfig& config, std::span<const Record> records) {
  const StreamHeader header = stream_header<Record>(config, records.size());
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
std::string header_problem(const StreamHeader& header, std::uint64_t file_size) {
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
  if (!all_zero(reserved1)) {
    return "has non-zero reserved header bytes";
  }
  // Checked by division first, so that a huge record_count cannot overflow the product below.
  const std::uint64_t payload = file_size - sizeof(StreamHeader);
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
  config = CoreConfig{header.symbols, header.price_levels, header.handles, header.max_quantity,
                  header.stop_orders};
  records.resize(header.record_count);
  if (!records.empty()) {
    std::memcpy(records.data(), bytes.data() + sizeof header, records.size() * sizeof(Record));
  }
  return true;
}

bool write_file(const std::string& path, std::span<const std::byte> bytes, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = os_error(path, "cannot create the file", errno);
    return false;
  }
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      error = os_error(path, "cannot write the file", wrote < 0 ? errno : ENOSPC);
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::close(fd) != 0) {
    error = os_error(path, "cannot write the file", errno);
    return false;
  }
  return true;
}

bool read_file(const std::string& path, std::vector<std::byte>& bytes, std::string& error) {
  const int fd = open_regular_file(path, error);
  if (fd < 0) return false;
  struct stat status {};
  ::fstat(fd, &status);
  bytes.resize(static_cast<std::size_t>(status.st_size));
  const bool read = read_exactly(fd, bytes, path, error);
  ::close(fd);
  return read;
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

StreamHeader command_stream_header(const CoreConfig& config, std::uint64_t count) {
  return stream_header<Command>(config, count);
}

StreamHeader event_stream_header(const CoreConfig& config, std::uint64_t count) {
  return stream_header<Event>(config, count);
}

std::string command_header_problem(const StreamHeader& header, std::uint64_t file_size) {
  return header_problem<Command>(header, file_size);
}

std::string event_header_problem(const StreamHeader& header, std::uint64_t file_size) {
  return header_problem<Event>(header, file_size);
}

CoreConfig config_of(const StreamHeader& header) {
  return CoreConfig{header.symbols, header.price_levels, header.handles, header.max_quantity,
                  header.stop_orders};
}

std::string os_error(std::string_view path, std::string_view what, int error_number) {
  return fmt::format("{}: {}: {}", path, what, std::strerror(error_number));
}

int open_regular_file(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = os_error(path, "cannot open the file", errno);
    return -1;
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    error = fmt::format("{}: is not a regular file", path);
    ::close(fd);
    return -1;
  }
  return fd;
}

bool read_exactly(int fd, std::span<std::byte> bytes, std::string_view path, std::string& error) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = os_error(path, "cannot read the file", errno);
      return false;
    }
    if (got == 0) {
      error = fmt::format("{}: ended early (was it changed while being read?)", path);
      return false;
    }
    done += static_cast<std::size_t>(got);
  }
  return true;
}

bool check_stream_config(const CoreConfig& stream_config, const CoreConfig& backend_config,
                         std::string_view source, std::string& error) {
  if (stream_config == backend_config) return true;
  error = fmt::format("{}: the stream is for the core configuration {}, the backend is built for {}",
                      source, describe_config(stream_config), describe_config(backend_config));
  return false;
}

std::string describe_config(const CoreConfig& config) {
  return fmt::format("{{symbols {}, price_levels {}, handles {}, max_quantity {}, stop_orders {}}}",
                     config.symbols, config.price_levels, config.handles, config.max_quantity,
                     config.stop_orders);
}

} // namespace twinmatch::tools
