#include <string_view>

#include <catch2/catch.hpp>

#include "twinmatch/durable/checksums.hpp"

using twinmatch::durable::crc32c;
using twinmatch::durable::fnv1a64;

namespace {

std::span<const std::byte> text(std::string_view value) { return std::as_bytes(std::span(value)); }

std::uint32_t crc_of(const std::array<std::uint8_t, 32>& bytes) {
  return crc32c(std::as_bytes(std::span(bytes)));
}

} // namespace

TEST_CASE("CRC-32C matches the published check value and the RFC 3720 vectors") {
  CHECK(crc32c(text("123456789")) == 0xE3069283u);
  CHECK(crc32c(text("")) == 0x00000000u);
  std::array<std::uint8_t, 32> bytes{};
  CHECK(crc_of(bytes) == 0x8A9136AAu); // 32 zero bytes
  bytes.fill(0xFF);
  CHECK(crc_of(bytes) == 0x62A8AB43u); // 32 0xFF bytes
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  CHECK(crc_of(bytes) == 0x46DD794Eu); // 0x00 .. 0x1F
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(31 - i);
  CHECK(crc_of(bytes) == 0x113FDB5Cu); // 0x1F .. 0x00
}

TEST_CASE("CRC-32C of every length agrees with the bitwise definition") {
  // The slicing-by-8 path against a one-bit-at-a-time CRC, over lengths around the 8-byte step.
  std::array<std::byte, 40> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::byte>(i * 37 + 11);
  for (std::size_t length = 0; length <= bytes.size(); ++length) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < length; ++i) {
      crc ^= static_cast<std::uint32_t>(bytes[i]);
      for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) != 0 ? 0x82F63B78u : 0u);
    }
    CHECK(crc32c(std::span(bytes).first(length)) == (crc ^ 0xFFFFFFFFu));
  }
}

TEST_CASE("FNV-1a 64 matches the published test vectors") {
  CHECK(fnv1a64(text("")) == 0xcbf29ce484222325ull);
  CHECK(fnv1a64(text("a")) == 0xaf63dc4c8601ec8cull);
  CHECK(fnv1a64(text("foobar")) == 0x85944171f73967e8ull);
}
