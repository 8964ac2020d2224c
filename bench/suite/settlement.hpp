// Trade settlement latency (sw_engine/durable, through its public API): the stage that follows
// any backend's events on the host. A stream and the events one backend produced for it are cut
// into batches of kSettlementBatchCommands commands; each batch is timed as one step of the
// durable pipeline: the journal append of its commands (one write(); under group commit one
// fdatasync() too) and the ledger settling its trades. Matching is not included: the events
// exist before the clock starts. Each sample starts a fresh journal file and a fresh ledger.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/durable/journal.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::bench {

inline constexpr std::size_t kSettlementBatchCommands = 64;

struct SettlementSample {
  double p50_ns = 0; // nearest-rank percentiles of the per-batch latency
  double p99_ns = 0;
  std::size_t batches = 0;
  double trades_per_batch = 0;
};

class SettlementRunner {
public:
  // `events` are what a backend produced for `commands`, in order (each command's run of events
  // ends with kEventLast). The journal is written in the directory `journal_dir` (its segments are
  // preallocated before the timed batches; the directory is removed after each sample).
  SettlementRunner(const CoreConfig& config, std::span<const Command> commands,
                   std::vector<Event> events, std::string journal_dir);

  const std::string& error() const { return error_; } // non-empty: cannot be measured
  // Settles the first `max_batches` batches (all of them if fewer) under `sync`.
  SettlementSample sample(durable::SyncPolicy sync, std::size_t max_batches);

private:
  CoreConfig config_;
  std::span<const Command> commands_;
  std::vector<Event> events_;
  std::vector<std::size_t> batch_first_event_; // per batch, and one past the last
  std::vector<std::size_t> batch_trades_;
  std::string journal_dir_;
  std::string error_;
};

// The settlement terms the suite uses: the same for every symbol.
std::string describe_settlement();

} // namespace twinmatch::bench
