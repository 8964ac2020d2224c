// A JournaledEngine made durable: its input goes through the write-ahead journal before it is
// applied, its trades through the settlement ledger, its state into periodic snapshots; opening
// a journal directory recovers the exact state an uninterrupted run reached.
// The algorithm is in docs/durability.md "Recovery".
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "twinmatch/durable/checksums.hpp"
#include "twinmatch/durable/engine_state.hpp"
#include "twinmatch/durable/journal.hpp"
#include "twinmatch/durable/settlement.hpp"
#include "twinmatch/durable/snapshot.hpp"
#include "twinmatch/durable/state_codec.hpp"
#include "twinmatch/durable/terms_file.hpp"

namespace twinmatch::durable {

struct DurableOptions {
  SyncPolicy sync = SyncPolicy::Group;
  std::uint64_t snapshot_every = 0; // commands between snapshots; 0: no snapshots
  std::size_t snapshots_kept = 3;
  // Records per journal segment file (64 bytes each). After a snapshot the segments older than
  // the oldest snapshot kept are deleted.
  std::uint32_t segment_records = kDefaultSegmentRecords;
};

// What recovery found and did, for the operator.
struct RecoveryReport {
  std::uint64_t snapshot_seq = 0;      // last command of the snapshot started from; 0: none
  std::uint64_t replayed = 0;          // journal records applied after it
  std::uint64_t journal_first = 1;     // the journal's first command (older ones were compacted)
  std::uint64_t journal_commands = 0;  // valid records in the journal
  std::size_t truncated_bytes = 0;     // torn or corrupt tail zeroed
  std::vector<std::string> notes;      // each skipped snapshot and the cut tail, with reasons
};

// Records `terms` in a new journal directory; refuses other terms than those recorded.
inline bool check_terms(const std::string& dir, const SettlementConfig& terms, std::string& error) {
  if (std::error_code ignored; !std::filesystem::exists(dir + "/" + kTermsFileName, ignored)) {
    return write_terms_file(dir, terms, error);
  }
  SettlementConfig recorded;
  if (!read_terms_file(dir, recorded, error)) return false;
  if (recorded.symbols != terms.symbols) {
    error = fmt::format("{} was created with other settlement terms (prices or fees)", dir);
    return false;
  }
  return true;
}

template <JournaledEngine Engine>
class DurableEngine {
public:
  // Opens (creating it if needed) the journal directory `dir` and recovers: the newest snapshot
  // that checks out, then the journal after it. The events of replayed commands are appended to
  // `replayed_events` if given. Nullptr with `error` if the state cannot be recovered exactly.
  static std::unique_ptr<DurableEngine> open(const std::string& dir, const CoreConfig& core,
                                             const SettlementConfig& terms,
                                             const DurableOptions& options, RecoveryReport& report,
                                             std::vector<Event>* replayed_events,
                                             std::string& error);

  // Journals `batch` (synced before it returns under SyncPolicy::Group), then applies and settles
  // it, appending its events. On false nothing of the batch is acknowledged and the engine
  // accepts nothing more (fail-stop). Under SyncPolicy::Pipelined it returns before the batch is
  // durable: its events may be used but not released (to clients, to the market) before
  // acknowledged_seq() reaches its last command (wait_acknowledged).
  bool submit(std::span<const Command> batch, std::vector<Event>& events, std::string& error) {
    return submit(batch, {}, events, error);
  }
  // The same, with a client order id per command (empty: all 0) journaled with it and passed to
  // an engine that takes them (JournaledEngineWithExtension).
  bool submit(std::span<const Command> batch, std::span<const std::uint64_t> order_ids,
              std::vector<Event>& events, std::string& error);

  // The last command that is durable under the sync policy (written, for SyncPolicy::None).
  // Any thread may call it.
  std::uint64_t acknowledged_seq() const { return journal_->acknowledged_seq(); }
  bool wait_acknowledged(std::uint64_t seq, std::string& error) {
    return journal_->wait_acknowledged(seq, error);
  }
  // The last command journaled and applied (ahead of acknowledged_seq() under Pipelined).
  std::uint64_t applied_seq() const { return journal_->next_seq() - 1; }
  std::vector<std::byte> canonical_state() const;
  std::uint64_t state_hash() const { return fnv1a64(canonical_state()); }
  bool snapshot_now(std::string& error);

  bool failed() const { return failed_; }
  const Engine& engine() const { return *engine_; }
  const Settlement& settlement() const { return settlement_; }

private:
  DurableEngine(std::string dir, const CoreConfig& core, Settlement settlement,
                const DurableOptions& options)
      : dir_(std::move(dir)), core_(core), options_(options), engine_(std::make_unique<Engine>(core)),
        settlement_(std::move(settlement)) {}

  bool try_snapshot(const SnapshotFile& snapshot, std::string& why);
  bool apply(std::span<const Command> commands, std::span<const std::uint64_t> order_ids,
             std::vector<Event>& events, std::string& error);

  std::string dir_;
  CoreConfig core_;
  DurableOptions options_;
  std::unique_ptr<Engine> engine_;
  Settlement settlement_;
  std::unique_ptr<JournalWriter> journal_;
  std::uint64_t last_snapshot_seq_ = 0;
  bool failed_ = false;
};

template <JournaledEngine Engine>
std::unique_ptr<DurableEngine<Engine>> DurableEngine<Engine>::open(
    const std::string& dir, const CoreConfig& core, const SettlementConfig& terms,
    const DurableOptions& options, RecoveryReport& report, std::vector<Event>* replayed_events,
    std::string& error) {
  auto settlement = Settlement::create(core, terms, error);
  if (!settlement) return nullptr;
  std::error_code created;
  std::filesystem::create_directories(dir, created);
  if (created) {
    error = fmt::format("{}: cannot create the journal directory: {}", dir, created.message());
    return nullptr;
  }
  JournalScan scan;
  if (!scan_journal(dir, scan, error)) return nullptr;
  if (!scan.segments.empty() && scan.config != core) {
    error = fmt::format("{}: journal is for another core configuration", dir);
    return nullptr;
  }
  if (!check_terms(dir, terms, error)) return nullptr;
  report = RecoveryReport{};
  report.journal_first = scan.first_seq;
  report.journal_commands = scan.commands.size();
  const std::uint64_t journal_last = scan.next_seq() - 1;
  std::unique_ptr<DurableEngine> durable(new DurableEngine(dir, core, *settlement, options));

  for (const SnapshotFile& snapshot : list_snapshots(dir)) {
    if (snapshot.command_seq > journal_last) {
      // It covers commands the journal lost (written under SyncPolicy::None, or a journal cut by
      // hand): once new commands take those numbers it would describe another history. Delete it.
      std::error_code ignored;
      std::filesystem::remove(snapshot.path, ignored);
      report.notes.push_back(fmt::format("deleted snapshot {}: it covers command {}, the journal "
                                         "ends at {}", snapshot.path, snapshot.command_seq,
                                         journal_last));
      continue;
    }
    if (snapshot.command_seq + 1 < scan.first_seq) {
      report.notes.push_back(fmt::format("skipped snapshot {}: the journal starts at command {}",
                                         snapshot.path, scan.first_seq));
      continue;
    }
    std::string why;
    if (durable->try_snapshot(snapshot, why)) {
      report.snapshot_seq = snapshot.command_seq;
      break;
    }
    report.notes.push_back(fmt::format("skipped snapshot {}: {}", snapshot.path, why));
    durable->engine_ = std::make_unique<Engine>(core);
    durable->settlement_ = *settlement;
  }
  if (report.snapshot_seq + 1 < scan.first_seq) {
    error = fmt::format("{}: the journal starts at command {} (older segments were dropped after a "
                        "snapshot) and no usable snapshot covers command {}",
                        dir, scan.first_seq, scan.first_seq - 1);
    return nullptr;
  }
  durable->last_snapshot_seq_ = report.snapshot_seq;

  std::vector<Event> scratch;
  std::vector<Event>& events = replayed_events != nullptr ? *replayed_events : scratch;
  const std::size_t replay_from = report.snapshot_seq + 1 - scan.first_seq;
  const auto replay = std::span(scan.commands).subspan(replay_from);
  if (!durable->apply(replay, std::span(scan.order_ids).subspan(replay_from), events, error)) {
    return nullptr;
  }
  report.replayed = replay.size();

  if (!scan.tail_problem.empty()) {
    report.truncated_bytes = scan.tail_bytes;
    report.notes.push_back(fmt::format("zeroed the journal's torn tail: {}", scan.tail_problem));
  }
  durable->journal_ = JournalWriter::open(dir, core, scan, options.sync, options.segment_records,
                                          error);
  if (!durable->journal_) return nullptr;
  return durable;
}

template <JournaledEngine Engine>
bool DurableEngine<Engine>::try_snapshot(const SnapshotFile& snapshot, std::string& why) {
  SnapshotContents contents;
  EngineState state;
  std::span<const std::byte> extension;
  if (!read_snapshot(snapshot.path, contents, why) ||
      !decode_state(contents.payload, core_, state, settlement_, why,
                    JournaledEngineWithExtension<Engine> ? &extension : nullptr)) {
    return false;
  }
  if (contents.command_seq != snapshot.command_seq || state.next_command_seq != snapshot.command_seq + 1) {
    why = "its sequence numbers disagree with its name";
    return false;
  }
  if (!engine_->import_state(state)) {
    why = "the engine refused its state";
    return false;
  }
  if constexpr (JournaledEngineWithExtension<Engine>) {
    if (!engine_->import_extension(extension)) {
      why = "the engine refused its own section of the state";
      return false;
    }
  }
  return true;
}

template <JournaledEngine Engine>
bool DurableEngine<Engine>::apply(std::span<const Command> commands,
                                  std::span<const std::uint64_t> order_ids,
                                  std::vector<Event>& events, std::string& error) {
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const Command& command = commands[i];
    const std::size_t first = events.size();
    if constexpr (JournaledEngineWithExtension<Engine>) {
      engine_->apply(command, order_ids.empty() ? 0 : order_ids[i], events);
    } else {
      engine_->apply(command, events);
    }
    if (!settlement_.settle(command, std::span(events).subspan(first))) {
      failed_ = true;
      error = fmt::format("settlement failed: {}", settlement_.error());
      return false;
    }
  }
  return true;
}

template <JournaledEngine Engine>
bool DurableEngine<Engine>::submit(std::span<const Command> batch,
                                   std::span<const std::uint64_t> order_ids,
                                   std::vector<Event>& events, std::string& error) {
  if (failed_) {
    error = "an earlier failure stopped this engine";
    return false;
  }
  if (!order_ids.empty() && order_ids.size() != batch.size()) {
    error = "one order id per command, or none";
    return false;
  }
  if (!journal_->append(batch, order_ids, error) || !apply(batch, order_ids, events, error)) {
    failed_ = true;
    return false;
  }
  if (options_.snapshot_every != 0 &&
      applied_seq() - last_snapshot_seq_ >= options_.snapshot_every) {
    return snapshot_now(error);
  }
  return true;
}

template <JournaledEngine Engine>
std::vector<std::byte> DurableEngine<Engine>::canonical_state() const {
  EngineState state;
  engine_->export_state(state);
  std::vector<std::byte> payload = encode_state(core_, state, settlement_);
  if constexpr (JournaledEngineWithExtension<Engine>) engine_->export_extension(payload);
  return payload;
}

template <JournaledEngine Engine>
bool DurableEngine<Engine>::snapshot_now(std::string& error) {
  // The journal must hold every command the snapshot covers before the snapshot exists,
  // whatever the policy: recovery skips a snapshot that is ahead of its journal.
  if (!journal_->sync(error) || !write_snapshot(dir_, applied_seq(), canonical_state(), error)) {
    failed_ = true;
    return false;
  }
  last_snapshot_seq_ = applied_seq();
  prune_snapshots(dir_, options_.snapshots_kept);
  // Recovery starts from one of the snapshots kept: the journal before the oldest is not needed.
  const std::vector<SnapshotFile> kept = list_snapshots(dir_);
  if (!kept.empty()) journal_->drop_segments_through(kept.back().command_seq);
  return true;
}

} // namespace twinmatch::durable
