// POSIX file operations of the journal and snapshots, each returning false with a message that
// names the file and errno's text. Private to the durable library.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace twinmatch::durable::io {

// An owned file descriptor.
class File {
public:
  File() = default;
  explicit File(int fd) : fd_(fd) {}
  File(File&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  File& operator=(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File();

  int fd() const { return fd_; }
  bool is_open() const { return fd_ >= 0; }

private:
  int fd_ = -1;
};

std::string errno_text(const std::string& what, const std::string& path);

bool open_file(const std::string& path, int flags, File& file, std::string& error);
bool write_all(const File& file, std::span<const std::byte> bytes, const std::string& path,
               std::string& error);
// pwrite() of all of `bytes` at `offset`.
bool write_all_at(const File& file, std::span<const std::byte> bytes, std::size_t offset,
                  const std::string& path, std::string& error);
// Writes `size` zero bytes at `offset` (allocating the blocks for real, unlike a hole).
bool write_zeros(const File& file, std::size_t offset, std::size_t size, const std::string& path,
                 std::string& error);
bool data_sync(const File& file, const std::string& path, std::string& error);
bool full_sync(const File& file, const std::string& path, std::string& error);
bool truncate_to(const File& file, std::size_t size, const std::string& path, std::string& error);
// fsync of a directory, so that a created or renamed entry in it is durable.
bool sync_directory(const std::string& dir, std::string& error);
bool make_directory(const std::string& dir, std::string& error); // ok if it exists
bool read_whole_file(const std::string& path, std::vector<std::byte>& bytes, std::string& error);
bool file_exists(const std::string& path);

} // namespace twinmatch::durable::io
