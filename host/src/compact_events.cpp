#include "twinmatch/host/compact_events.hpp"

#include <array>
#include <cstring>

#include <fmt/format.h>

namespace twinmatch::host {

namespace {

// The event fields a compact record carries only when nonzero, in mask-bit order.
struct OptionalField {
  const char* name;
  std::uint32_t offset; // in the Event
  std::uint32_t bytes;
};
constexpr std::array<OptionalField, 8> kOptionalFields{{
    {"handle", offsetof(Event, handle), 4},
    {"maker_handle", offsetof(Event, maker_handle), 4},
    {"price", offsetof(Event, price), 4},
    {"quantity", offsetof(Event, quantity), 4},
    {"remaining", offsetof(Event, remaining), 4},
    {"maker_remaining", offsetof(Event, maker_remaining), 4},
    {"level_quantity", offsetof(Event, level_quantity), 8},
    {"order_count", offsetof(Event, order_count), 4},
}};
// The header repeats the event's first bytes (type .. cmd_opcode) and puts the mask after them.
constexpr std::uint32_t kSharedHeaderBytes = offsetof(Event, reserved0);
constexpr std::uint32_t kMaskOffset = kSharedHeaderBytes;
static_assert(kMaskOffset + 1 == kCompactHeaderBytes, "header: the event's first bytes, the mask");

bool is_zero(const std::uint8_t* bytes, std::uint32_t count) {
  for (std::uint32_t i = 0; i < count; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

// Fields are 4 or 8 bytes: fixed-size loads and copies, which compile to single moves.
bool field_is_zero(const std::uint8_t* bytes, std::uint32_t size) {
  if (size == 8) {
    std::uint64_t value;
    std::memcpy(&value, bytes, 8);
    return value == 0;
  }
  std::uint32_t value;
  std::memcpy(&value, bytes, 4);
  return value == 0;
}

void copy_field(std::uint8_t* to, const std::uint8_t* from, std::uint32_t size) {
  if (size == 8) {
    std::memcpy(to, from, 8);
  } else {
    std::memcpy(to, from, 4);
  }
}

std::uint8_t presence_mask(const Event& event) {
  const auto* raw = reinterpret_cast<const std::uint8_t*>(&event);
  std::uint8_t mask = 0;
  for (std::size_t bit = 0; bit < kOptionalFields.size(); ++bit) {
    const OptionalField& field = kOptionalFields[bit];
    if (!field_is_zero(raw + field.offset, field.bytes)) {
      mask |= static_cast<std::uint8_t>(1u << bit);
    }
  }
  return mask;
}

std::uint32_t compact_bytes(std::uint8_t mask) {
  std::uint32_t bytes = kCompactHeaderBytes;
  for (std::size_t bit = 0; bit < kOptionalFields.size(); ++bit) {
    if ((mask >> bit) & 1u) bytes += kOptionalFields[bit].bytes;
  }
  return bytes;
}

} // namespace

void CompactNumbering::advance(const Event& event) {
  next_seq = event.seq + 1;
  next_cmd_seq = event.cmd_seq + ((event.flags & kEventLast) != 0 ? 1 : 0);
}

bool CompactEncoder::fits_compact(const Event& event) const {
  return event.type >= 1 && event.type <= kCompactLastType && event.reserved0 == 0 &&
         event.aux == 0 && event.seq == numbering_.next_seq &&
         event.cmd_seq == numbering_.next_cmd_seq;
}

std::uint32_t CompactEncoder::record_bytes(const Event& event) const {
  return fits_compact(event) ? compact_bytes(presence_mask(event)) : kCompactMaxRecordBytes;
}

std::uint32_t CompactEncoder::encode(const Event& event, std::uint8_t* out) {
  const auto* raw = reinterpret_cast<const std::uint8_t*>(&event);
  std::uint32_t size = kCompactHeaderBytes;
  if (fits_compact(event)) {
    const std::uint8_t mask = presence_mask(event);
    std::memcpy(out, raw, kSharedHeaderBytes);
    out[kMaskOffset] = mask;
    for (std::size_t bit = 0; bit < kOptionalFields.size(); ++bit) {
      if (((mask >> bit) & 1u) == 0) continue;
      const OptionalField& field = kOptionalFields[bit];
      copy_field(out + size, raw + field.offset, field.bytes);
      size += field.bytes;
    }
  } else {
    std::memset(out, 0, kCompactHeaderBytes);
    out[0] = kCompactFullKind;
    std::memcpy(out + kCompactHeaderBytes, raw, sizeof(Event));
    size = kCompactMaxRecordBytes;
  }
  numbering_.advance(event);
  return size;
}

CompactDecoder::Result CompactDecoder::decode(std::span<const std::uint8_t> bytes, Event& event) {
  if (bytes.size() < kCompactHeaderBytes) {
    return {0, fmt::format("a record header needs {} bytes, only {} are published",
                           kCompactHeaderBytes, bytes.size())};
  }
  const std::uint8_t kind = bytes[0];
  if (kind == kCompactFullKind) {
    if (!is_zero(bytes.data() + 1, kCompactHeaderBytes - 1)) {
      return {0, "a full record's header has nonzero bytes after its kind"};
    }
    if (bytes.size() < kCompactMaxRecordBytes) {
      return {0, fmt::format("a full record needs {} bytes, only {} are published",
                             kCompactMaxRecordBytes, bytes.size())};
    }
    std::memcpy(&event, bytes.data() + kCompactHeaderBytes, sizeof(Event));
    numbering_.advance(event);
    return {kCompactMaxRecordBytes, {}};
  }
  if (kind == 0 || kind > kCompactLastType) {
    return {0, fmt::format("unknown record kind {}", kind)};
  }
  const std::uint8_t mask = bytes[kMaskOffset];
  const std::uint32_t size = compact_bytes(mask);
  if (bytes.size() < size) {
    return {0, fmt::format("a {}-byte record (kind {}, mask {:#04x}) runs past the {} published "
                           "bytes", size, kind, mask, bytes.size())};
  }
  Event decoded{};
  auto* raw = reinterpret_cast<std::uint8_t*>(&decoded);
  std::memcpy(raw, bytes.data(), kSharedHeaderBytes);
  std::uint32_t at = kCompactHeaderBytes;
  for (std::size_t bit = 0; bit < kOptionalFields.size(); ++bit) {
    if (((mask >> bit) & 1u) == 0) continue;
    const OptionalField& field = kOptionalFields[bit];
    if (field_is_zero(bytes.data() + at, field.bytes)) {
      return {0, fmt::format("field {} is marked present but zero", field.name)};
    }
    copy_field(raw + field.offset, bytes.data() + at, field.bytes);
    at += field.bytes;
  }
  // The numbering moves on from values in hand, not re-read from the event just written.
  decoded.seq = numbering_.next_seq;
  decoded.cmd_seq = numbering_.next_cmd_seq;
  numbering_.next_seq += 1;
  if ((decoded.flags & kEventLast) != 0) numbering_.next_cmd_seq += 1;
  event = decoded;
  return {size, {}};
}

} // namespace twinmatch::host
