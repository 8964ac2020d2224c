// The journal's byte format: round trip, preallocated segments whose zeros end the log, torn
// tails at every byte, CRC failures, corruption inside the journal, the writer's zeroing of a
// torn tail, segment rotation and the dropping of old segments.
#include <cstring>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "temp_dir.hpp"
#include "twinmatch/durable/checksums.hpp"
#include "twinmatch/durable/journal.hpp"

namespace twinmatch::durable {
namespace {

std::vector<Command> some_commands(std::size_t count) {
  std::vector<Command> commands;
  for (std::uint32_t i = 0; i < count; ++i) {
    commands.push_back(i % 3 == 2 ? test::cancel(i - 1)
                                  : test::buy(i, 10 + i % 7, 1 + i, /*account=*/100 + i));
  }
  return commands;
}

// A segment starting at command 1 holding `commands`, preallocated to `capacity` records.
std::vector<std::byte> segment_image(std::span<const Command> commands, std::uint32_t capacity) {
  std::vector<std::byte> bytes = encode_journal_header(kHardwareConfig, 1, capacity);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    encode_journal_record(i + 1, commands[i], 1000 + i, bytes);
  }
  bytes.resize(kJournalHeaderSize + capacity * kJournalRecordSize);
  return bytes;
}

bool same_commands(std::span<const Command> a, std::span<const Command> b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size_bytes()) == 0);
}

std::vector<std::byte> read_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  std::memcpy(bytes.data(), chars.data(), chars.size());
  return bytes;
}

void write_bytes(const std::string& path, std::span<const std::byte> bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

struct Scanned {
  bool ok;
  SegmentScan scan;
  std::vector<Command> commands;
  std::vector<std::uint64_t> order_ids;
  std::string error;
};

Scanned scan_image(std::span<const std::byte> bytes) {
  Scanned result;
  result.ok = scan_segment_bytes(bytes, "segment", result.scan, result.commands, result.order_ids,
                                 result.error);
  return result;
}

std::unique_ptr<JournalWriter> open_writer(const std::string& dir, std::uint32_t segment_records,
                                           SyncPolicy policy = SyncPolicy::Group) {
  JournalScan scan;
  std::string error;
  REQUIRE(scan_journal(dir, scan, error));
  auto writer = JournalWriter::open(dir, kHardwareConfig, scan, policy, segment_records, error);
  INFO(error);
  REQUIRE(writer);
  return writer;
}

JournalScan scan_dir(const std::string& dir) {
  JournalScan scan;
  std::string error;
  INFO(error);
  REQUIRE(scan_journal(dir, scan, error));
  return scan;
}

} // namespace

TEST_CASE("Journal records and segment headers have the documented layout") {
  const Command command = test::buy(7, 12, 34, 56);
  std::vector<std::byte> record;
  encode_journal_record(0x0102030405060708ull, command, 0x1112131415161718ull, record);
  REQUIRE(record.size() == kJournalRecordSize);
  CHECK(record[0] == std::byte{0x08});
  CHECK(record[7] == std::byte{0x01});
  CHECK(std::memcmp(record.data() + 8, &command, sizeof command) == 0);
  CHECK(record[40] == std::byte{0x18});
  CHECK(record[47] == std::byte{0x11});
  CHECK(std::all_of(record.begin() + 48, record.begin() + 60, [](std::byte b) { return b == std::byte{0}; }));
  const std::vector<std::byte> header = encode_journal_header(kHardwareConfig, 77, 16);
  REQUIRE(header.size() == kJournalHeaderSize);
  CHECK(std::memcmp(header.data(), "TMJRNL3", 8) == 0);
  CHECK(header[28] == std::byte{77});
  CHECK(header[36] == std::byte{16});
  CHECK(journal_segment_name(77) == "journal-00000000000000000077.tmj");
  CHECK(header[40] == std::byte{kHardwareConfig.stop_orders});
  CHECK(std::all_of(header.begin() + 44, header.begin() + 60, [](std::byte b) { return b == std::byte{0}; }));
}

TEST_CASE("A segment header keeps the whole configuration, stop_orders included") {
  for (const CoreConfig& config : {kHardwareConfig, kCpuConfig, CoreConfig{3, 128, 32, 50, 1}}) {
    std::vector<std::byte> bytes = encode_journal_header(config, 1, 4);
    encode_journal_record(1, test::buy(1, 10, 5), 0, bytes);
    bytes.resize(kJournalHeaderSize + 4 * kJournalRecordSize);
    const Scanned scanned = scan_image(bytes);
    INFO(scanned.error);
    REQUIRE(scanned.ok);
    CHECK(scanned.scan.config == config);
  }
}

TEST_CASE("A segment of another format version is refused, naming its version") {
  std::vector<Command> commands = some_commands(3);
  std::vector<std::byte> bytes = segment_image(commands, 8);
  // A version-2 header as the build before stop orders wrote it: its magic, its version, zeros
  // where stop_orders now is, and a CRC that checks out.
  std::memcpy(bytes.data(), "TMJRNL2", 8);
  bytes[8] = std::byte{2};
  std::memset(bytes.data() + 40, 0, 4);
  const std::uint32_t crc = crc32c(std::span(bytes).first(60));
  for (int i = 0; i < 4; ++i) bytes[60 + i] = static_cast<std::byte>(crc >> (8 * i));
  const Scanned old = scan_image(bytes);
  CHECK_FALSE(old.ok);
  CHECK(old.error.find("format version 2") != std::string::npos);
  CHECK(old.error.find("reads only version 3") != std::string::npos);

  SECTION("a reserved byte that is not zero is a corrupt header, even with a right CRC") {
    std::vector<std::byte> reserved = segment_image(commands, 8);
    reserved[50] = std::byte{1};
    const std::uint32_t again = crc32c(std::span(reserved).first(60));
    for (int i = 0; i < 4; ++i) reserved[60 + i] = static_cast<std::byte>(again >> (8 * i));
    CHECK_FALSE(scan_image(reserved).ok);
  }
}

TEST_CASE("A journal written by the writer scans back to the same commands and order ids") {
  test::TempDir dir;
  const std::vector<Command> commands = some_commands(50);
  const std::vector<std::uint64_t> ids(20, 0xABCDEF0123456789ull);
  std::string error;
  {
    auto writer = open_writer(dir.path(), 64);
    REQUIRE(writer->append(std::span(commands).first(20), ids, error));
    REQUIRE(writer->append(std::span(commands).subspan(20), error));
    CHECK(writer->next_seq() == 51);
  }
  const JournalScan scan = scan_dir(dir.path());
  CHECK(scan.config == kHardwareConfig);
  CHECK(scan.first_seq == 1);
  CHECK(same_commands(scan.commands, commands));
  REQUIRE(scan.order_ids.size() == 50);
  CHECK(scan.order_ids[19] == 0xABCDEF0123456789ull);
  CHECK(scan.order_ids[20] == 0);
  CHECK(scan.tail_problem.empty());
  // The segment was preallocated whole: the records sit in place, zeros after them; a spare
  // segment waits for the rotation.
  const std::string first = dir.file(journal_segment_name(1));
  CHECK(std::filesystem::file_size(first) == kJournalHeaderSize + 64 * kJournalRecordSize);
  std::vector<std::byte> expected = encode_journal_header(kHardwareConfig, 1, 64);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    encode_journal_record(i + 1, commands[i], i < 20 ? ids[i] : 0, expected);
  }
  expected.resize(kJournalHeaderSize + 64 * kJournalRecordSize);
  CHECK(read_bytes(first) == expected);
  CHECK(std::filesystem::exists(dir.file(journal_segment_name(65))));
  REQUIRE(scan.segments.size() == 2);
  CHECK(scan.segments[1].scan.valid_records == 0);
}

TEST_CASE("Zeroed space after the last record is the end of the log, not corruption") {
  const std::vector<Command> commands = some_commands(5);
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
    const Scanned found = scan_image(segment_image(std::span(commands).first(count), 16));
    REQUIRE(found.ok);
    CHECK(found.scan.valid_records == count);
    CHECK(found.scan.garbage_end == 0);
    CHECK(found.scan.tail_problem.empty());
    CHECK(same_commands(found.commands, std::span(commands).first(count)));
  }
}

TEST_CASE("A record torn at any byte, zeros after it, loses exactly that record") {
  const std::vector<Command> commands = some_commands(5);
  const std::vector<std::byte> whole = segment_image(commands, 8);
  const std::size_t last = kJournalHeaderSize + 4 * kJournalRecordSize;
  for (std::size_t cut = last; cut <= last + kJournalRecordSize; ++cut) {
    INFO("record written up to byte " << cut);
    std::vector<std::byte> torn = whole;
    std::fill(torn.begin() + static_cast<std::ptrdiff_t>(cut), torn.end(), std::byte{0});
    const Scanned found = scan_image(torn);
    REQUIRE(found.ok);
    const std::size_t kept = cut == last + kJournalRecordSize ? 5 : 4;
    CHECK(same_commands(found.commands, std::span(commands).first(kept)));
    const bool clean = cut == last || cut == last + kJournalRecordSize;
    CHECK(found.scan.tail_problem.empty() == clean);
    if (!clean) {
      CHECK(found.scan.garbage_end > last);
      CHECK(found.scan.garbage_end <= cut);
      CHECK(found.scan.tail_problem.find("CRC-32C") != std::string::npos);
    }
  }
  // A segment file cut short reads as zeros past its end.
  const Scanned cut_short = scan_image(std::span(whole).first(last + 30));
  REQUIRE(cut_short.ok);
  CHECK(cut_short.commands.size() == 4);
  CHECK(cut_short.scan.tail_problem.find("torn record") != std::string::npos);
}

TEST_CASE("A flipped bit in the last record, or in the zeros after it, is a tail to zero") {
  const std::vector<Command> commands = some_commands(5);
  const std::vector<std::byte> whole = segment_image(commands, 8);
  const std::size_t last = kJournalHeaderSize + 4 * kJournalRecordSize;
  for (std::size_t byte = last; byte < whole.size(); byte += byte < last + kJournalRecordSize ? 1 : 7) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<std::byte> corrupt = whole;
      corrupt[byte] ^= std::byte{static_cast<unsigned char>(1u << bit)};
      const Scanned found = scan_image(corrupt);
      REQUIRE(found.ok);
      const bool in_record = byte < last + kJournalRecordSize;
      CHECK(found.commands.size() == (in_record ? 4u : 5u));
      if (in_record) {
        CHECK(found.scan.garbage_end > last);
        CHECK(found.scan.garbage_end <= last + kJournalRecordSize);
      } else {
        CHECK(found.scan.garbage_end == byte + 1);
      }
      CHECK(found.scan.tail_problem.find(in_record ? "seq 5 fails its CRC-32C" : "seq 6") !=
            std::string::npos);
    }
  }
}

TEST_CASE("Corruption inside the journal is refused, not truncated") {
  const std::vector<Command> commands = some_commands(5);
  std::vector<std::byte> corrupt = segment_image(commands, 8);
  const std::size_t second = kJournalHeaderSize + kJournalRecordSize;
  corrupt[second + 20] ^= std::byte{0x40};
  const Scanned found = scan_image(corrupt);
  CHECK_FALSE(found.ok);
  CHECK(found.error.find("byte " + std::to_string(second) + " (seq 2)") != std::string::npos);
  CHECK(found.error.find("refusing") != std::string::npos);
}

TEST_CASE("A record out of sequence ends the valid journal") {
  const std::vector<Command> commands = some_commands(3);
  std::vector<std::byte> bytes = encode_journal_header(kHardwareConfig, 1, 4);
  encode_journal_record(1, commands[0], 0, bytes);
  encode_journal_record(3, commands[2], 0, bytes); // seq 2 is missing
  bytes.resize(kJournalHeaderSize + 4 * kJournalRecordSize);
  const Scanned found = scan_image(bytes);
  REQUIRE(found.ok);
  CHECK(found.commands.size() == 1);
  CHECK(found.scan.tail_problem.find("sequence") != std::string::npos);
}

TEST_CASE("A segment with a damaged header is refused") {
  std::vector<std::byte> bytes = segment_image(some_commands(2), 4);
  CHECK_FALSE(scan_image(std::span(bytes).first(10)).ok);
  bytes[13] ^= std::byte{1}; // the configuration, under the header CRC
  const Scanned found = scan_image(bytes);
  CHECK_FALSE(found.ok);
  CHECK(found.error.find("header") != std::string::npos);
}

TEST_CASE("The writer zeroes a torn tail before it writes after it") {
  test::TempDir dir;
  const std::vector<Command> commands = some_commands(6);
  std::string error;
  {
    auto writer = open_writer(dir.path(), 8, SyncPolicy::None);
    REQUIRE(writer->append(std::span(commands).first(5), error));
  }
  const std::string path = dir.file(journal_segment_name(1));
  std::vector<std::byte> bytes = read_bytes(path);
  const std::size_t fifth = kJournalHeaderSize + 4 * kJournalRecordSize;
  std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(fifth + 20), 17, std::byte{0}); // torn
  bytes[fifth + 3 * kJournalRecordSize + 9] = std::byte{0x5A}; // and a stray byte further on
  write_bytes(path, bytes);

  JournalScan scan = scan_dir(dir.path());
  REQUIRE(scan.commands.size() == 4);
  CHECK(scan.tail_bytes == 3 * kJournalRecordSize + 10);
  {
    auto writer = JournalWriter::open(dir.path(), kHardwareConfig, scan, SyncPolicy::None, 8, error);
    REQUIRE(writer);
    REQUIRE(writer->append(std::span(commands).subspan(4, 1), error));
  }
  scan = scan_dir(dir.path());
  CHECK(scan.tail_problem.empty());
  CHECK(same_commands(scan.commands, std::span(commands).first(5)));
  std::vector<std::byte> expected = encode_journal_header(kHardwareConfig, 1, 8);
  for (std::size_t i = 0; i < 5; ++i) encode_journal_record(i + 1, commands[i], 0, expected);
  expected.resize(kJournalHeaderSize + 8 * kJournalRecordSize);
  CHECK(read_bytes(path) == expected);
}

TEST_CASE("The writer rotates through segments and drops the ones a snapshot covers") {
  test::TempDir dir;
  const std::vector<Command> commands = some_commands(10);
  std::string error;
  auto writer = open_writer(dir.path(), 4);
  for (std::size_t start = 0; start < commands.size(); start += 3) {
    REQUIRE(writer->append(std::span(commands).subspan(start, std::min<std::size_t>(3, 10 - start)), error));
  }
  // 1..4, 5..8, 9..12 (holds 9, 10) and the spare 13..16.
  JournalScan scan = scan_dir(dir.path());
  REQUIRE(scan.segments.size() == 4);
  CHECK(scan.segments[3].scan.first_seq == 13);
  CHECK(same_commands(scan.commands, commands));

  CHECK(writer->drop_segments_through(3) == 0); // segment 1..4 still holds command 4
  CHECK(writer->drop_segments_through(4) == 1);
  CHECK(writer->first_seq() == 5);
  CHECK(writer->drop_segments_through(1000) == 1); // never the segment being written
  CHECK(writer->first_seq() == 9);
  scan = scan_dir(dir.path());
  CHECK(scan.first_seq == 9);
  CHECK(same_commands(scan.commands, std::span(commands).subspan(8)));

  // Reopened at a segment boundary, the last segment full and its spare lost: the writer makes
  // the next segment and goes on there.
  REQUIRE(writer->append(std::span(commands).first(2), error)); // commands 11, 12
  writer.reset();
  REQUIRE(std::filesystem::remove(dir.file(journal_segment_name(13))));
  writer = open_writer(dir.path(), 4);
  REQUIRE(writer->append(std::span(commands).first(1), error));
  CHECK(writer->next_seq() == 14);
  CHECK(scan_dir(dir.path()).next_seq() == 14);
}

TEST_CASE("Under pipelined sync a flusher thread acknowledges what it synced, in order") {
  test::TempDir dir;
  const std::vector<Command> commands = some_commands(120);
  std::string error;
  {
    auto writer = open_writer(dir.path(), 16, SyncPolicy::Pipelined); // rotates 7 times
    std::uint64_t seen = 0;
    for (std::size_t start = 0; start < commands.size(); start += 3) {
      REQUIRE(writer->append(std::span(commands).subspan(start, 3), error));
      const std::uint64_t acknowledged = writer->acknowledged_seq();
      CHECK(acknowledged >= seen);
      CHECK(acknowledged <= start + 3);
      seen = acknowledged;
    }
    REQUIRE(writer->wait_acknowledged(60, error));
    CHECK(writer->acknowledged_seq() >= 60);
    REQUIRE(writer->sync(error));
    CHECK(writer->acknowledged_seq() == 120);
    CHECK_FALSE(writer->wait_acknowledged(121, error)); // never written: no wait for ever
    CHECK(error.find("not written") != std::string::npos);
    REQUIRE(writer->append(std::span(commands).first(5), error));
  } // the flusher syncs the last batch before it stops
  const JournalScan scan = scan_dir(dir.path());
  CHECK(scan.next_seq() == 126);
  CHECK(same_commands(std::span(scan.commands).first(120), commands));
  CHECK(scan.tail_problem.empty());
}

TEST_CASE("A journal with a segment missing between others is refused") {
  test::TempDir dir;
  std::string error;
  {
    auto writer = open_writer(dir.path(), 4);
    REQUIRE(writer->append(some_commands(10), error));
  }
  std::filesystem::remove(dir.file(journal_segment_name(5)));
  JournalScan scan;
  CHECK_FALSE(scan_journal(dir.path(), scan, error));
  CHECK(error.find("a segment is missing") != std::string::npos);
}

TEST_CASE("Sync policies parse by name") {
  CHECK(sync_policy_from_name("group") == SyncPolicy::Group);
  CHECK(sync_policy_from_name("none") == SyncPolicy::None);
  CHECK(sync_policy_from_name("pipelined") == SyncPolicy::Pipelined);
  CHECK_FALSE(sync_policy_from_name("always"));
  CHECK(sync_policy_name(SyncPolicy::Group) == "group");
}

} // namespace twinmatch::durable
