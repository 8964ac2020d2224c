// The compact link encoding of events (docs/protocol.md, "Link encoding"): how the card packs
// the 64-byte events of the core into fewer bytes for the card-to-host wire, and how the host
// turns them back into exactly the same 64-byte records. A wire format of the link only: every
// core still emits, and every sink still receives, the Event of protocol.hpp.
//
// A record is a multiple of 4 bytes, little-endian, at least 8 (the header) and at most 72:
//   compact (kind = the event type, 1..10): type, flags, side, reason, symbol, cmd_opcode as in
//     the event, then a mask byte saying which of the event's other fields are present (nonzero);
//     those follow in event order, 4 bytes each, level_quantity 8. seq and cmd_seq are implicit:
//     seq is the previous event's + 1, cmd_seq the previous event's, + 1 after an event flagged
//     last (both from 1).
//   full (kind 0xFF, the rest of the header zero): the 64-byte event follows verbatim. The
//     encoder uses it for any event the compact form cannot carry (numbering that is not
//     implicit, nonzero reserved bytes, an unknown type), so encoding is lossless for any stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "twinmatch/protocol.hpp"

namespace twinmatch::host {

inline constexpr std::uint32_t kCompactHeaderBytes = 8;
inline constexpr std::uint32_t kCompactMaxRecordBytes = kCompactHeaderBytes + sizeof(Event);
inline constexpr std::uint8_t kCompactFullKind = 0xFF;
// Compact records carry event types 1 .. kCompactLastType.
inline constexpr std::uint8_t kCompactLastType = static_cast<std::uint8_t>(EventType::BandSet);

// The numbering both ends infer: the seq and cmd_seq the next event has if it is implicit.
struct CompactNumbering {
  std::uint64_t next_seq = 1;
  std::uint64_t next_cmd_seq = 1;
  void advance(const Event& event);
};

// The card's side. One per stream: it tracks the implicit numbering.
class CompactEncoder {
public:
  // Bytes the record of `event` will take (8 .. 72), without encoding it.
  std::uint32_t record_bytes(const Event& event) const;
  // Writes the record of `event` at `out` (room for record_bytes(event)); returns its size.
  std::uint32_t encode(const Event& event, std::uint8_t* out);

private:
  bool fits_compact(const Event& event) const;
  CompactNumbering numbering_;
};

// The host's side. One per stream, fed the records in order.
class CompactDecoder {
public:
  struct Result {
    std::uint32_t bytes = 0; // the record's size; 0 when it is malformed (see error)
    std::string error;
  };
  // Decodes the record at the start of `bytes` (the published bytes from it on, or the first
  // kCompactMaxRecordBytes of them) into `event`. A malformed record (an unknown kind, a full
  // record's nonzero header, a field marked present that is zero, a record longer than
  // `bytes`) returns size 0 and says why; the decoder's numbering is then unchanged.
  Result decode(std::span<const std::uint8_t> bytes, Event& event);

private:
  CompactNumbering numbering_;
};

} // namespace twinmatch::host
