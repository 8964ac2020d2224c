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
    REQUIRE(durable.acknowledged_seq() == start + batch.size());
  }
  return events;
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
  const auto sync = GENERATE(SyncPolicy::Group, SyncPolicy::None);
  const auto snapshot_every = GENERATE(std::uint64_t{0}, std::uint64_t{400});
  const DurableOptions options{.sync = sync, .snapshot_every = snapshot_every};

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
    CHECK(report.journal_commands == cut);
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
  {
    auto durable = open_durable(dir.path(), {}, report);
    submit_range(*durable, commands, 0, 600);
  }
  const std::string journal = dir.file(kJournalFileName);
  std::filesystem::resize_file(journal, std::filesystem::file_size(journal) - 30);
  auto recovered = open_durable(dir.path(), {}, report);
  CHECK(report.truncated_bytes == kJournalRecordSize - 30);
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].find("torn record") != std::string::npos);
  CHECK(recovered->acknowledged_seq() == 599);
  CHECK(recovered->state_hash() == uninterrupted.hash_after.at(599));
  CHECK(std::filesystem::file_size(journal) == kJournalHeaderSize + 599 * kJournalRecordSize);
}

TEST_CASE("Recovery refuses a journal corrupted before its tail") {
  const std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Normal, 9, 200);
  test::TempDir dir;
  RecoveryReport report;
  {
    auto durable = open_durable(dir.path(), {}, report);
    submit_range(*durable, commands, 0, 200);
  }
  flip_byte(dir.file(kJournalFileName), kJournalHeaderSize + 100 * kJournalRecordSize + 9);
  std::string error;
  CHECK_FALSE(Durable::open(dir.path(), kCore, test::test_terms(kCore), {}, report, nullptr, error));
  CHECK(error.find("seq 101") != std::string::npos);
}

TEST_CASE("A snapshot that fails its check is skipped for the one before it") {
  const std::vector<Command> commands = tools::generate(kCore, tools::Scenario::Volatile, 3, 2000);
  const test::UninterruptedRun uninterrupted(kCore, commands);
  test::TempDir dir;
  const DurableOptions options{.snapshot_every = 500, .snapshots_kept = 3};
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
    std::filesystem::resize_file(dir.file(kJournalFileName),
                                 kJournalHeaderSize + 1200 * kJournalRecordSize);
    auto recovered = open_durable(dir.path(), DurableOptions{}, report); // no new snapshots
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

TEST_CASE("A journal made for another core configuration is refused") {
  test::TempDir dir;
  RecoveryReport report;
  { open_durable(dir.path(), {}, report); }
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
  { open_durable(dir.path(), {}, report); }
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
