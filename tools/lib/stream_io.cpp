#include "twinmatch/tools/stream_io.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::tools {
namespace {

// Two threads write, each a buffer at a time at its own offset: with two writes in flight the
// disk (a virtio block device here) takes the bytes faster than one at a time (tools/README.md
// "Throughput").
constexpr std::size_t kWriters = 2;
// Four buffers: one being filled, two being written, one spare so that a burst of events does not
// wait for the disk.
constexpr std::size_t kWriteBuffers = 4;
// 1 MiB each: small enough to stay in the core's L2 cache while the engine writes events into
// it (on this machine, under load, a 10 M-command run took about 1.4 times as long with 4 MiB
// buffers and twice as long with 16 MiB ones), large enough that a write per buffer costs little.
constexpr std::size_t kWriteBufferBytes = std::size_t{1} << 20;
// What O_DIRECT asks of buffer addresses, file offsets and sizes (the page size covers every
// device's logical block).
constexpr std::size_t kDirectAlignment = 4096;

// 0, or the errno of the first failed write.
int write_all(int fd, const std::byte* data, std::size_t size, std::uint64_t offset) {
  while (size > 0) {
    const ssize_t wrote = ::pwrite(fd, data, size, static_cast<off_t>(offset));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    if (wrote == 0) return ENOSPC;
    data += wrote;
    size -= static_cast<std::size_t>(wrote);
    offset += static_cast<std::uint64_t>(wrote);
  }
  return 0;
}

template <typename Record>
std::span<Record> as_records(std::span<std::byte> bytes) {
  return {reinterpret_cast<Record*>(bytes.data()), bytes.size() / sizeof(Record)};
}

} // namespace

// ---------------------------------------------------------------- inputs and outputs
std::span<const Command> SpanCommandInput::next_chunk() {
  const std::size_t size = std::min(chunk_, commands_.size() - next_);
  const std::span<const Command> chunk = commands_.subspan(next_, size);
  next_ += size;
  return chunk;
}

void EventOutput::push(std::span<const Event> events) {
  while (!events.empty()) {
    if (cursor_ == end_) hand_over();
    const std::size_t size = std::min(events.size(), static_cast<std::size_t>(end_ - cursor_));
    std::memcpy(cursor_, events.data(), size * sizeof(Event));
    cursor_ += size;
    events = events.subspan(size);
  }
}

void EventOutput::hand_over() {
  const std::span<const Event> filled(begin_, cursor_);
  handed_ += filled.size();
  const std::span<Event> buffer = take(filled);
  begin_ = cursor_ = buffer.data();
  end_ = buffer.data() + buffer.size();
}

std::span<Event> VectorEventOutput::take(std::span<const Event> filled) {
  events_->insert(events_->end(), filled.begin(), filled.end());
  return buffer_;
}

// ---------------------------------------------------------------- the background writer
void BackgroundFile::FreeBytes::operator()(std::byte* bytes) const { std::free(bytes); }

BackgroundFile::~BackgroundFile() {
  if (fd_ >= 0) {
    std::string ignored;
    close(0, ignored); // an abandoned file keeps a zero count, so readers refuse it
  }
}

bool BackgroundFile::open(const std::string& path, const StreamHeader& header,
                          std::size_t buffer_bytes, std::string& error) {
  path_ = path;
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  direct_fd_ = ::open(path.c_str(), kFlags | O_DIRECT, 0644);
  const int direct_errno = errno;
  direct_ = direct_fd_ >= 0;
  // Blocks O_DIRECT cannot take (unaligned) and the header's count go through the page cache.
  fd_ = direct_ ? ::open(path.c_str(), O_WRONLY | O_CLOEXEC)
                : (direct_errno == EINVAL ? ::open(path.c_str(), kFlags, 0644) : -1);
  if (fd_ < 0) {
    error = os_error(path, "cannot create the file", direct_ ? errno : direct_errno);
    if (direct_fd_ >= 0) ::close(direct_fd_);
    direct_fd_ = -1;
    return false;
  }
  buffer_bytes_ = buffer_bytes;
  for (std::size_t i = 0; i < kWriteBuffers; ++i) {
    auto* bytes = static_cast<std::byte*>(std::aligned_alloc(kDirectAlignment, buffer_bytes));
    if (bytes == nullptr) throw std::bad_alloc();
    buffers_.emplace_back(bytes);
    free_.push_back(bytes);
  }
  current_ = free_.back();
  free_.pop_back();
  // The header goes first with no count: a file cut short by a crash is refused by readers.
  header_ = header;
  StreamHeader provisional = header;
  provisional.record_count = 0;
  std::memcpy(current_, &provisional, sizeof provisional);
  current_header_ = sizeof provisional;
  for (std::size_t i = 0; i < kWriters; ++i) writers_.emplace_back([this] { write_loop(); });
  return true;
}

void BackgroundFile::observe(std::function<void(std::span<const std::byte>)> observer) {
  observer_ = std::move(observer);
}

void BackgroundFile::queue_current(std::size_t filled) {
  queue_.push_back({current_, current_header_, current_header_ + filled});
  current_header_ = 0;
  changed_.notify_all();
}

std::span<std::byte> BackgroundFile::swap(std::size_t filled) {
  std::unique_lock lock(mutex_);
  if (filled > 0) {
    queue_current(filled);
    if (free_.empty()) {
      const auto start = std::chrono::steady_clock::now();
      changed_.wait(lock, [this] { return !free_.empty(); });
      wait_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    current_ = free_.back();
    free_.pop_back();
  }
  return {current_ + current_header_, buffer_bytes_ - current_header_};
}

// Each writer takes the next queued block and its place in the file under the lock, then writes
// it there. O_DIRECT takes only whole aligned blocks: the first block that is not (normally the
// last one) and every one after it go through the page cache; the blocks before it are whole
// pages, so the two never share one.
void BackgroundFile::write_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return; // stopping, and everything written
    const Pending block = queue_.front();
    queue_.pop_front();
    const std::uint64_t offset = offset_;
    offset_ += block.size;
    if (offset % kDirectAlignment != 0 || block.size % kDirectAlignment != 0) direct_ = false;
    const int fd = direct_ ? direct_fd_ : fd_;
    const bool write = write_errno_ == 0;
    lock.unlock();
    if (observer_) {
      std::lock_guard observing(observer_mutex_);
      observer_({block.data + block.header, block.size - block.header});
    }
    const int failed = write ? write_all(fd, block.data, block.size, offset) : 0;
    lock.lock();
    if (failed != 0 && write_errno_ == 0) write_errno_ = failed;
    free_.push_back(block.data);
    changed_.notify_all();
  }
}

bool BackgroundFile::close(std::uint64_t record_count, std::string& error) {
  if (fd_ < 0) return true;
  {
    std::lock_guard lock(mutex_);
    if (current_header_ != 0) queue_current(0); // no record came: the header alone
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& writer : writers_) writer.join();
  writers_.clear();
  int failed = write_errno_;
  if (direct_fd_ >= 0 && ::close(direct_fd_) != 0 && failed == 0) failed = errno;
  direct_fd_ = -1;
  if (failed == 0 && record_count != 0) {
    header_.record_count = record_count;
    if (::pwrite(fd_, &header_, sizeof header_, 0) != static_cast<ssize_t>(sizeof header_)) {
      failed = errno;
    }
  }
  if (::close(fd_) != 0 && failed == 0) failed = errno;
  fd_ = -1;
  if (failed != 0) {
    error = os_error(path_, "cannot write the file", failed);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- stream file writers
bool EventFileWriter::open(const std::string& path, const CoreConfig& config, std::string& error) {
  open_ = file_.open(path, event_stream_header(config, 0), kWriteBufferBytes, error);
  return open_;
}

void EventFileWriter::observe(std::function<void(std::span<const Event>)> observer) {
  file_.observe([observer = std::move(observer)](std::span<const std::byte> bytes) {
    observer({reinterpret_cast<const Event*>(bytes.data()), bytes.size() / sizeof(Event)});
  });
}

std::span<Event> EventFileWriter::take(std::span<const Event> filled) {
  return as_records<Event>(file_.swap(filled.size_bytes()));
}

bool EventFileWriter::close(std::string& error) {
  if (!open_) return true;
  flush();
  open_ = false;
  return file_.close(count(), error);
}

bool CommandFileWriter::open(const std::string& path, const CoreConfig& config,
                             std::string& error) {
  return file_.open(path, command_stream_header(config, 0), kWriteBufferBytes, error);
}

void CommandFileWriter::push(std::span<const Command> commands) {
  for (const Command& command : commands) push(command);
}

void CommandFileWriter::hand_over() {
  const std::size_t filled = static_cast<std::size_t>(cursor_ - begin_);
  handed_ += filled;
  const std::span<Command> buffer = as_records<Command>(file_.swap(filled * sizeof(Command)));
  begin_ = cursor_ = buffer.data();
  end_ = buffer.data() + buffer.size();
}

bool CommandFileWriter::close(std::string& error) {
  hand_over();
  return file_.close(count(), error);
}

// ---------------------------------------------------------------- stream file readers
template <typename Record>
StreamFileReader<Record>::~StreamFileReader() {
  if (fd_ >= 0) ::close(fd_);
}

template <typename Record>
bool StreamFileReader<Record>::open(const std::string& path, std::string& error) {
  path_ = path;
  fd_ = open_regular_file(path, error);
  if (fd_ < 0) return false;
  struct stat status {};
  ::fstat(fd_, &status);
  const auto size = static_cast<std::uint64_t>(status.st_size);
  StreamHeader header{};
  if (size < sizeof header) {
    error = fmt::format("{}: is {} bytes long, too short for the {}-byte stream header", path,
                        size, sizeof header);
    return false;
  }
  if (!read_exactly(fd_, std::as_writable_bytes(std::span(&header, 1)), path, error)) return false;
  const std::string problem = std::is_same_v<Record, Command>
                                  ? command_header_problem(header, size)
                                  : event_header_problem(header, size);
  if (!problem.empty()) {
    error = fmt::format("{}: {}", path, problem);
    return false;
  }
  config_ = config_of(header);
  total_ = header.record_count;
  return true;
}

template <typename Record>
std::span<const Record> StreamFileReader<Record>::next_chunk() {
  const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkRecords, total_ - read_));
  chunk_.resize(size);
  std::string error;
  if (!read_exactly(fd_, std::as_writable_bytes(std::span(chunk_)), path_, error)) {
    throw std::runtime_error(error);
  }
  read_ += size;
  return chunk_;
}

template class StreamFileReader<Command>;
template class StreamFileReader<Event>;

std::optional<RecordKind> stream_kind_of(const std::string& path, std::string& error) {
  const int fd = open_regular_file(path, error);
  if (fd < 0) return std::nullopt;
  char magic[sizeof(StreamHeader::magic)] = {};
  const ssize_t got = ::read(fd, magic, sizeof magic);
  ::close(fd);
  if (got == static_cast<ssize_t>(sizeof magic)) {
    if (std::memcmp(magic, kCommandStreamMagic, sizeof magic) == 0) return RecordKind::Commands;
    if (std::memcmp(magic, kEventStreamMagic, sizeof magic) == 0) return RecordKind::Events;
  }
  error = fmt::format("{}: is neither a command stream nor an event stream (wrong magic)", path);
  return std::nullopt;
}

} // namespace twinmatch::tools
