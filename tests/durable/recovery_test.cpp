// Recovery ends in exactly the state of an uninterrupted run (same state hash) and goes on to
// emit exactly its events, from any cut point, through torn tails and corrupt snapshots.
#include <cstring>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "generated_runs.hpp"
#include "temp_dir.hpp"
#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::durable {
namespace {

using Durable = DurableEngine<ReferenceEngine>;
constexpr CoreConfig kCore = kHardwareConfig;
constexpr std::size_t kBatch = 50;
constexpr std::uint32_t kSegment = 256; // records per journal segment: runs here rotate often

bool same_events(std::span<const Event> a, std::span<const Event> b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size_bytes()) == 0);
}

std::unique_ptr<Durable> open_durable(const std::string& dir, const DurableOptions& options,
                                      RecoveryReport& report, std::vector<Event>* replayed = nullptr) {
  std::string error;
  auto durable = Durable::open(dir, kCore, test::test_terms(kCore), options, report, replayed, error);
  INFO(error);
  REQUIRE(durable);
  return durable;
}

// Submits commands[from, to) in batches; returns their events.
std::vector<Event> submit_range(Durable& durable, std::span<const Command> commands,
                                std::size_t from, std::size_t to) {
  std::vector<Event> events;
  std::string error;
  for (std::size_t start = from; start < to; start += kBatch) {
    const auto batch = commands.subspan(start, std::min(kBatch, to - start));
    INFO(error);
    REQUIRE(durable.submit(batch, events, error));
    REQUIRE(durable.applied_seq() == start + batch.size());
    REQUIRE(durable.acknowledged_seq() <= durable.applied_seq());
  }
  return events;
}

// Cuts the journal after command `last`, as if what followed had never been written.
void cut_journal(const std::string& dir, std::uint64_t last) {
  JournalScan scan;
  std::string error;
  REQUIRE(scan_journal(dir, scan, error));
  for (const JournalSegment& segment : scan.segments) {
    const std::uint64_t first = segment.scan.first_seq;
    if (first > last + 1) {
      std::filesystem::remove(segment.path);
    } else if (first + segment.scan.capacity > last + 1) {
      const std::size_t from = kJournalHeaderSize + (last + 1 - first) * kJournalRecordSize;
      std::fstream file(segment.path, std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(static_cast<std::streamoff>(from));
      const std::vector<char> zeros(segment.scan.capacity * kJournalRecordSize + kJournalHeaderSize - from);
      file.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
  }
}

std::vector<char> file_bytes(const std::string& path, std::size_t offset, std::size_t size) {
  std::ifstream file(path, std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  std::vector<char> bytes(size);
  file.read(bytes.data(), static_cast<std::streamsize>(size));
  return bytes;
}

void flip_byte(const std::string& path, std::size_t offset) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  char byte = 0;
  file.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x10);
  file.seekp(static_cast<std::streamoff>(offset));
  file.write(&byte, 1);
}

} // namespace

TEST_CASE("Recovery from any cut point reaches the uninterrupted state and events") {
  const std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Volatile, 5, 3000);
  const std::vector<std::uint64_t> cuts{0, 1, 49, 50, 777, 1500, 2999};
  const test::UninterruptedRun uninterrupted(kCore, commands, cuts);
  const auto sync = GENERATE(SyncPolicy::Group, SyncPolicy::None, SyncPolicy::Pipelined);
  const auto snapshot_every = GENERATE(std::uint64_t{0}, std::uint64_t{400});
  const DurableOptions options{.sync = sync, .snapshot_every = snapshot_every,
                               .segment_records = 500};

  for (const std::uint64_t cut : cuts) {
    INFO("cut after " << cut << " commands, sync " << sync_policy_name(sync) << ", snapshot every "
                      << snapshot_every);
    test::TempDir dir;
    RecoveryReport report;
    {
      auto first = open_durable(dir.path(), options, report);
      const std::vector<Event> events = submit_range(*first, commands, 0, cut);
      CHECK(same_events(events, uninterrupted.events_of(0, cut)));
    } // the process "dies" here: nothing is flushed beyond what submit already did

    std::vector<Event> replayed;
    auto second = open_durable(dir.path(), options, report, &replayed);
    CHECK(report.journal_first + report.journal_commands - 1 == cut);
    CHECK(report.snapshot_seq + report.replayed == cut);
    if (snapshot_every != 0) CHECK(report.snapshot_seq == cut / kBatch * kBatch / 400 * 400);
    CHECK(second->acknowledged_seq() == cut);
    CHECK(second->state_hash() == uninterrupted.hash_after.at(cut));
    CHECK(same_events(replayed, uninterrupted.events_of(report.snapshot_seq, cut)));

    const std::vector<Event> rest = submit_range(*second, commands, cut, commands.size());
    CHECK(same_events(rest, uninterrupted.events_of(cut, commands.size())));
    CHECK(second->state_hash() == uninterrupted.hash_after.at(commands.size()));
  }
}

TEST_CASE("Recovery cuts a torn journal tail, reports it and loses only the torn record") {
  const std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Normal, 9, 600);
  const test::UninterruptedRun uninterrupted(kCore, commands, std::vector<std::uint64_t>{599});
  test::TempDir dir;
  RecoveryReport report;
  const DurableOptions options{.segment_records = kSegment};
  {
    auto durable = open_durable(dir.path(), options, report);
    submit_range(*durable, commands, 0, 600);
  }
  // Command 600 is record 88 of the third segment (513..768): its last 30 bytes never made it.
  const std::string journal = dir.file(journal_segment_name(513));
  const std::size_t record = kJournalHeaderSize + 87 * kJournalRecordSize;
  {
    std::fstream file(journal, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(record + kJournalRecordSize - 30));
    file.write(std::vector<char>(30).data(), 30);
  }
  auto recovered = open_durable(dir.path(), options, report);
  CHECK(report.truncated_bytes > 0);
  CHECK(report.truncated_bytes <= kJournalRecordSize - 30);
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].find("seq 600 fails its CRC-32C") != std::string::npos);
  CHECK(recovered->acknowledged_seq() == 599);
  CHECK(recovered->state_hash() == uninterrupted.hash_after.at(599));
  // Zeroed for good: the torn record reads as the end of the log.
  CHECK(file_bytes(journal, record, kJournalRecordSize) == std::vector<char>(kJournalRecordSize));
  CHECK(std::filesystem::file_size(journal) == kJournalHeaderSize + kSegment * kJournalRecordSize);
  recovered.reset();
  open_durable(dir.path(), options, report);
  CHECK(report.notes.empty());
  CHECK(report.journal_commands == 599);
}

TEST_CASE("Recovery refuses a journal corrupted before its tail") {
  const std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Normal, 9, 200);
  test::TempDir dir;
  RecoveryReport report;
  {
    auto durable = open_durable(dir.path(), {.segment_records = kSegment}, report);
    submit_range(*durable, commands, 0, 200);
  }
  flip_byte(dir.file(journal_segment_name(1)), kJournalHeaderSize + 100 * kJournalRecordSize + 9);
  std::string error;
  CHECK_FALSE(Durable::open(dir.path(), kCore, test::test_terms(kCore), {.segment_records = kSegment},
                            report, nullptr, error));
  CHECK(error.find("seq 101") != std::string::npos);
}

TEST_CASE("A snapshot that fails its check is skipped for the one before it") {
  const std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Volatile, 3, 2000);
  const test::UninterruptedRun uninterrupted(kCore, commands);
  test::TempDir dir;
  // Segments hold more than the whole run: none is dropped, so recovery may go back to the start.
  const DurableOptions options{.snapshot_every = 500, .snapshots_kept = 3, .segment_records = 4096};
  RecoveryReport report;
  {
    auto durable = open_durable(dir.path(), options, report);
    submit_range(*durable, commands, 0, 1900);
  }
  std::vector<SnapshotFile> snapshots = list_snapshots(dir.path());
  REQUIRE(snapshots.size() == 3);
  REQUIRE(snapshots[0].command_seq == 1500);

  SECTION("the newest is corrupt: start from the one before") {
    flip_byte(snapshots[0].path, std::filesystem::file_size(snapshots[0].path) - 5);
    std::vector<Event> replayed;
    auto recovered = open_durable(dir.path(), options, report, &replayed);
    CHECK(report.snapshot_seq == 1000);
    CHECK(report.replayed == 900);
    REQUIRE(report.notes.size() == 1);
    CHECK(report.notes[0].find(snapshots[0].path) != std::string::npos);
    CHECK(report.notes[0].find("CRC-32C") != std::string::npos);
    CHECK(same_events(replayed, uninterrupted.events_of(1000, 1900)));
    const std::vector<Event> rest = submit_range(*recovered, commands, 1900, 2000);
    CHECK(same_events(rest, uninterrupted.events_of(1900, 2000)));
    CHECK(recovered->state_hash() == uninterrupted.hash_after.at(2000));
  }
  SECTION("every snapshot is corrupt: replay the whole journal") {
    for (const SnapshotFile& snapshot : snapshots) flip_byte(snapshot.path, 3);
    auto recovered = open_durable(dir.path(), options, report);
    CHECK(report.snapshot_seq == 0);
    CHECK(report.replayed == 1900);
    CHECK(report.notes.size() == 3);
    submit_range(*recovered, commands, 1900, 2000);
    CHECK(recovered->state_hash() == uninterrupted.hash_after.at(2000));
  }
  SECTION("a snapshot ahead of its journal is deleted, so it never describes another history") {
    cut_journal(dir.path(), 1200);
    auto recovered = open_durable(dir.path(), {.segment_records = 4096}, report); // no snapshots
    CHECK(report.snapshot_seq == 1000);
    REQUIRE(report.notes.size() == 1);
    CHECK(report.notes[0].find("deleted snapshot") != std::string::npos);
    CHECK(recovered->acknowledged_seq() == 1200);
    CHECK(list_snapshots(dir.path()).size() == 2);
    // Other commands now take the numbers 1201..: recovery must not start from the old 1500.
    std::vector<Command> other(commands.begin() + 1500, commands.begin() + 1800);
    std::vector<Event> events;
    std::string error;
    REQUIRE(recovered->submit(other, events, error));
    const std::uint64_t hash = recovered->state_hash();
    recovered.reset();
    auto again = open_durable(dir.path(), options, report);
    CHECK(report.snapshot_seq == 1000);
    CHECK(again->state_hash() == hash);
  }
}

TEST_CASE("Segments a snapshot covers are dropped, and recovery still reaches the same state") {
  const std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Volatile, 6, 2600);
  const test::UninterruptedRun uninterrupted(kCore, commands, std::vector<std::uint64_t>{2000});
  test::TempDir dir;
  const DurableOptions options{.snapshot_every = 500, .snapshots_kept = 2, .segment_records = kSegment};
  RecoveryReport report;
  {
    auto durable = open_durable(dir.path(), options, report);
    submit_range(*durable, commands, 0, 2000);
  }
  // Snapshots after 1500 and 2000 are kept: the segments holding only commands up to 1500
  // (1..256, ..., 1281..1536 holds 1501..1536 and stays) are gone.
  JournalScan scan;
  std::string error;
  REQUIRE(scan_journal(dir.path(), scan, error));
  CHECK(scan.first_seq == 1281);
  CHECK_FALSE(std::filesystem::exists(dir.file(journal_segment_name(1025))));
  CHECK(std::filesystem::exists(dir.file(journal_segment_name(1281))));

  SECTION("from the newest snapshot") {
    std::vector<Event> replayed;
    auto recovered = open_durable(dir.path(), options, report, &replayed);
    CHECK(report.journal_first == 1281);
    CHECK(report.snapshot_seq == 2000);
    CHECK(recovered->state_hash() == uninterrupted.hash_after.at(2000));
    const std::vector<Event> rest = submit_range(*recovered, commands, 2000, 2600);
    CHECK(same_events(rest, uninterrupted.events_of(2000, 2600)));
    CHECK(recovered->state_hash() == uninterrupted.hash_after.at(2600));
  }
  SECTION("from the oldest snapshot kept, the newest being corrupt") {
    flip_byte(list_snapshots(dir.path()).front().path, 60);
    std::vector<Event> replayed;
    auto recovered = open_durable(dir.path(), options, report, &replayed);
    CHECK(report.snapshot_seq == 1500);
    CHECK(same_events(replayed, uninterrupted.events_of(1500, 2000)));
    const std::vector<Event> rest = submit_range(*recovered, commands, 2000, 2600);
    CHECK(same_events(rest, uninterrupted.events_of(2000, 2600)));
    CHECK(recovered->state_hash() == uninterrupted.hash_after.at(2600));
  }
  SECTION("no usable snapshot reaches the journal's first command: refused") {
    for (const SnapshotFile& snapshot : list_snapshots(dir.path())) flip_byte(snapshot.path, 60);
    CHECK_FALSE(Durable::open(dir.path(), kCore, test::test_terms(kCore), options, report, nullptr,
                              error));
    CHECK(error.find("no usable snapshot covers command 1280") != std::string::npos);
  }
}

TEST_CASE("A journal made for another core configuration is refused") {
  test::TempDir dir;
  RecoveryReport report;
  { open_durable(dir.path(), {.segment_records = kSegment}, report); }
  std::string error;
  CHECK_FALSE(Durable::open(dir.path(), kCpuConfig, test::test_terms(kCpuConfig), {}, report,
                            nullptr, error));
  CHECK(error.find("another core configuration") != std::string::npos);
}

} // namespace twinmatch::durable

namespace twinmatch::durable {

TEST_CASE("A journal directory keeps its settlement terms and refuses others") {
  test::TempDir dir;
  RecoveryReport report;
  { open_durable(dir.path(), {.segment_records = kSegment}, report); }
  SettlementConfig recorded;
  std::string error;
  REQUIRE(read_terms_file(dir.path(), recorded, error));
  CHECK(recorded.symbols == test::test_terms(kCore).symbols);

  SettlementConfig other = test::test_terms(kCore);
  other.symbols[2].maker_bps = 0;
  CHECK_FALSE(Durable::open(dir.path(), kCore, other, {}, report, nullptr, error));
  CHECK(error.find("other settlement terms") != std::string::npos);

  flip_byte(dir.file(kTermsFileName), 20);
  CHECK_FALSE(read_terms_file(dir.path(), recorded, error));
  CHECK(error.find("corrupt") != std::string::npos);
}

} // namespace twinmatch::durable
