// Little-endian fixed-width fields into and out of byte buffers: the one way every durable
// format (journal records, snapshots, the canonical state) is written, whatever the host order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace twinmatch::durable {

class ByteWriter {
public:
  explicit ByteWriter(std::vector<std::byte>& out) : out_(out) {}

  void u8(std::uint8_t value) { out_.push_back(static_cast<std::byte>(value)); }
  void u16(std::uint16_t value) { put(value, 2); }
  void u32(std::uint32_t value) { put(value, 4); }
  void u64(std::uint64_t value) { put(value, 8); }
  void i32(std::int32_t value) { u32(static_cast<std::uint32_t>(value)); }
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  void bytes(std::span<const std::byte> data) {
    const std::size_t at = out_.size();
    out_.resize(at + data.size());
    if (!data.empty()) std::memcpy(out_.data() + at, data.data(), data.size());
  }

private:
  void put(std::uint64_t value, int size) {
    for (int i = 0; i < size; ++i) out_.push_back(static_cast<std::byte>(value >> (8 * i)));
  }
  std::vector<std::byte>& out_;
};

// Reads fields in order; a read past the end fails the reader (ok() false) and yields zero, so a
// decoder checks ok() once at the end instead of after every field.
class ByteReader {
public:
  explicit ByteReader(std::span<const std::byte> in) : in_(in) {}

  std::uint8_t u8() { return static_cast<std::uint8_t>(get(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
  std::uint64_t u64() { return get(8); }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  void bytes(std::span<std::byte> out) {
    if (!take(out.size())) return;
    std::memcpy(out.data(), in_.data() + position_ - out.size(), out.size());
  }

  bool ok() const { return ok_; }
  bool at_end() const { return ok_ && position_ == in_.size(); }
  std::size_t remaining() const { return in_.size() - position_; }

private:
  bool take(std::size_t size) {
    if (!ok_ || in_.size() - position_ < size) {
      ok_ = false;
      return false;
    }
    position_ += size;
    return true;
  }
  std::uint64_t get(std::size_t size) {
    if (!take(size)) return 0;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i) {
      value |= static_cast<std::uint64_t>(in_[position_ - size + i]) << (8 * i);
    }
    return value;
  }
  std::span<const std::byte> in_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

} // namespace twinmatch::durable
