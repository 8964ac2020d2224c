// A shard engine with a local journal (twinmatch serve --journal DIR): the durable layer of
// sw_engine/durable (write-ahead journal, snapshots, recovery; docs/durability.md) around the
// reference model or the sw core, so that a restarted engine recovers from DIR and reads the
// command stream only after the last command it recovered (docs/scale-out.md "Restart").
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::scaleout {

// What opening the journal found.
struct ShardRecovery {
  std::uint64_t commands = 0;       // the last command recovered (0: an empty journal)
  std::uint64_t snapshot_seq = 0;   // the snapshot recovery started from (0: none)
  std::uint64_t replayed = 0;       // journal records applied after it
  std::uint64_t events_before = 0;  // the last event covered by that snapshot
  std::vector<Event> replayed_events; // the events of the replayed records, in order
  std::vector<std::string> notes;   // skipped snapshots, a torn tail zeroed
};

class ShardJournal {
public:
  // Opens (creating it if needed) `dir` for `backend` ("ref" or "sw") and recovers. Snapshots
  // are taken only through snapshot(). Nullptr with `error` if the backend has no durable
  // engine or the state cannot be recovered exactly.
  static std::unique_ptr<ShardJournal> open(const std::string& dir, const std::string& backend,
                                            const CoreConfig& config, ShardRecovery& recovery,
                                            std::string& error);
  virtual ~ShardJournal() = default;

  // Journals `commands` (written, not synced: whatever a crash loses is read again from the
  // command stream), applies them and appends their events.
  virtual bool submit(std::span<const Command> commands, std::vector<Event>& events,
                      std::string& error) = 0;
  virtual std::uint64_t applied_seq() const = 0;
  // The last event made (0: none yet).
  virtual std::uint64_t last_event() const = 0;
  // `every` commands have been applied since the last snapshot.
  virtual bool snapshot_due(std::uint64_t every) const = 0;
  // Syncs the journal, snapshots the state after applied_seq() and compacts the journal
  // (docs/durability.md "Compaction"). The caller makes sure that the event stream already
  // stores the events of every command the snapshot covers: recovery does not make them again.
  virtual bool snapshot(std::string& error) = 0;
};

} // namespace twinmatch::scaleout
