// The event file writer's two background threads, on their own so that ThreadSanitizer can run
// them (`make test-tsan`) without the backends: many buffers of numbered events come back from
// the file in order and byte for byte, and the observer sees every event exactly once.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <mutex>

#include "twinmatch/tools/stream_io.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

// An event that says where it belongs in the stream: its seq, and its bytes derived from it.
Event numbered(std::uint64_t index) {
  Event event{};
  event.seq = index;
  event.cmd_seq = index / 3;
  event.order_count = static_cast<std::uint32_t>(index * 2654435761u);
  return event;
}

} // namespace

TEST_CASE("events written by the background writers come back in order, each observed once",
          "[streams][writers]") {
  const std::string path =
      (std::filesystem::temp_directory_path() / "twinmatch_event_writer_threads.evts").string();
  // Enough buffers that both writers and the buffer recycling take turns many times.
  const std::uint64_t count = kChunkRecords * 9 + 4321;
  std::string error;
  std::uint64_t observed = 0;
  std::uint64_t observed_seq_sum = 0;
  std::mutex observed_mutex;
  {
    EventFileWriter writer;
    REQUIRE(writer.open(path, kHardwareConfig, error));
    writer.observe([&](std::span<const Event> events) {
      const std::lock_guard lock(observed_mutex);
      observed += events.size();
      for (const Event& event : events) observed_seq_sum += event.seq;
    });
    for (std::uint64_t i = 0; i < count; ++i) writer.next() = numbered(i);
    REQUIRE(writer.close(error));
  }
  CHECK(observed == count);
  CHECK(observed_seq_sum == count * (count - 1) / 2);

  EventFileReader reader;
  REQUIRE(reader.open(path, error));
  REQUIRE(reader.total() == count);
  std::uint64_t index = 0;
  std::uint64_t mismatches = 0;
  for (auto chunk = reader.next_chunk(); !chunk.empty(); chunk = reader.next_chunk()) {
    for (const Event& event : chunk) {
      const Event expected = numbered(index++);
      if (std::memcmp(&event, &expected, sizeof(Event)) != 0) ++mismatches;
    }
  }
  CHECK(index == count);
  CHECK(mismatches == 0);
  std::filesystem::remove(path);
}
