// Stream files: what is written reads back byte for byte, and every malformed file is refused
// with a message that names the file and the problem.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>

#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/stream_file.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

std::vector<Command> some_commands() {
  return generate(kHardwareConfig, Scenario::Normal, 7, 100);
}

std::vector<Event> some_events() {
  std::vector<Event> events(3);
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::memset(&events[i], static_cast<int>(0x11 * (i + 1)), sizeof(Event));
  }
  return events;
}

// The reader's verdict on `bytes`: empty when accepted, else the error.
std::string command_stream_error(const std::vector<std::byte>& bytes) {
  CommandStream stream;
  std::string error;
  if (decode_command_stream(bytes, "bad.cmds", stream, error)) return {};
  return error;
}

void set_byte(std::vector<std::byte>& bytes, std::size_t offset, std::uint8_t value) {
  bytes.at(offset) = std::byte{value};
}

} // namespace

TEST_CASE("a command stream reads back as written", "[streams]") {
  const std::vector<Command> commands = some_commands();
  const std::vector<std::byte> bytes = encode_command_stream(kHardwareConfig, commands);
  REQUIRE(bytes.size() == 64 + commands.size() * 32);

  CommandStream decoded;
  std::string error;
  REQUIRE(decode_command_stream(bytes, "mem", decoded, error));
  CHECK(decoded.config == kHardwareConfig);
  REQUIRE(decoded.commands.size() == commands.size());
  CHECK(std::memcmp(decoded.commands.data(), commands.data(), commands.size() * 32) == 0);
}

TEST_CASE("an event stream reads back as written, through a file", "[streams]") {
  const std::vector<Event> events = some_events();
  const std::string path =
      (std::filesystem::temp_directory_path() / "twinmatch_stream_file_test.evts").string();
  std::string error;
  REQUIRE(write_event_stream(path, kCpuConfig, events, error));
  CHECK(std::filesystem::file_size(path) == 64 + events.size() * 64);

  EventStream read;
  REQUIRE(read_event_stream(path, read, error));
  std::filesystem::remove(path);
  CHECK(read.config == kCpuConfig);
  REQUIRE(read.events.size() == events.size());
  CHECK(std::memcmp(read.events.data(), events.data(), events.size() * 64) == 0);
}

TEST_CASE("the header is laid out as docs/protocol.md says", "[streams]") {
  const std::vector<Command> commands = some_commands();
  const std::vector<std::byte> bytes = encode_command_stream(kHardwareConfig, commands);
  CHECK(std::memcmp(bytes.data(), "TMCMDS1\0", 8) == 0);
  const auto u16 = [&](std::size_t at) {
    return std::to_integer<unsigned>(bytes[at]) | std::to_integer<unsigned>(bytes[at + 1]) << 8;
  };
  CHECK(u16(8) == 1);   // format_version
  CHECK(u16(10) == 32); // record_size
  CHECK(u16(12) == kHardwareConfig.symbols);
  CHECK(u16(16) == kHardwareConfig.price_levels);
  CHECK(u16(20) == kHardwareConfig.handles);
  CHECK(u16(32) == commands.size());
}

TEST_CASE("an empty stream is valid", "[streams]") {
  CommandStream decoded;
  std::string error;
  REQUIRE(decode_command_stream(encode_command_stream(kHardwareConfig, {}), "mem", decoded, error));
  CHECK(decoded.commands.empty());
}

TEST_CASE("the reader refuses a malformed header, naming the file and the problem",
          "[streams][refusal]") {
  const std::vector<std::byte> good = encode_command_stream(kHardwareConfig, some_commands());
  REQUIRE(command_stream_error(good).empty());
  std::vector<std::byte> bad = good;

  SECTION("wrong magic") {
    set_byte(bad, 0, 'X');
    CHECK(command_stream_error(bad) == "bad.cmds: has the wrong magic (not a twinmatch command "
                                       "stream file)");
  }
  SECTION("an event stream where a command stream is expected") {
    bad = encode_event_stream(kHardwareConfig, some_events());
    CHECK(command_stream_error(bad) ==
          "bad.cmds: is an event stream where a command stream was expected");
  }
  SECTION("format version") {
    set_byte(bad, 8, 2);
    CHECK(command_stream_error(bad) == "bad.cmds: has format version 2, this reader knows only 1");
  }
  SECTION("record size") {
    set_byte(bad, 10, 64);
    CHECK(command_stream_error(bad) ==
          "bad.cmds: has record size 64, a command stream has 32-byte records");
  }
  SECTION("stop_orders is part of the configuration it records") {
    set_byte(bad, 28, 3);
    CommandStream stream;
    std::string error;
    REQUIRE(decode_command_stream(bad, "bad.cmds", stream, error));
    CHECK(stream.config.stop_orders == 3);
    CHECK(stream.config != kHardwareConfig);
  }
  SECTION("reserved1, its last byte") {
    set_byte(bad, 63, 0x80);
    CHECK(command_stream_error(bad) == "bad.cmds: has non-zero reserved header bytes");
  }
  SECTION("truncated by one byte") {
    bad.pop_back();
    CHECK(command_stream_error(bad) ==
          "bad.cmds: is 3263 bytes long, too short for the 100 records its header announces");
  }
  SECTION("one byte too long") {
    bad.push_back(std::byte{0});
    CHECK(command_stream_error(bad) ==
          "bad.cmds: is 3265 bytes long but its header announces 100 records (3264 bytes "
          "expected)");
  }
  SECTION("a record count that would overflow") {
    for (std::size_t i = 32; i < 40; ++i) set_byte(bad, i, 0xff);
    CHECK(command_stream_error(bad) == "bad.cmds: is 3264 bytes long, too short for the "
                                       "18446744073709551615 records its header announces");
  }
  SECTION("shorter than the header") {
    bad.resize(63);
    CHECK(command_stream_error(bad) ==
          "bad.cmds: is 63 bytes long, too short for the 64-byte stream header");
  }
}

TEST_CASE("a missing file is refused with its name", "[streams][refusal]") {
  CommandStream stream;
  std::string error;
  CHECK_FALSE(read_command_stream("/nonexistent/twinmatch.cmds", stream, error));
  CHECK(error == "/nonexistent/twinmatch.cmds: cannot open the file: No such file or directory");
}

TEST_CASE("a run refuses a stream made for another configuration", "[streams][refusal]") {
  std::string error;
  CHECK(check_stream_config(kHardwareConfig, kHardwareConfig, "a.cmds", error));
  CHECK_FALSE(check_stream_config(kCpuConfig, kHardwareConfig, "a.cmds", error));
  CHECK(error == "a.cmds: the stream is for the core configuration {symbols 64, price_levels "
                 "16384, handles 1048576, max_quantity 1000000000, stop_orders 4096}, the backend is built for "
                 "{symbols 4, price_levels 256, handles 4096, max_quantity 1000000, stop_orders 16}");
}

// Damaged copies of a valid file: truncated or extended at random, a few header bytes
// overwritten. What the reader accepts is well-formed; what it refuses gets a message.
template <typename Stream, typename Decode>
void feed_damaged_copies(const std::vector<std::byte>& good, std::size_t record_size,
                         Decode decode) {
  std::uint64_t state = 1;
  const auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  int accepted = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::byte> bytes = good;
    bytes.resize(((next() >> 33) & 1) != 0 ? bytes.size() : (next() >> 33) % (bytes.size() + 64));
    for (int flips = 0; flips < 3 && !bytes.empty(); ++flips) {
      bytes[(next() >> 33) % std::min<std::size_t>(bytes.size(), 96)] =
          static_cast<std::byte>(next() >> 56);
    }
    Stream stream;
    std::string error;
    if (decode(bytes, stream, error)) {
      ++accepted;
      std::uint64_t count = 0;
      std::memcpy(&count, bytes.data() + 32, sizeof count);
      CHECK(bytes.size() == 64 + count * record_size);
      CHECK(std::memcmp(bytes.data(), good.data(), 12) == 0); // magic, version, record size
    } else {
      CHECK(error.starts_with("fuzz: "));
    }
  }
  CHECK(accepted > 0); // damage confined to the records leaves a valid stream
}

TEST_CASE("damaged files are refused or read, never crash", "[streams][robustness]") {
  feed_damaged_copies<CommandStream>(
      encode_command_stream(kHardwareConfig, some_commands()), sizeof(Command),
      [](const auto& bytes, CommandStream& stream, std::string& error) {
        return decode_command_stream(bytes, "fuzz", stream, error);
      });
  feed_damaged_copies<EventStream>(
      encode_event_stream(kHardwareConfig, some_events()), sizeof(Event),
      [](const auto& bytes, EventStream& stream, std::string& error) {
        return decode_event_stream(bytes, "fuzz", stream, error);
      });
}
