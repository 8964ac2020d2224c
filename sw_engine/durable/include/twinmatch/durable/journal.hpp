// The write-ahead journal of accepted input: every command, numbered, CRC-32C protected, written
// and (under SyncPolicy::Group) fdatasync'ed before it is applied or acknowledged.
// The journal is a run of segment files, each created whole (header, then zeros for all its
// records) before it is used, so that a batch is written in place and fdatasync has no file size
// or extent metadata to commit. The end of the log is the first record that is all zeros.
// Byte layout in docs/durability.md "Journal".
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::durable {

enum class SyncPolicy {
  Group,     // one fdatasync per batch before it is acknowledged: survives power loss
  None,      // write() only: survives a process crash (the page cache keeps it), not power loss
  Pipelined, // write() only; a flusher thread fdatasyncs everything written so far, again and
             // again: a command is acknowledged once a sync that began after its write returned
};

std::string_view sync_policy_name(SyncPolicy policy);
std::optional<SyncPolicy> sync_policy_from_name(std::string_view name); // "group", "none", "pipelined"

// 3: the header's configuration holds stop_orders. A segment of another version is refused with
// its version named: its commands were journaled for another core.
inline constexpr char kJournalMagic[8] = {'T', 'M', 'J', 'R', 'N', 'L', '3', '\0'};
inline constexpr std::uint16_t kJournalFormatVersion = 3;
inline constexpr std::size_t kJournalHeaderSize = 64;
inline constexpr std::size_t kJournalRecordSize = 64;
inline constexpr std::uint32_t kDefaultSegmentRecords = 1u << 16; // 4 MiB segments

// "journal-<first seq, 20 digits>.tmj": names sort in command order.
std::string journal_segment_name(std::uint64_t first_seq);

std::vector<std::byte> encode_journal_header(const CoreConfig& config, std::uint64_t first_seq,
                                             std::uint32_t capacity);
// Appends the 64-byte record of command number `seq`; `order_id` is the client order id the
// drop-in engine (durable_matching_engine.hpp) gave a NewOrder, 0 otherwise.
void encode_journal_record(std::uint64_t seq, const Command& command, std::uint64_t order_id,
                           std::vector<std::byte>& out);

// What a scan of one segment image found.
struct SegmentScan {
  CoreConfig config{};
  std::uint64_t first_seq = 0;
  std::uint32_t capacity = 0;       // records the segment holds
  std::size_t valid_records = 0;    // valid records from its start
  std::size_t garbage_end = 0;      // [record valid_records, garbage_end) is a torn or corrupt
                                    // tail to be zeroed; 0 when only zeros follow the records
  std::string tail_problem;         // why, if garbage_end != 0

  std::size_t end_offset() const { return kJournalHeaderSize + valid_records * kJournalRecordSize; }
  bool full() const { return valid_records == capacity; }
};

// Verifies a segment image record by record, appending its commands and order ids. The records
// end at the first invalid one: if it and everything after it are zeros, that is the end of the
// log; if not and no valid record follows, it is a torn tail (`garbage_end`, `tail_problem`);
// a valid record after it is corruption inside the journal: false, with `error` naming the
// offset, because cutting there would drop acknowledged input.
bool scan_segment_bytes(std::span<const std::byte> bytes, std::string_view source,
                        SegmentScan& scan, std::vector<Command>& commands,
                        std::vector<std::uint64_t>& order_ids, std::string& error);

struct JournalSegment {
  std::string path;
  SegmentScan scan;
};

// What a scan of a journal directory found: the commands `first_seq`, `first_seq + 1`, ...
struct JournalScan {
  CoreConfig config{};
  std::uint64_t first_seq = 1;            // earlier segments were dropped after a snapshot
  std::vector<Command> commands;
  std::vector<std::uint64_t> order_ids;   // one per command
  std::vector<JournalSegment> segments;   // in command order
  std::size_t tail_bytes = 0;             // torn or corrupt bytes after the last valid record
  std::string tail_problem;               // why; empty if none

  std::uint64_t next_seq() const { return first_seq + commands.size(); }
};

// Scans the segments of `dir` (none: an empty journal starting at command 1). False if a
// segment's header is corrupt, segments disagree or one is missing between others, or a valid
// record follows a bad one.
bool scan_journal(const std::string& dir, JournalScan& scan, std::string& error);

class JournalWriter {
public:
  // Continues the journal of `dir` as `scan` found it: zeroes (and syncs) a torn tail, creates
  // the first segment of an empty journal and a spare segment to rotate into.
  // `segment_records` sizes the segments it creates.
  static std::unique_ptr<JournalWriter> open(const std::string& dir, const CoreConfig& config,
                                             const JournalScan& scan, SyncPolicy policy,
                                             std::uint32_t segment_records, std::string& error);
  ~JournalWriter();

  // Writes `commands` as the next records in place (one pwrite per segment touched); under
  // Group, fdatasync()s before it returns; under Pipelined, hands the sync to the flusher thread.
  // `order_ids` is empty (all 0) or one per command. False on any I/O error: then nothing of the
  // batch may be acknowledged, and the writer refuses further appends.
  bool append(std::span<const Command> commands, std::span<const std::uint64_t> order_ids,
              std::string& error);
  bool append(std::span<const Command> commands, std::string& error) {
    return append(commands, {}, error);
  }
  // Makes everything written durable regardless of the policy (before a snapshot): fdatasync,
  // or under Pipelined a wait for the flusher.
  bool sync(std::string& error);
  // The last command that is acknowledged under the policy: written (None), or synced (Group,
  // Pipelined). Any thread may call it.
  std::uint64_t acknowledged_seq() const;
  // Blocks until acknowledged_seq() >= seq; false if the journal failed first.
  bool wait_acknowledged(std::uint64_t seq, std::string& error);
  // Deletes the segments that hold only commands up to `seq` (a snapshot covers them), never the
  // one being written. Returns how many it deleted.
  std::size_t drop_segments_through(std::uint64_t seq);

  std::uint64_t next_seq() const { return next_seq_; } // of the next record to write
  std::uint64_t first_seq() const; // of the oldest segment kept
  SyncPolicy policy() const { return policy_; }

private:
  struct Impl;
  explicit JournalWriter(std::unique_ptr<Impl> impl, std::uint64_t next_seq, SyncPolicy policy);

  std::unique_ptr<Impl> impl_;
  std::vector<std::byte> buffer_;
  std::uint64_t next_seq_;
  SyncPolicy policy_;
  bool broken_ = false; // of the calling thread's own writes; the flusher's failures are in Impl
};

} // namespace twinmatch::durable
