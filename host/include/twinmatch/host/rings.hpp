// The two rings the host driver shares with the card, both in host memory.
//
// Submission ring: `entries` 32-byte Command records, written by the host at its tail and
// fetched by the card's DMA engine up to the tail the host announced through the doorbell.
// Completion ring: `entries` CompletionSlots, written by the card, read by the host at its head;
// or, with the compact event encoding, `entries` 64-byte lines of variable-size records
// (compact_events.hpp) whose published end the card writes into a tail word after them.
// Indices are free-running 32-bit counters; the slot of index i is i & (entries - 1), so
// `tail - head` is the occupancy even across the 2^32 wrap. Entries are powers of two.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "twinmatch/protocol.hpp"

namespace twinmatch::host {

// One completion-ring slot: the 64-byte event exactly as the core emitted it, then a trailer
// word whose bit 0 is the phase bit. The card writes the phase of the ring lap the slot belongs
// to (1 on the first lap, 0 on the second, ...), so the host tells a fresh slot from a stale one
// without the card touching the event bytes. The trailer is the last word of the slot: a posted
// write delivers it after the event bytes it validates.
struct CompletionSlot {
  Event event;
  std::uint64_t trailer;
};
static_assert(sizeof(CompletionSlot) == 72, "completion slot is the event plus one trailer word");
static_assert(offsetof(CompletionSlot, trailer) == sizeof(Event), "trailer follows the event");

inline constexpr std::uint64_t kPhaseBit = 0x1;

constexpr bool is_power_of_two(std::uint32_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

// The phase bit a slot carries when it holds the entry of free-running index `index`.
constexpr std::uint64_t phase_of(std::uint32_t index, std::uint32_t entries) {
  return ((index / entries) + 1) & kPhaseBit;
}

// How events cross the card-to-host wire: Full, one 72-byte CompletionSlot each (the 64-byte
// event and its phase trailer); Compact, variable-size records (compact_events.hpp) packed into
// a byte ring, several per DMA write, and the end of what is valid published in a tail word.
enum class EventEncoding : std::uint8_t { Full, Compact };

// The compact ring is `completion_entries` lines of this many bytes.
inline constexpr std::uint32_t kCompactLineBytes = 64;

// The host-memory rings of one queue pair. Allocated once, before the card is started.
struct HostRings {
  HostRings(std::uint32_t submission_entries, std::uint32_t completion_entries,
            EventEncoding event_encoding = EventEncoding::Full)
      : encoding(event_encoding), submission(submission_entries),
        completion(event_encoding == EventEncoding::Full ? completion_entries : 0),
        compact(event_encoding == EventEncoding::Compact
                    ? std::size_t{completion_entries} * kCompactLineBytes
                    : 0),
        completion_entries_(completion_entries) {}

  std::uint32_t submission_mask() const { return static_cast<std::uint32_t>(submission.size() - 1); }
  std::uint32_t completion_mask() const { return completion_entries_ - 1; }
  std::uint32_t completion_entries() const { return completion_entries_; }
  // Compact: the byte ring's size and the mask of a free-running byte index.
  std::uint32_t compact_bytes() const { return static_cast<std::uint32_t>(compact.size()); }
  std::uint32_t compact_mask() const { return compact_bytes() - 1; }

  EventEncoding encoding;
  std::vector<Command> submission;
  std::vector<CompletionSlot> completion; // Full; zeroed: phase 0, so the first lap's 1 is new
  std::vector<std::uint8_t> compact;      // Compact: the record bytes, at free-running byte i
  // Compact: the card's posted write of its free-running byte tail, after the records it
  // publishes; the host decodes records up to it, never beyond.
  std::uint32_t compact_tail = 0;

private:
  std::uint32_t completion_entries_;
};

} // namespace twinmatch::host
