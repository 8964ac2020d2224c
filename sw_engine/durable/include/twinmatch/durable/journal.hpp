// The write-ahead journal of accepted input: every command, numbered, CRC-32C protected, written
// and (under SyncPolicy::Group) fdatasync'ed before it is applied or acknowledged.
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
  Group, // one fdatasync per batch before it is acknowledged: survives power loss
  None,  // write() only: survives a process crash (the page cache keeps it), not power loss
};

std::string_view sync_policy_name(SyncPolicy policy);
std::optional<SyncPolicy> sync_policy_from_name(std::string_view name); // "group" or "none"

inline constexpr char kJournalMagic[8] = {'T', 'M', 'J', 'R', 'N', 'L', '1', '\0'};
inline constexpr std::uint16_t kJournalFormatVersion = 1;
inline constexpr std::size_t kJournalHeaderSize = 32;
inline constexpr std::size_t kJournalRecordSize = 48;

std::vector<std::byte> encode_journal_header(const CoreConfig& config);
// Appends the 48-byte record of command number `seq`.
void encode_journal_record(std::uint64_t seq, const Command& command, std::vector<std::byte>& out);

// What a scan of a journal file found.
struct JournalScan {
  CoreConfig config{};
  std::vector<Command> commands; // commands[i] is the record of seq i + 1
  std::size_t valid_bytes = 0;   // header plus every valid record
  std::size_t file_bytes = 0;
  std::string tail_problem;      // why the bytes after valid_bytes are not records; empty if none
};

// Verifies a journal image record by record. A bad record (torn, failing its CRC, or out of
// sequence) with no valid record after it is a torn tail: the scan stops there and says why in
// `tail_problem`. A bad record followed by a valid one is corruption inside the journal: false,
// with `error` naming the offset, because truncating there would drop acknowledged input.
bool scan_journal_bytes(std::span<const std::byte> bytes, std::string_view source,
                        JournalScan& scan, std::string& error);
bool scan_journal_file(const std::string& path, JournalScan& scan, std::string& error);

class JournalWriter {
public:
  // Opens the journal at `path` for appending record `next_seq` at byte `valid_bytes`, cutting
  // (and syncing away) anything after it. A missing file is created with its header, and the
  // header and directory entry are synced, whatever the policy.
  static std::unique_ptr<JournalWriter> open(const std::string& path, const CoreConfig& config,
                                             std::uint64_t next_seq, std::size_t valid_bytes,
                                             SyncPolicy policy, std::string& error);
  ~JournalWriter();

  // Appends `commands` as the next records in one write(); under Group, fdatasync()s before it
  // returns. False on any I/O error: then nothing of the batch may be acknowledged, and the
  // writer refuses further appends.
  bool append(std::span<const Command> commands, std::string& error);
  // fdatasync regardless of the policy (before a snapshot, and on close).
  bool sync(std::string& error);

  std::uint64_t next_seq() const { return next_seq_; }
  SyncPolicy policy() const { return policy_; }

private:
  struct Impl;
  explicit JournalWriter(std::unique_ptr<Impl> impl, std::uint64_t next_seq, SyncPolicy policy);

  std::unique_ptr<Impl> impl_;
  std::vector<std::byte> buffer_;
  std::uint64_t next_seq_;
  SyncPolicy policy_;
  bool broken_ = false;
};

} // namespace twinmatch::durable
