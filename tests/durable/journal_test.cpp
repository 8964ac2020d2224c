// The journal's byte format: round trip, torn tails at every byte, CRC failures, corruption
// inside the journal, and the writer's truncation of a torn tail.
#include <cstring>
#include <fstream>

#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "temp_dir.hpp"
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

std::vector<std::byte> journal_image(std::span<const Command> commands) {
  std::vector<std::byte> bytes = encode_journal_header(kHardwareConfig);
  for (std::size_t i = 0; i < commands.size(); ++i) encode_journal_record(i + 1, commands[i], bytes);
  return bytes;
}

bool same_commands(std::span<const Command> a, std::span<const Command> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

std::vector<std::byte> read_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  std::memcpy(bytes.data(), chars.data(), chars.size());
  return bytes;
}

} // namespace

TEST_CASE("Journal records have the documented layout") {
  const Command command = test::buy(7, 12, 34, 56);
  std::vector<std::byte> record;
  encode_journal_record(0x0102030405060708ull, command, record);
  REQUIRE(record.size() == kJournalRecordSize);
  CHECK(record[0] == std::byte{0x08});
  CHECK(record[7] == std::byte{0x01});
  CHECK(std::memcmp(record.data() + 8, &command, sizeof command) == 0);
  CHECK(std::memcmp(record.data() + 40, "\0\0\0\0", 4) == 0);
  const std::vector<std::byte> header = encode_journal_header(kHardwareConfig);
  REQUIRE(header.size() == kJournalHeaderSize);
  CHECK(std::memcmp(header.data(), "TMJRNL1", 8) == 0);
}

TEST_CASE("A journal written by the writer scans back to the same commands") {
  test::TempDir dir;
  const std::string path = dir.file("journal.tmj");
  const std::vector<Command> commands = some_commands(50);
  std::string error;
  {
    auto writer = JournalWriter::open(path, kHardwareConfig, 1, 0, SyncPolicy::Group, error);
    REQUIRE(writer);
    REQUIRE(writer->append(std::span(commands).first(20), error));
    REQUIRE(writer->append(std::span(commands).subspan(20), error));
    CHECK(writer->next_seq() == 51);
  }
  JournalScan scan;
  REQUIRE(scan_journal_file(path, scan, error));
  CHECK(scan.config == kHardwareConfig);
  CHECK(same_commands(scan.commands, commands));
  CHECK(scan.tail_problem.empty());
  CHECK(scan.valid_bytes == kJournalHeaderSize + 50 * kJournalRecordSize);
  CHECK(read_bytes(path) == journal_image(commands));
}

TEST_CASE("A journal cut at any byte of its last record loses exactly that record") {
  const std::vector<Command> commands = some_commands(5);
  const std::vector<std::byte> whole = journal_image(commands);
  const std::size_t last = whole.size() - kJournalRecordSize;
  for (std::size_t cut = last; cut < whole.size(); ++cut) {
    INFO("journal cut to " << cut << " bytes");
    JournalScan scan;
    std::string error;
    REQUIRE(scan_journal_bytes(std::span(whole).first(cut), "cut", scan, error));
    CHECK(same_commands(scan.commands, std::span(commands).first(4)));
    CHECK(scan.valid_bytes == last);
    CHECK(scan.tail_problem.empty() == (cut == last));
    if (cut > last) CHECK(scan.tail_problem.find("torn record") != std::string::npos);
  }
}

TEST_CASE("The writer cuts a torn tail away before it appends") {
  test::TempDir dir;
  const std::string path = dir.file("journal.tmj");
  const std::vector<Command> commands = some_commands(6);
  std::vector<std::byte> torn = journal_image(std::span(commands).first(5));
  torn.resize(torn.size() - 17); // the fifth record is torn
  {
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char*>(torn.data()), static_cast<std::streamsize>(torn.size()));
  }
  JournalScan scan;
  std::string error;
  REQUIRE(scan_journal_file(path, scan, error));
  REQUIRE(scan.commands.size() == 4);
  auto writer = JournalWriter::open(path, kHardwareConfig, 5, scan.valid_bytes, SyncPolicy::None, error);
  REQUIRE(writer);
  REQUIRE(writer->append(std::span(commands).subspan(4), error));
  writer.reset();
  CHECK(read_bytes(path) == journal_image(commands));
}

TEST_CASE("A flipped bit anywhere in the last record is caught by its CRC and cut") {
  const std::vector<Command> commands = some_commands(5);
  const std::vector<std::byte> whole = journal_image(commands);
  const std::size_t last = whole.size() - kJournalRecordSize;
  for (std::size_t byte = last; byte < whole.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<std::byte> corrupt = whole;
      corrupt[byte] ^= std::byte{static_cast<unsigned char>(1u << bit)};
      JournalScan scan;
      std::string error;
      REQUIRE(scan_journal_bytes(corrupt, "flipped", scan, error));
      CHECK(scan.commands.size() == 4);
      CHECK(scan.valid_bytes == last);
      CHECK(scan.tail_problem.find("CRC-32C") != std::string::npos);
    }
  }
}

TEST_CASE("Corruption inside the journal is refused, not truncated") {
  const std::vector<Command> commands = some_commands(5);
  std::vector<std::byte> corrupt = journal_image(commands);
  const std::size_t second = kJournalHeaderSize + kJournalRecordSize;
  corrupt[second + 20] ^= std::byte{0x40};
  JournalScan scan;
  std::string error;
  CHECK_FALSE(scan_journal_bytes(corrupt, "journal", scan, error));
  CHECK(error.find("byte " + std::to_string(second) + " (seq 2)") != std::string::npos);
  CHECK(error.find("refusing") != std::string::npos);
}

TEST_CASE("A record out of sequence ends the valid journal") {
  const std::vector<Command> commands = some_commands(3);
  std::vector<std::byte> bytes = encode_journal_header(kHardwareConfig);
  encode_journal_record(1, commands[0], bytes);
  encode_journal_record(3, commands[2], bytes); // seq 2 is missing
  JournalScan scan;
  std::string error;
  REQUIRE(scan_journal_bytes(bytes, "gap", scan, error));
  CHECK(scan.commands.size() == 1);
  CHECK(scan.tail_problem.find("sequence") != std::string::npos);
}

TEST_CASE("A journal with a damaged header is refused") {
  std::vector<std::byte> bytes = journal_image(some_commands(2));
  std::string error;
  JournalScan scan;
  CHECK_FALSE(scan_journal_bytes(std::span(bytes).first(10), "short", scan, error));
  bytes[13] ^= std::byte{1}; // the configuration, under the header CRC
  CHECK_FALSE(scan_journal_bytes(bytes, "header", scan, error));
  CHECK(error.find("header") != std::string::npos);
}

TEST_CASE("Sync policies parse by name") {
  CHECK(sync_policy_from_name("group") == SyncPolicy::Group);
  CHECK(sync_policy_from_name("none") == SyncPolicy::None);
  CHECK_FALSE(sync_policy_from_name("always"));
  CHECK(sync_policy_name(SyncPolicy::Group) == "group");
}

} // namespace twinmatch::durable
