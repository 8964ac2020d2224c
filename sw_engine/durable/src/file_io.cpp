#include "file_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace twinmatch::durable::io {

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

std::string errno_text(const std::string& what, const std::string& path) {
  return fmt::format("{}: {}: {}", path, what, std::strerror(errno));
}

bool open_file(const std::string& path, int flags, File& file, std::string& error) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = errno_text("cannot open", path);
    return false;
  }
  file = File(fd);
  return true;
}

bool write_all(const File& file, std::span<const std::byte> bytes, const std::string& path,
               std::string& error) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(file.fd(), bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      error = errno_text("write failed", path);
      return false;
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
  return true;
}

bool write_all_at(const File& file, std::span<const std::byte> bytes, std::size_t offset,
                  const std::string& path, std::string& error) {
  while (!bytes.empty()) {
    const ssize_t written =
        ::pwrite(file.fd(), bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      error = errno_text("write failed", path);
      return false;
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
    offset += static_cast<std::size_t>(written);
  }
  return true;
}

bool write_zeros(const File& file, std::size_t offset, std::size_t size, const std::string& path,
                 std::string& error) {
  static const std::vector<std::byte> zeros(std::size_t{1} << 20);
  while (size > 0) {
    const std::size_t chunk = std::min(size, zeros.size());
    if (!write_all_at(file, std::span(zeros).first(chunk), offset, path, error)) return false;
    offset += chunk;
    size -= chunk;
  }
  return true;
}

bool data_sync(const File& file, const std::string& path, std::string& error) {
  if (::fdatasync(file.fd()) != 0) {
    error = errno_text("fdatasync failed", path);
    return false;
  }
  return true;
}

bool full_sync(const File& file, const std::string& path, std::string& error) {
  if (::fsync(file.fd()) != 0) {
    error = errno_text("fsync failed", path);
    return false;
  }
  return true;
}

bool truncate_to(const File& file, std::size_t size, const std::string& path, std::string& error) {
  if (::ftruncate(file.fd(), static_cast<off_t>(size)) != 0) {
    error = errno_text("ftruncate failed", path);
    return false;
  }
  return true;
}

bool sync_directory(const std::string& dir, std::string& error) {
  File directory;
  if (!open_file(dir, O_RDONLY | O_DIRECTORY, directory, error)) return false;
  return full_sync(directory, dir, error);
}

bool make_directory(const std::string& dir, std::string& error) {
  if (::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST) {
    struct stat info {};
    if (::stat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) return true;
    error = fmt::format("{}: exists and is not a directory", dir);
    return false;
  }
  error = errno_text("cannot create directory", dir);
  return false;
}

bool read_whole_file(const std::string& path, std::vector<std::byte>& bytes, std::string& error) {
  File file;
  if (!open_file(path, O_RDONLY, file, error)) return false;
  struct stat info {};
  if (::fstat(file.fd(), &info) != 0) {
    error = errno_text("cannot stat", path);
    return false;
  }
  bytes.resize(static_cast<std::size_t>(info.st_size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(file.fd(), bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = errno_text("read failed", path);
      return false;
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  bytes.resize(done);
  return true;
}

bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

} // namespace twinmatch::durable::io
