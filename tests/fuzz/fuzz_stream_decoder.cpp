// libFuzzer target: arbitrary bytes as a command stream file and as an event stream file.
// A decoder either refuses with a message or accepts; what it accepts must re-encode to the
// same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>

#include "twinmatch/tools/stream_file.hpp"

using namespace twinmatch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  std::string error;

  tools::CommandStream commands;
  if (tools::decode_command_stream(bytes, "fuzz input", commands, error)) {
    const auto again = tools::encode_command_stream(commands.config, commands.commands);
    if (again.size() != size || std::memcmp(again.data(), data, size) != 0) std::abort();
  } else if (error.empty()) {
    std::abort(); // a refusal must say why
  }

  error.clear();
  tools::EventStream events;
  if (tools::decode_event_stream(bytes, "fuzz input", events, error)) {
    const auto again = tools::encode_event_stream(events.config, events.events);
    if (again.size() != size || std::memcmp(again.data(), data, size) != 0) std::abort();
  } else if (error.empty()) {
    std::abort();
  }
  return 0;
}
