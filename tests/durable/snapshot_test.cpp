// Snapshot files: layout, the checks that guard them, and the canonical state they carry.
#include <cstring>

#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "temp_dir.hpp"
#include "twinmatch/durable/checksums.hpp"
#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/durable/snapshot.hpp"
#include "twinmatch/durable/state_codec.hpp"

namespace twinmatch::durable {
namespace {

Settlement plain_settlement() {
  std::string error;
  auto settlement = Settlement::create(
      kHardwareConfig, SettlementConfig::uniform(kHardwareConfig, {100, 5, 20, -5}), error);
  REQUIRE(settlement);
  return *settlement;
}

} // namespace

TEST_CASE("A snapshot decodes back to its payload, and every flipped bit is caught") {
  std::vector<std::byte> payload(100);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::byte>(i * 7);
  const std::vector<std::byte> bytes = encode_snapshot(42, payload);
  REQUIRE(bytes.size() == kSnapshotHeaderSize + payload.size());
  CHECK(std::memcmp(bytes.data(), "TMSNAP1", 8) == 0);

  SnapshotContents contents;
  std::string error;
  REQUIRE(decode_snapshot(bytes, "snap", contents, error));
  CHECK(contents.command_seq == 42);
  CHECK(contents.payload == payload);
  CHECK(contents.state_hash == fnv1a64(payload));

  for (std::size_t byte = 0; byte < bytes.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<std::byte> corrupt = bytes;
      corrupt[byte] ^= std::byte{static_cast<unsigned char>(1u << bit)};
      CHECK_FALSE(decode_snapshot(corrupt, "snap", contents, error));
    }
  }
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    CHECK_FALSE(decode_snapshot(std::span(bytes).first(cut), "snap", contents, error));
  }
}

TEST_CASE("A snapshot of another format version is refused, naming its version") {
  const std::vector<std::byte> payload(40, std::byte{3});
  std::vector<std::byte> bytes = encode_snapshot(9, payload);
  CHECK(bytes[8] == std::byte{kSnapshotFormatVersion});
  bytes[8] = std::byte{2}; // the format before stop orders, with a header CRC that checks out
  const std::uint32_t crc = crc32c(std::span(bytes).first(44));
  for (int i = 0; i < 4; ++i) bytes[44 + i] = static_cast<std::byte>(crc >> (8 * i));
  SnapshotContents contents;
  std::string error;
  CHECK_FALSE(decode_snapshot(bytes, "snap", contents, error));
  CHECK(error == "snap: snapshot format version 2, this build reads only version 3 (written by "
                 "another twinmatch version)");
}

TEST_CASE("Snapshot files are listed newest first and pruned to the newest few") {
  test::TempDir dir;
  std::string error;
  const std::vector<std::byte> payload(8, std::byte{1});
  for (std::uint64_t seq : {5, 300, 20, 4000}) REQUIRE(write_snapshot(dir.path(), seq, payload, error));
  std::vector<std::uint64_t> listed;
  for (const SnapshotFile& file : list_snapshots(dir.path())) listed.push_back(file.command_seq);
  CHECK(listed == std::vector<std::uint64_t>{4000, 300, 20, 5});
  prune_snapshots(dir.path(), 2);
  listed.clear();
  for (const SnapshotFile& file : list_snapshots(dir.path())) listed.push_back(file.command_seq);
  CHECK(listed == std::vector<std::uint64_t>{4000, 300});
  CHECK(snapshot_file_name(300) == "snapshot-00000000000000000300.tms");
}

TEST_CASE("The canonical state round-trips through a fresh engine and ledger") {
  ReferenceEngine engine(kHardwareConfig);
  Settlement ledger = plain_settlement();
  const std::vector<Command> commands{
      test::buy(1, 10, 5, 1),  test::buy(2, 10, 3, 2),  test::buy(3, 12, 4, 1),
      test::sell(4, 30, 6, 3), test::sell(5, 11, 2, 4), test::modify(2, 10, 1)};
  for (const Command& command : commands) {
    std::vector<Event> events;
    engine.apply(command, events);
    REQUIRE(ledger.settle(command, events));
  }
  EngineState state;
  engine.export_state(state);
  // Bids best first (12, then 10 oldest first), then asks: exactly the priority order.
  REQUIRE(state.orders.size() == 4);
  CHECK(state.orders[0].handle == 3);
  CHECK(state.orders[0].open == 2);
  CHECK(state.orders[1].handle == 1);
  CHECK(state.orders[2].handle == 2);
  CHECK(state.orders[3].handle == 4);
  CHECK(state.next_command_seq == 7);

  const std::vector<std::byte> payload = encode_state(kHardwareConfig, state, ledger);
  EngineState decoded;
  Settlement restored = plain_settlement();
  std::string error;
  REQUIRE(decode_state(payload, kHardwareConfig, decoded, restored, error));
  CHECK(decoded == state);
  ReferenceEngine fresh(kHardwareConfig);
  REQUIRE(fresh.import_state(decoded));
  EngineState again;
  fresh.export_state(again);
  CHECK(again == state);
  CHECK(encode_state(kHardwareConfig, again, restored) == payload);

  SECTION("another configuration or other fee terms are refused") {
    CHECK_FALSE(decode_state(payload, kCpuConfig, decoded, restored, error));
    auto other = Settlement::create(kHardwareConfig,
                                    SettlementConfig::uniform(kHardwareConfig, {100, 5, 21, -5}), error);
    REQUIRE(other);
    CHECK_FALSE(decode_state(payload, kHardwareConfig, decoded, *other, error));
    CHECK(error.find("terms") != std::string::npos);
  }
  SECTION("the engine refuses a crossed book or a handle twice") {
    EngineState crossed = state;
    crossed.orders[3].price = 12;
    CHECK_FALSE(ReferenceEngine(kHardwareConfig).import_state(crossed));
    EngineState twice = state;
    twice.orders[1].handle = 3;
    CHECK_FALSE(ReferenceEngine(kHardwareConfig).import_state(twice));
  }
}

} // namespace twinmatch::durable
