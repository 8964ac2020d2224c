#include "twinmatch/durable/journal.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

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

constexpr std::size_t kHeaderCrcOffset = 60;
constexpr std::size_t kRecordCrcOffset = 60;
constexpr std::size_t kOrderIdOffset = 40;
constexpr std::string_view kSegmentPrefix = "journal-";
constexpr std::string_view kSegmentSuffix = ".tmj";

std::uint32_t load_u32(std::span<const std::byte> bytes, std::size_t offset) {
  ByteReader in(bytes.subspan(offset, 4));
  return in.u32();
}

bool all_zero(std::span<const std::byte> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::byte b) { return b == std::byte{0}; });
}

// The record at the start of `record` if it is whole, checks out and carries `expected_seq`.
bool valid_record(std::span<const std::byte> record, std::uint64_t expected_seq, Command& command,
                  std::uint64_t& order_id) {
  if (record.size() < kJournalRecordSize) return false;
  record = record.first(kJournalRecordSize);
  if (crc32c(record.first(kRecordCrcOffset)) != load_u32(record, kRecordCrcOffset)) return false;
  ByteReader in(record);
  if (in.u64() != expected_seq || !all_zero(record.subspan(48, 12))) return false;
  std::memcpy(&command, record.data() + 8, sizeof command);
  ByteReader id(record.subspan(kOrderIdOffset, 8));
  order_id = id.u64();
  return true;
}

bool valid_record(std::span<const std::byte> record, std::uint64_t expected_seq) {
  Command command;
  std::uint64_t order_id = 0;
  return valid_record(record, expected_seq, command, order_id);
}

std::string record_problem(std::span<const std::byte> record, std::uint64_t expected_seq) {
  if (record.size() < kJournalRecordSize) {
    return fmt::format("torn record: {} of {} bytes", record.size(), kJournalRecordSize);
  }
  record = record.first(kJournalRecordSize);
  if (all_zero(record)) {
    return fmt::format("non-zero bytes after the end of the log (seq {})", expected_seq);
  }
  if (crc32c(record.first(kRecordCrcOffset)) != load_u32(record, kRecordCrcOffset)) {
    return fmt::format("record for seq {} fails its CRC-32C", expected_seq);
  }
  return fmt::format("record for seq {} has a wrong sequence number or reserved field", expected_seq);
}

// The segments in `dir` by name: (first seq, path), oldest first.
std::vector<std::pair<std::uint64_t, std::string>> list_segments(const std::string& dir) {
  std::vector<std::pair<std::uint64_t, std::string>> found;
  std::error_code failure;
  for (const auto& entry : std::filesystem::directory_iterator(dir, failure)) {
    const std::string name = entry.path().filename().string();
    if (name.size() != kSegmentPrefix.size() + 20 + kSegmentSuffix.size() ||
        !name.starts_with(kSegmentPrefix) || !name.ends_with(kSegmentSuffix)) {
      continue;
    }
    const std::string digits = name.substr(kSegmentPrefix.size(), 20);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    found.emplace_back(std::stoull(digits), entry.path().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// Creates segment `first_seq` whole under a temporary name (header, zeros for every record,
// fsync), renames it into place and syncs the directory: a segment file always has its header
// and its blocks, so writing records into it later changes no file metadata.
bool create_segment(const std::string& dir, const CoreConfig& config, std::uint64_t first_seq,
                    std::uint32_t capacity, std::string& error) {
  const std::string path = dir + "/" + journal_segment_name(first_seq);
  const std::string temporary = path + ".new";
  const std::vector<std::byte> header = encode_journal_header(config, first_seq, capacity);
  io::File created;
  if (!io::open_file(temporary, O_WRONLY | O_CREAT | O_TRUNC, created, error) ||
      !io::write_all_at(created, header, 0, temporary, error) ||
      !io::write_zeros(created, kJournalHeaderSize, std::size_t{capacity} * kJournalRecordSize,
                       temporary, error) ||
      !io::full_sync(created, temporary, error)) {
    return false;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = io::errno_text("cannot rename into place", temporary);
    return false;
  }
  return io::sync_directory(dir, error);
}

} // namespace

std::string_view sync_policy_name(SyncPolicy policy) {
  switch (policy) {
  case SyncPolicy::Group: return "group";
  case SyncPolicy::None: return "none";
  case SyncPolicy::Pipelined: return "pipelined";
  }
  return "?";
}

std::optional<SyncPolicy> sync_policy_from_name(std::string_view name) {
  if (name == "group") return SyncPolicy::Group;
  if (name == "none") return SyncPolicy::None;
  if (name == "pipelined") return SyncPolicy::Pipelined;
  return std::nullopt;
}

std::string journal_segment_name(std::uint64_t first_seq) {
  return fmt::format("{}{:020}{}", kSegmentPrefix, first_seq, kSegmentSuffix);
}

std::vector<std::byte> encode_journal_header(const CoreConfig& config, std::uint64_t first_seq,
                                             std::uint32_t capacity) {
  std::vector<std::byte> header;
  ByteWriter out(header);
  out.bytes(std::as_bytes(std::span(kJournalMagic)));
  out.u16(kJournalFormatVersion);
  out.u16(static_cast<std::uint16_t>(kJournalRecordSize));
  out.u32(config.symbols);
  out.u32(config.price_levels);
  out.u32(config.handles);
  out.u32(config.max_quantity);
  out.u64(first_seq);
  out.u32(capacity);
  out.u32(config.stop_orders);
  while (header.size() < kHeaderCrcOffset) out.u8(0);
  out.u32(crc32c(header));
  return header;
}

void encode_journal_record(std::uint64_t seq, const Command& command, std::uint64_t order_id,
                           std::vector<std::byte>& out) {
  const std::size_t start = out.size();
  ByteWriter writer(out);
  writer.u64(seq);
  writer.bytes(std::as_bytes(std::span(&command, 1)));
  writer.u64(order_id);
  for (int i = 0; i < 3; ++i) writer.u32(0);
  writer.u32(crc32c(std::span(out).subspan(start, kRecordCrcOffset)));
}

bool scan_segment_bytes(std::span<const std::byte> bytes, std::string_view source,
                        SegmentScan& scan, std::vector<Command>& commands,
                        std::vector<std::uint64_t>& order_ids, std::string& error) {
  SegmentScan result;
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
  result.first_seq = header.u64();
  result.capacity = header.u32();
  result.config.stop_orders = header.u32();
  const bool header_crc_ok = crc32c(bytes.first(kHeaderCrcOffset)) == load_u32(bytes, kHeaderCrcOffset);
  // Every version so far has its version at offset 8 and the magic "TMJRNL<digit>".
  if (header_crc_ok && std::memcmp(magic, kJournalMagic, 6) == 0 && version != kJournalFormatVersion) {
    error = fmt::format("{}: journal segment format version {}, this build reads only version {} "
                        "(written by another twinmatch version)", source, version,
                        kJournalFormatVersion);
    return false;
  }
  if (std::memcmp(magic, kJournalMagic, sizeof magic) != 0 || version != kJournalFormatVersion ||
      record_size != kJournalRecordSize || result.first_seq == 0 || result.capacity == 0 ||
      !header_crc_ok || !all_zero(bytes.subspan(44, kHeaderCrcOffset - 44))) {
    error = fmt::format("{}: not a version {} twinmatch journal segment, or its header is corrupt",
                        source, kJournalFormatVersion);
    return false;
  }
  // Records past the file's end read as zeros (a file cut short by hand); bytes past the
  // capacity are not the log's.
  bytes = bytes.first(std::min(bytes.size(),
                               kJournalHeaderSize + std::size_t{result.capacity} * kJournalRecordSize));
  const std::size_t first_command = commands.size();
  std::size_t offset = kJournalHeaderSize;
  while (offset < bytes.size()) {
    Command command;
    std::uint64_t order_id = 0;
    if (!valid_record(bytes.subspan(offset), result.first_seq + result.valid_records, command,
                      order_id)) {
      break;
    }
    commands.push_back(command);
    order_ids.push_back(order_id);
    ++result.valid_records;
    offset += kJournalRecordSize;
  }
  if (offset < bytes.size() && !all_zero(bytes.subspan(offset))) {
    const std::uint64_t bad_seq = result.first_seq + result.valid_records;
    for (std::size_t later = offset + kJournalRecordSize; later < bytes.size();
         later += kJournalRecordSize) {
      const std::uint64_t later_seq = bad_seq + (later - offset) / kJournalRecordSize;
      if (valid_record(bytes.subspan(later), later_seq)) {
        commands.resize(first_command);
        order_ids.resize(first_command);
        error = fmt::format("{}: corrupt record at byte {} (seq {}) is followed by a valid record "
                            "(seq {}): refusing to truncate acknowledged input",
                            source, offset, bad_seq, later_seq);
        return false;
      }
    }
    std::size_t last_nonzero = bytes.size();
    while (bytes[last_nonzero - 1] == std::byte{0}) --last_nonzero;
    result.garbage_end = last_nonzero;
    result.tail_problem = fmt::format("{}: {} at byte {} ({} bytes up to the last non-zero byte)",
                                      source, record_problem(bytes.subspan(offset), bad_seq),
                                      offset, last_nonzero - offset);
  }
  scan = std::move(result);
  return true;
}

bool scan_journal(const std::string& dir, JournalScan& scan, std::string& error) {
  JournalScan result;
  bool ended = false; // a segment before ended short of full: later ones must hold no record
  for (const auto& [name_seq, path] : list_segments(dir)) {
    std::vector<std::byte> bytes;
    if (!io::read_whole_file(path, bytes, error)) return false;
    JournalSegment segment{path, {}};
    const std::size_t before = result.commands.size();
    if (!scan_segment_bytes(bytes, path, segment.scan, result.commands, result.order_ids, error)) {
      return false;
    }
    const SegmentScan& found = segment.scan;
    if (found.first_seq != name_seq) {
      error = fmt::format("{}: its header says it starts at command {}", path, found.first_seq);
      return false;
    }
    if (result.segments.empty()) {
      result.config = found.config;
      result.first_seq = found.first_seq;
    } else {
      const SegmentScan& previous = result.segments.back().scan;
      if (found.config != result.config) {
        error = fmt::format("{}: made for another core configuration than {}", path,
                            result.segments.front().path);
        return false;
      }
      if (found.first_seq != previous.first_seq + previous.capacity) {
        error = fmt::format("{}: starts at command {}, but the segment before it ends at {}: a "
                            "segment is missing", path, found.first_seq,
                            previous.first_seq + previous.capacity - 1);
        return false;
      }
      if (ended && found.valid_records != 0) {
        error = fmt::format("{}: holds commands from {}, but the segment before it ended at "
                            "command {}: refusing to truncate acknowledged input",
                            path, found.first_seq, result.first_seq + before - 1);
        return false;
      }
    }
    if (found.garbage_end != 0) {
      result.tail_bytes += found.garbage_end - found.end_offset();
      if (!result.tail_problem.empty()) result.tail_problem += "; ";
      result.tail_problem += found.tail_problem;
    }
    ended = ended || !found.full();
    result.segments.push_back(std::move(segment));
  }
  scan = std::move(result);
  return true;
}

struct Segment {
  std::string path;
  std::uint64_t first_seq;
  std::uint32_t capacity;
};

struct JournalWriter::Impl {
  std::string dir;
  CoreConfig config;
  std::uint32_t segment_records;
  std::vector<Segment> segments; // kept, oldest first; the last two are `current` and the spare
  std::size_t current = 0;       // index into segments
  // Of segments[current]. Replaced (rotation) only by the writing thread, holding `mutex`, and
  // only when nothing written is waiting for a sync: the flusher never syncs a closed file.
  io::File file;

  // What is written and what is acknowledged; under Pipelined shared with the flusher thread.
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t written = 0;                 // last seq written (pwrite returned)
  std::atomic<std::uint64_t> acknowledged{0}; // last seq acknowledged under the policy
  bool stopping = false;
  std::string flush_error; // non-empty: a sync of the flusher failed; nothing more is accepted
  std::thread flusher;

  ~Impl() {
    if (!flusher.joinable()) return;
    {
      const std::lock_guard lock(mutex);
      stopping = true;
    }
    changed.notify_all();
    flusher.join();
  }

  // The flusher (Pipelined): fdatasync whatever is written and not yet synced, then acknowledge
  // up to what was written before that sync began; until stopped with nothing left to sync.
  void flush_loop() {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stopping || written > acknowledged.load(); });
      if (written == acknowledged.load()) return; // stopping, all synced
      const std::uint64_t target = written;
      const int fd = file.fd();
      lock.unlock();
      const bool synced = ::fdatasync(fd) == 0;
      const std::string failure = synced ? "" : io::errno_text("fdatasync failed", dir);
      lock.lock();
      if (!synced) {
        flush_error = failure;
        changed.notify_all();
        return;
      }
      acknowledged.store(target);
      changed.notify_all();
    }
  }

  // Records [.., seq] are written: acknowledge them (None), or wake the flusher (Pipelined).
  void mark_written(std::uint64_t seq, SyncPolicy policy) {
    {
      const std::lock_guard lock(mutex);
      written = seq;
      if (policy != SyncPolicy::Pipelined) acknowledged.store(seq);
    }
    if (policy == SyncPolicy::Pipelined) changed.notify_all();
  }

  // Waits until everything written is acknowledged; false (with `error`) if the flusher failed.
  bool drain(std::string& error) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return !flush_error.empty() || acknowledged.load() == written; });
    if (!flush_error.empty()) {
      error = flush_error;
      return false;
    }
    return true;
  }

  const Segment& writing() const { return segments[current]; }
  std::uint64_t end_seq() const { return writing().first_seq + writing().capacity; }

  // Creates the segment after the last one, to rotate into.
  bool add_spare(std::string& error) {
    const Segment& last = segments.back();
    const std::uint64_t first = last.first_seq + last.capacity;
    if (!create_segment(dir, config, first, segment_records, error)) return false;
    segments.push_back({dir + "/" + journal_segment_name(first), first, segment_records});
    return true;
  }

  // Makes the spare the segment being written, and prepares the next spare. Everything written
  // to the full segment is synced first under Pipelined (the flusher syncs `file` only).
  bool rotate(SyncPolicy policy, std::string& error) {
    if (current + 1 == segments.size() && !add_spare(error)) return false;
    if (policy == SyncPolicy::Pipelined && !drain(error)) return false;
    io::File next;
    if (!io::open_file(segments[current + 1].path, O_WRONLY, next, error)) return false;
    {
      const std::lock_guard lock(mutex);
      ++current;
      file = std::move(next);
    }
    return add_spare(error);
  }
};

JournalWriter::JournalWriter(std::unique_ptr<Impl> impl, std::uint64_t next_seq, SyncPolicy policy)
    : impl_(std::move(impl)), next_seq_(next_seq), policy_(policy) {}

JournalWriter::~JournalWriter() = default;

std::unique_ptr<JournalWriter> JournalWriter::open(const std::string& dir, const CoreConfig& config,
                                                   const JournalScan& scan, SyncPolicy policy,
                                                   std::uint32_t segment_records,
                                                   std::string& error) {
  if (segment_records == 0) {
    error = "journal segments must hold at least one record";
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->config = config;
  impl->segment_records = segment_records;
  // Temporaries of segments whose creator died before the rename.
  std::error_code failure;
  for (const auto& entry : std::filesystem::directory_iterator(dir, failure)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(kSegmentPrefix) && name.ends_with(std::string(kSegmentSuffix) + ".new")) {
      std::filesystem::remove(entry.path(), failure);
    }
  }
  const std::uint64_t next_seq = scan.next_seq();
  // Keep the segments up to the one that holds `next_seq`; segments after it hold no record, and
  // are deleted (a spare is made afresh) so that no stray bytes lie ahead of the writer.
  bool removed = false;
  for (const JournalSegment& segment : scan.segments) {
    const SegmentScan& found = segment.scan;
    if (found.first_seq <= next_seq) {
      impl->segments.push_back({segment.path, found.first_seq, found.capacity});
    } else {
      removed = std::filesystem::remove(segment.path, failure) || removed;
    }
  }
  if (removed && !io::sync_directory(dir, error)) return nullptr;
  if (impl->segments.empty()) {
    if (!create_segment(dir, config, next_seq, segment_records, error)) return nullptr;
    impl->segments.push_back({dir + "/" + journal_segment_name(next_seq), next_seq, segment_records});
  }
  impl->current = impl->segments.size() - 1;
  if (next_seq == impl->end_seq()) {
    // The last segment is full: start the next one.
    if (!impl->add_spare(error)) return nullptr;
    impl->current = impl->segments.size() - 1;
  }
  const Segment& writing = impl->writing();
  if (!io::open_file(writing.path, O_WRONLY, impl->file, error)) return nullptr;
  // Zero a torn tail for good before anything new is written near it.
  for (const JournalSegment& segment : scan.segments) {
    if (segment.path == writing.path && segment.scan.garbage_end != 0) {
      const std::size_t from = segment.scan.end_offset();
      if (!io::write_zeros(impl->file, from, segment.scan.garbage_end - from, writing.path, error) ||
          !io::data_sync(impl->file, writing.path, error)) {
        return nullptr;
      }
    }
  }
  if (!impl->add_spare(error)) return nullptr;
  impl->written = next_seq - 1;
  impl->acknowledged.store(next_seq - 1);
  if (policy == SyncPolicy::Pipelined) {
    impl->flusher = std::thread([im = impl.get()] { im->flush_loop(); });
  }
  return std::unique_ptr<JournalWriter>(new JournalWriter(std::move(impl), next_seq, policy));
}

bool JournalWriter::append(std::span<const Command> commands,
                           std::span<const std::uint64_t> order_ids, std::string& error) {
  Impl& im = *impl_;
  if (policy_ == SyncPolicy::Pipelined) {
    const std::lock_guard lock(im.mutex);
    broken_ = broken_ || !im.flush_error.empty();
  }
  if (broken_) {
    error = fmt::format("{}: an earlier write or sync failed; the journal accepts nothing more",
                        im.dir);
    return false;
  }
  std::uint64_t seq = next_seq_;
  std::size_t done = 0;
  while (done < commands.size()) {
    if (seq == im.end_seq() && !im.rotate(policy_, error)) {
      broken_ = true;
      return false;
    }
    const Segment& segment = im.writing();
    const std::size_t count = std::min<std::size_t>(commands.size() - done, im.end_seq() - seq);
    buffer_.clear();
    for (std::size_t i = done; i < done + count; ++i) {
      encode_journal_record(seq++, commands[i], order_ids.empty() ? 0 : order_ids[i], buffer_);
    }
    const std::size_t offset =
        kJournalHeaderSize + (seq - count - segment.first_seq) * kJournalRecordSize;
    if (!io::write_all_at(im.file, buffer_, offset, segment.path, error) ||
        (policy_ == SyncPolicy::Group && !io::data_sync(im.file, segment.path, error))) {
      broken_ = true; // after a failed fsync the page cache state is unknown: stop (fail-stop)
      return false;
    }
    im.mark_written(seq - 1, policy_);
    done += count;
  }
  next_seq_ = seq;
  return true;
}

bool JournalWriter::sync(std::string& error) {
  if (broken_) {
    error = fmt::format("{}: an earlier write failed", impl_->dir);
    return false;
  }
  if (policy_ == SyncPolicy::Pipelined) return impl_->drain(error);
  return io::data_sync(impl_->file, impl_->writing().path, error);
}

std::uint64_t JournalWriter::acknowledged_seq() const { return impl_->acknowledged.load(); }

bool JournalWriter::wait_acknowledged(std::uint64_t seq, std::string& error) {
  Impl& im = *impl_;
  std::unique_lock lock(im.mutex);
  if (seq > im.written) {
    error = fmt::format("{}: command {} is not written yet", im.dir, seq);
    return false;
  }
  im.changed.wait(lock, [&] { return !im.flush_error.empty() || im.acknowledged.load() >= seq; });
  if (im.acknowledged.load() >= seq) return true;
  error = im.flush_error;
  return false;
}

std::size_t JournalWriter::drop_segments_through(std::uint64_t seq) {
  Impl& im = *impl_;
  std::size_t dropped = 0;
  while (dropped < im.current &&
         im.segments[dropped].first_seq + im.segments[dropped].capacity - 1 <= seq) {
    // Oldest first, so that a crash in between leaves the kept segments contiguous.
    if (std::remove(im.segments[dropped].path.c_str()) != 0) break;
    ++dropped;
  }
  im.segments.erase(im.segments.begin(), im.segments.begin() + static_cast<std::ptrdiff_t>(dropped));
  im.current -= dropped;
  return dropped;
}

std::uint64_t JournalWriter::first_seq() const { return impl_->segments.front().first_seq; }

} // namespace twinmatch::durable
