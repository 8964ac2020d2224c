// Streams a chunk at a time: the chunked readers and writers make the same bytes as the
// whole-file ones, the chunked generator makes generate()'s stream, and every streaming
// backend emits exactly what its whole-stream run does.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>

#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/stream_file.hpp"
#include "twinmatch/tools/stream_io.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

std::string scratch(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("twinmatch_stream_io_" + name)).string();
}

bool same_bytes(std::span<const Event> a, std::span<const Event> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

std::vector<Event> reference_events(const std::vector<Command>& commands) {
  std::string error;
  const auto backend = make_backend("ref", kHardwareConfig, {}, error);
  std::vector<Event> events;
  Metrics metrics;
  backend->run(commands, events, metrics);
  return events;
}

} // namespace

TEST_CASE("the chunked generator makes generate()'s stream", "[streams][chunks]") {
  for (const Scenario scenario : kScenarios) {
    const std::size_t count = kChunkRecords * 2 + 123; // three chunks, the last one short
    const std::vector<Command> whole = generate(kHardwareConfig, scenario, 11, count);
    GeneratedCommands chunked(kHardwareConfig, scenario, 11, count);
    CHECK(chunked.total() == count);
    std::vector<Command> joined;
    for (auto chunk = chunked.next_chunk(); !chunk.empty(); chunk = chunked.next_chunk()) {
      joined.insert(joined.end(), chunk.begin(), chunk.end());
    }
    REQUIRE(joined.size() == whole.size());
    CHECK(std::memcmp(joined.data(), whole.data(), whole.size() * sizeof(Command)) == 0);
  }
}

TEST_CASE("chunked files hold the same bytes as whole ones, across chunk boundaries",
          "[streams][chunks]") {
  const std::vector<Command> commands =
      generate(kHardwareConfig, Scenario::Volatile, 3, kChunkRecords + 999);
  const std::vector<Event> events = reference_events(commands);
  REQUIRE(events.size() > 2 * kChunkRecords);
  std::string error;

  const std::string commands_path = scratch("a.cmds");
  CommandFileWriter command_writer;
  REQUIRE(command_writer.open(commands_path, kHardwareConfig, error));
  command_writer.push(commands);
  REQUIRE(command_writer.close(error));
  CommandStream read_back;
  REQUIRE(read_command_stream(commands_path, read_back, error));
  CHECK(read_back.config == kHardwareConfig);
  REQUIRE(read_back.commands.size() == commands.size());
  CHECK(std::memcmp(read_back.commands.data(), commands.data(), commands.size() * sizeof(Command)) == 0);

  const std::string events_path = scratch("a.evts");
  EventFileWriter event_writer;
  REQUIRE(event_writer.open(events_path, kHardwareConfig, error));
  std::uint64_t observed = 0;
  event_writer.observe([&observed](std::span<const Event> chunk) { observed += chunk.size(); });
  for (const Event& event : events) event_writer.next() = event;
  REQUIRE(event_writer.close(error));
  CHECK(observed == events.size());

  EventFileReader reader;
  REQUIRE(reader.open(events_path, error));
  CHECK(reader.total() == events.size());
  std::vector<Event> joined;
  for (auto chunk = reader.next_chunk(); !chunk.empty(); chunk = reader.next_chunk()) {
    CHECK(chunk.size() <= kChunkRecords);
    joined.insert(joined.end(), chunk.begin(), chunk.end());
  }
  CHECK(same_bytes(joined, events));
  std::filesystem::remove(commands_path);
  std::filesystem::remove(events_path);
}

TEST_CASE("an empty stream is written and read back", "[streams][chunks]") {
  std::string error;
  const std::string path = scratch("empty.evts");
  EventFileWriter writer;
  REQUIRE(writer.open(path, kCpuConfig, error));
  REQUIRE(writer.close(error));
  EventStream stream;
  REQUIRE(read_event_stream(path, stream, error));
  CHECK(stream.config == kCpuConfig);
  CHECK(stream.events.empty());
  std::filesystem::remove(path);
}

TEST_CASE("a file whose writer never closed it is refused", "[streams][chunks][refusal]") {
  std::string error;
  const std::string path = scratch("abandoned.evts");
  {
    EventFileWriter writer;
    REQUIRE(writer.open(path, kHardwareConfig, error));
    writer.push(Event{});
    writer.flush();
  } // destroyed without close(): the header keeps a count of zero
  EventStream stream;
  CHECK_FALSE(read_event_stream(path, stream, error));
  CHECK_THAT(error, Catch::Contains("but its header announces 0 records"));
  std::filesystem::remove(path);
}

TEST_CASE("a writer names the path and the OS's reason", "[streams][chunks][refusal]") {
  std::string error;
  EventFileWriter writer;
  CHECK_FALSE(writer.open("/nonexistent/dir/x.evts", kHardwareConfig, error));
  CHECK(error == "/nonexistent/dir/x.evts: cannot create the file: No such file or directory");
}

TEST_CASE("streaming backends emit what their whole-stream run does", "[streams][backends]") {
  const std::vector<Command> commands =
      generate(kHardwareConfig, Scenario::Adversarial, 9, kChunkRecords + 5000);
  const std::vector<Event> expected = reference_events(commands);
  for (const std::string name : {"ref", "sw", "hls"}) {
    INFO(name);
    std::string error;
    const auto backend = make_backend(name, kHardwareConfig, {}, error);
    REQUIRE(backend);
    std::vector<Event> whole;
    Metrics metrics;
    backend->run(commands, whole, metrics);
    CHECK(same_bytes(whole, expected));

    std::vector<Event> streamed;
    SpanCommandInput input(commands, 1000); // chunks that split commands' bursts anywhere
    {
      VectorEventOutput output(streamed);
      backend->run_streaming(input, output, metrics);
    }
    CHECK(same_bytes(streamed, expected));
  }
}
