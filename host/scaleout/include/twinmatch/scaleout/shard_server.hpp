// twinmatch serve: one engine for one shard. It replays the shard's command stream from its
// first command, or from the one after what its local journal recovered (an ordered JetStream
// consumer), runs it through any backend of the registry,
// and hands every event to a SequencedPublisher for the shard's event stream; it publishes only
// while it holds the shard's Lease (the primary), otherwise it is a hot standby: same commands,
// same deterministic engine, same events, held until the event stream has them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "twinmatch/config.hpp"
#include "twinmatch/tools/backend.hpp"

namespace twinmatch::scaleout {

struct ServeOptions {
  std::string servers;              // comma-separated NATS URLs
  std::uint32_t shard = 0;
  std::string backend = "sw";
  tools::BackendOptions backend_options;
  CoreConfig config{};
  std::string holder;               // this engine's name in the lease
  std::chrono::milliseconds lease_ttl{2000};
  int replicas = 1;                 // of the streams and the lease bucket, if this creates them
  // A local journal (ShardJournal; backends ref and sw): recovered at start, then the command
  // stream is read from the command after the last one recovered. Empty: none, the command
  // stream is read from command 1.
  std::string journal_dir;
  std::uint64_t snapshot_every = 65536; // commands between snapshots of the journal
  // Called on role changes and progress ("primary", "standby"), for the log.
  std::function<void(const std::string&)> log;
};

// Runs until `stop` is set (then returns 0 once what it published is stored, or after 5 s) or
// a failure (returns 2 with `error`): the stream unreachable at start, a malformed command, a gap.
int serve(const ServeOptions& options, const std::atomic<bool>& stop, std::string& error);

} // namespace twinmatch::scaleout
