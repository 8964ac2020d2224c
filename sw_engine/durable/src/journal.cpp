#include "twinmatch/durable/journal.hpp"

#include <bit>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "file_io.hpp"
#include "twinmatch/durable/byte_codec.hpp"
#include "twinmatch/durable/checksums.hpp"

namespace twinmatch::durable {

static_assert(std::endian::native == std::endian::little,
              "journal records embed the wire Command, which is little-endian");

namespace {

constexpr std::size_t kHeaderCrcOffset = 28;
constexpr std::size_t kRecordCrcOffset = 44;

std::uint32_t load_u32(std::span<const std::byte> bytes, std::size_t offset) {
  ByteReader in(bytes.subspan(offset, 4));
  return in.u32();
}

// The command of the record at `record` if it is whole, checks out and carries `expected_seq`.
std::optional<Command> valid_record(std::span<const std::byte> record, std::uint64_t expected_seq) {
  if (record.size() < kJournalRecordSize) return std::nullopt;
  record = record.first(kJournalRecordSize);
  if (crc32c(record.first(kRecordCrcOffset)) != load_u32(record, kRecordCrcOffset)) return std::nullopt;
  ByteReader in(record);
  if (in.u64() != expected_seq || load_u32(record, 40) != 0) return std::nullopt;
  Command command;
  std::memcpy(&command, record.data() + 8, sizeof command);
  return command;
}

std::string record_problem(std::span<const std::byte> record, std::uint64_t expected_seq) {
  if (record.size() < kJournalRecordSize) {
    return fmt::format("torn record: {} of {} bytes", record.size(), kJournalRecordSize);
  }
  if (crc32c(record.first(kRecordCrcOffset)) != load_u32(record, kRecordCrcOffset)) {
    return fmt::format("record for seq {} fails its CRC-32C", expected_seq);
  }
  return fmt::format("record for seq {} has a wrong sequence number or reserved field", expected_seq);
}

} // namespace

std::string_view sync_policy_name(SyncPolicy policy) {
  return policy == SyncPolicy::Group ? "group" : "none";
}

std::optional<SyncPolicy> sync_policy_from_name(std::string_view name) {
  if (name == "group") return SyncPolicy::Group;
  if (name == "none") return SyncPolicy::None;
  return std::nullopt;
}

std::vector<std::byte> encode_journal_header(const CoreConfig& config) {
  std::vector<std::byte> header;
  ByteWriter out(header);
  out.bytes(std::as_bytes(std::span(kJournalMagic)));
  out.u16(kJournalFormatVersion);
  out.u16(static_cast<std::uint16_t>(kJournalRecordSize));
  out.u32(config.symbols);
  out.u32(config.price_levels);
  out.u32(config.handles);
  out.u32(config.max_quantity);
  out.u32(crc32c(header));
  return header;
}

void encode_journal_record(std::uint64_t seq, const Command& command, std::vector<std::byte>& out) {
  const std::size_t start = out.size();
  ByteWriter writer(out);
  writer.u64(seq);
  writer.bytes(std::as_bytes(std::span(&command, 1)));
  writer.u32(0);
  writer.u32(crc32c(std::span(out).subspan(start, kRecordCrcOffset)));
}

bool scan_journal_bytes(std::span<const std::byte> bytes, std::string_view source,
                        JournalScan& scan, std::string& error) {
  JournalScan result;
  result.file_bytes = bytes.size();
  if (bytes.size() < kJournalHeaderSize) {
    error = fmt::format("{}: shorter than a journal header ({} bytes)", source, bytes.size());
    return false;
  }
  ByteReader header(bytes.first(kJournalHeaderSize));
  std::byte magic[8];
  header.bytes(magic);
  const std::uint16_t version = header.u16();
  const std::uint16_t record_size = header.u16();
  result.config = {header.u32(), header.u32(), header.u32(), header.u32()};
  if (std::memcmp(magic, kJournalMagic, sizeof magic) != 0 || version != kJournalFormatVersion ||
      record_size != kJournalRecordSize ||
      crc32c(bytes.first(kHeaderCrcOffset)) != load_u32(bytes, kHeaderCrcOffset)) {
    error = fmt::format("{}: not a version {} twinmatch journal, or its header is corrupt", source,
                        kJournalFormatVersion);
    return false;
  }

  std::size_t offset = kJournalHeaderSize;
  while (offset < bytes.size()) {
    const std::uint64_t seq = result.commands.size() + 1;
    const auto command = valid_record(bytes.subspan(offset), seq);
    if (!command) break;
    result.commands.push_back(*command);
    offset += kJournalRecordSize;
  }
  result.valid_bytes = offset;
  if (offset < bytes.size()) {
    const std::uint64_t bad_seq = result.commands.size() + 1;
    for (std::size_t later = offset + kJournalRecordSize; later < bytes.size();
         later += kJournalRecordSize) {
      const std::uint64_t later_seq = bad_seq + (later - offset) / kJournalRecordSize;
      if (valid_record(bytes.subspan(later), later_seq)) {
        error = fmt::format("{}: corrupt record at byte {} (seq {}) is followed by a valid record "
                            "(seq {}): refusing to truncate acknowledged input",
                            source, offset, bad_seq, later_seq);
        return false;
      }
    }
    result.tail_problem = fmt::format("{} at byte {} ({} bytes after the last valid record)",
                                      record_problem(bytes.subspan(offset), bad_seq), offset,
                                      bytes.size() - offset);
  }
  scan = std::move(result);
  return true;
}

bool scan_journal_file(const std::string& path, JournalScan& scan, std::string& error) {
  std::vector<std::byte> bytes;
  if (!io::read_whole_file(path, bytes, error)) return false;
  return scan_journal_bytes(bytes, path, scan, error);
}

struct JournalWriter::Impl {
  std::string path;
  io::File file;
};

JournalWriter::JournalWriter(std::unique_ptr<Impl> impl, std::uint64_t next_seq, SyncPolicy policy)
    : impl_(std::move(impl)), next_seq_(next_seq), policy_(policy) {}

JournalWriter::~JournalWriter() = default;

std::unique_ptr<JournalWriter> JournalWriter::open(const std::string& path,
                                                   const CoreConfig& config,
                                                   std::uint64_t next_seq, std::size_t valid_bytes,
                                                   SyncPolicy policy, std::string& error) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  if (!io::file_exists(path)) {
    // Created whole under a temporary name, then renamed: a journal file always has its header.
    const std::string temporary = path + ".new";
    io::File created;
    const std::vector<std::byte> header = encode_journal_header(config);
    if (!io::open_file(temporary, O_WRONLY | O_CREAT | O_TRUNC, created, error) ||
        !io::write_all(created, header, temporary, error) ||
        !io::full_sync(created, temporary, error)) {
      return nullptr;
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
      error = io::errno_text("cannot rename into place", temporary);
      return nullptr;
    }
    const std::size_t slash = path.find_last_of('/');
    if (!io::sync_directory(slash == std::string::npos ? "." : path.substr(0, slash), error)) {
      return nullptr;
    }
    next_seq = 1;
    valid_bytes = kJournalHeaderSize;
  }
  if (!io::open_file(path, O_WRONLY, impl->file, error)) return nullptr;
  // Cut a torn tail away for good before anything new is written after it.
  if (!io::truncate_to(impl->file, valid_bytes, path, error) ||
      !io::full_sync(impl->file, path, error)) {
    return nullptr;
  }
  if (::lseek(impl->file.fd(), static_cast<off_t>(valid_bytes), SEEK_SET) < 0) {
    error = io::errno_text("cannot seek", path);
    return nullptr;
  }
  return std::unique_ptr<JournalWriter>(new JournalWriter(std::move(impl), next_seq, policy));
}

bool JournalWriter::append(std::span<const Command> commands, std::string& error) {
  if (broken_) {
    error = fmt::format("{}: an earlier write failed; the journal accepts nothing more", impl_->path);
    return false;
  }
  buffer_.clear();
  std::uint64_t seq = next_seq_;
  for (const Command& command : commands) encode_journal_record(seq++, command, buffer_);
  if (!io::write_all(impl_->file, buffer_, impl_->path, error) ||
      (policy_ == SyncPolicy::Group && !io::data_sync(impl_->file, impl_->path, error))) {
    broken_ = true; // after a failed fsync the page cache state is unknown: stop (fail-stop)
    return false;
  }
  next_seq_ = seq;
  return true;
}

bool JournalWriter::sync(std::string& error) {
  if (broken_) {
    error = fmt::format("{}: an earlier write failed", impl_->path);
    return false;
  }
  return io::data_sync(impl_->file, impl_->path, error);
}

} // namespace twinmatch::durable
