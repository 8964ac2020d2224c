// Stream files (docs/protocol.md "Stream files"): a 64-byte StreamHeader carrying the CoreConfig,
// then fixed-size command or event records. Readers accept only a well-formed file and otherwise
// return a message that names the file and the problem; they never trust the header's count
// before checking it against the length, so any bytes are safe to feed them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::tools {

struct CommandStream {
  CoreConfig config{};
  std::vector<Command> commands;
};

struct EventStream {
  CoreConfig config{};
  std::vector<Event> events;
};

// The whole file image: header then records.
std::vector<std::byte> encode_command_stream(const CoreConfig& config,
                                             std::span<const Command> commands);
std::vector<std::byte> encode_event_stream(const CoreConfig& config, std::span<const Event> events);

// `source` names the bytes in error messages (normally the file path).
// On failure `out` is left unchanged and `error` says why.
bool decode_command_stream(std::span<const std::byte> bytes, std::string_view source,
                           CommandStream& out, std::string& error);
bool decode_event_stream(std::span<const std::byte> bytes, std::string_view source,
                         EventStream& out, std::string& error);

bool write_command_stream(const std::string& path, const CoreConfig& config,
                          std::span<const Command> commands, std::string& error);
bool write_event_stream(const std::string& path, const CoreConfig& config,
                        std::span<const Event> events, std::string& error);

bool read_command_stream(const std::string& path, CommandStream& out, std::string& error);
bool read_event_stream(const std::string& path, EventStream& out, std::string& error);

// A run refuses a stream made for another core size: false and a message naming `source`
// and both configurations when they differ.
bool check_stream_config(const CoreConfig& stream_config, const CoreConfig& backend_config,
                         std::string_view source, std::string& error);

std::string describe_config(const CoreConfig& config);

// The pieces the chunked readers and writers (stream_io.hpp) share with the whole-file ones.
StreamHeader command_stream_header(const CoreConfig& config, std::uint64_t count);
StreamHeader event_stream_header(const CoreConfig& config, std::uint64_t count);
// The first problem of a header at the start of a file of `file_size` bytes, or "" if none.
std::string command_header_problem(const StreamHeader& header, std::uint64_t file_size);
std::string event_header_problem(const StreamHeader& header, std::uint64_t file_size);
CoreConfig config_of(const StreamHeader& header);

// "PATH: WHAT: the OS's reason" (strerror of `error_number`).
std::string os_error(std::string_view path, std::string_view what, int error_number);
// A read-only descriptor of the regular file `path`, or -1 with `error` set.
int open_regular_file(const std::string& path, std::string& error);
// Reads exactly bytes.size() bytes; false, with `error` naming `path`, on an error or early end.
bool read_exactly(int fd, std::span<std::byte> bytes, std::string_view path, std::string& error);

} // namespace twinmatch::tools
