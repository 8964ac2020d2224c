// Streams a chunk at a time, so that a run's memory does not grow with its length: commands come
// from a CommandInput (a file, memory, the generator) and events go to an EventOutput (a file,
// memory). Stream files are read with read() into one chunk buffer, and written by a background
// thread from a few fixed buffers, so that the core goes on matching while the bytes are written.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::tools {

// Records per chunk read: 2 MiB of commands or 4 MiB of events, large enough that a system call
// per chunk costs nothing. (Writers use smaller buffers: stream_io.cpp.)
inline constexpr std::size_t kChunkRecords = std::size_t{1} << 16;

class CommandInput {
public:
  virtual ~CommandInput() = default;
  // The next commands of the stream, empty at its end; valid until the next call. Throws
  // std::runtime_error (saying which file and why) when the source fails mid-stream.
  virtual std::span<const Command> next_chunk() = 0;
  // How many commands the stream holds in all.
  virtual std::uint64_t total() const = 0;
};

// Commands already in memory, handed out a chunk at a time.
class SpanCommandInput final : public CommandInput {
public:
  explicit SpanCommandInput(std::span<const Command> commands,
                            std::size_t chunk_records = kChunkRecords)
      : commands_(commands), chunk_(chunk_records) {}
  std::span<const Command> next_chunk() override;
  std::uint64_t total() const override { return commands_.size(); }

private:
  std::span<const Command> commands_;
  std::size_t chunk_;
  std::size_t next_ = 0;
};

// Where a run's events go, in order, as they are made. Producers write each event in place into
// next() (the sw core's sink shape: no copy, one branch per event); a full buffer is handed to
// the concrete output, which returns the buffer to fill next.
class EventOutput {
public:
  virtual ~EventOutput() = default;
  Event& next() {
    if (cursor_ == end_) [[unlikely]] hand_over();
    return *cursor_++;
  }
  void push(const Event& event) { next() = event; }
  void push(std::span<const Event> events);
  // Hands over every event made so far.
  void flush() { hand_over(); }
  std::uint64_t count() const { return handed_ + static_cast<std::uint64_t>(cursor_ - begin_); }
  // Time the producer has spent waiting in next() for the output to free a buffer: time that a
  // backend's own figures must not count as its work.
  virtual double wait_seconds() const { return 0; }

protected:
  // Takes the events made since the last call (possibly none); returns a non-empty buffer.
  virtual std::span<Event> take(std::span<const Event> filled) = 0;

private:
  void hand_over();

  Event* begin_ = nullptr;
  Event* cursor_ = nullptr;
  Event* end_ = nullptr;
  std::uint64_t handed_ = 0;
};

// Appends to a vector (tests, the demo, whole-stream backends).
class VectorEventOutput final : public EventOutput {
public:
  explicit VectorEventOutput(std::vector<Event>& events) : events_(&events), buffer_(4096) {}
  ~VectorEventOutput() override { flush(); }

protected:
  std::span<Event> take(std::span<const Event> filled) override;

private:
  std::vector<Event>* events_;
  std::vector<Event> buffer_;
};

// A file written by two background threads from a few fixed buffers: the byte level under the
// stream file writers. open() creates (or truncates) the file, so a bad path fails before any
// work. Where the file system allows it the file is written with O_DIRECT, straight from the
// buffers to the device: the copy into the page cache costs more than the matching itself on a
// machine whose memory writes are slow (tools/README.md "Throughput"). The header leads the first
// buffer (keeping every write aligned) and gets its record count when the file is closed.
class BackgroundFile {
public:
  BackgroundFile() = default;
  BackgroundFile(const BackgroundFile&) = delete;
  BackgroundFile& operator=(const BackgroundFile&) = delete;
  ~BackgroundFile();

  // `buffer_bytes` must be a multiple of 4096.
  bool open(const std::string& path, const StreamHeader& header, std::size_t buffer_bytes,
            std::string& error);
  // Runs on a writer thread on the record bytes of every buffer before they are written, one
  // buffer at a time, not necessarily in order (for instance a tally).
  void observe(std::function<void(std::span<const std::byte>)> observer);
  // Queues the first `filled` bytes of the current buffer; returns the next buffer to fill,
  // waiting for one if all are queued.
  std::span<std::byte> swap(std::size_t filled);
  // Writes what is queued, sets the header's record count and closes the file; false with the
  // OS's reason if any write failed.
  bool close(std::uint64_t record_count, std::string& error);
  // Time the producer spent waiting for a free buffer: the writing that matching could not hide.
  double wait_seconds() const { return wait_seconds_; }

private:
  struct Pending {
    std::byte* data;
    std::size_t header; // bytes of stream header before the records (the first buffer only)
    std::size_t size;   // header included
  };
  struct FreeBytes {
    void operator()(std::byte* bytes) const;
  };
  void queue_current(std::size_t filled);
  void write_loop();

  std::string path_;
  int fd_ = -1;              // through the page cache
  int direct_fd_ = -1;       // O_DIRECT, where the file system takes it
  bool direct_ = false;      // blocks go to direct_fd_, until an unaligned block turns it off
  std::uint64_t offset_ = 0; // where the next queued block goes
  StreamHeader header_{};
  std::vector<std::unique_ptr<std::byte, FreeBytes>> buffers_;
  std::size_t buffer_bytes_ = 0;
  std::byte* current_ = nullptr;
  std::size_t current_header_ = 0; // the header's bytes at the start of current_, until queued
  std::function<void(std::span<const std::byte>)> observer_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Pending> queue_;
  std::vector<std::byte*> free_;
  bool stopping_ = false;
  int write_errno_ = 0;
  std::mutex observer_mutex_; // the writers see their blocks one at a time
  std::vector<std::thread> writers_;
  double wait_seconds_ = 0;
};

// An event stream file, written as the events come.
class EventFileWriter final : public EventOutput {
public:
  bool open(const std::string& path, const CoreConfig& config, std::string& error);
  // Runs on a writer thread on every chunk of events, one chunk at a time but not necessarily in
  // the stream's order (a tally, not a copy).
  void observe(std::function<void(std::span<const Event>)> observer);
  bool close(std::string& error);
  double wait_seconds() const override { return file_.wait_seconds(); }

protected:
  std::span<Event> take(std::span<const Event> filled) override;

private:
  BackgroundFile file_;
  bool open_ = false;
};

// A command stream file, written a command at a time (gen, encode).
class CommandFileWriter {
public:
  bool open(const std::string& path, const CoreConfig& config, std::string& error);
  void push(const Command& command) {
    if (cursor_ == end_) [[unlikely]] hand_over();
    *cursor_++ = command;
  }
  void push(std::span<const Command> commands);
  bool close(std::string& error);
  std::uint64_t count() const { return handed_ + static_cast<std::uint64_t>(cursor_ - begin_); }

private:
  void hand_over();

  BackgroundFile file_;
  Command* begin_ = nullptr;
  Command* cursor_ = nullptr;
  Command* end_ = nullptr;
  std::uint64_t handed_ = 0;
};

// A stream file read a chunk at a time; open() checks the header against the file's length.
template <typename Record>
class StreamFileReader {
public:
  StreamFileReader() = default;
  StreamFileReader(const StreamFileReader&) = delete;
  StreamFileReader& operator=(const StreamFileReader&) = delete;
  ~StreamFileReader();

  bool open(const std::string& path, std::string& error);
  const CoreConfig& config() const { return config_; }
  std::uint64_t total() const { return total_; }
  // The next records, empty at the end; throws std::runtime_error on a read failure.
  std::span<const Record> next_chunk();

private:
  std::string path_;
  int fd_ = -1;
  CoreConfig config_{};
  std::uint64_t total_ = 0;
  std::uint64_t read_ = 0;
  std::vector<Record> chunk_;
};

using EventFileReader = StreamFileReader<Event>;

class CommandFileReader final : public CommandInput {
public:
  bool open(const std::string& path, std::string& error) { return reader_.open(path, error); }
  const CoreConfig& config() const { return reader_.config(); }
  std::span<const Command> next_chunk() override { return reader_.next_chunk(); }
  std::uint64_t total() const override { return reader_.total(); }

private:
  StreamFileReader<Command> reader_;
};

enum class RecordKind { Commands, Events };

// Which kind of stream `path` holds, from its magic; nothing (and `error`) if neither.
std::optional<RecordKind> stream_kind_of(const std::string& path, std::string& error);

} // namespace twinmatch::tools
