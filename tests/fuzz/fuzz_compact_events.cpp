// libFuzzer target: the compact link encoding of events (host/compact_events.hpp).
//
// The first input byte picks what the rest is:
// - even: bytes as the card might have published them (corrupted, cut short, made up). The
//   decoder takes records from the start until one is refused. Checked: it never reads past the
//   bytes it is given, every record it accepts is 8 to 72 bytes and a multiple of 4, a refused one
//   comes with a reason, and an encoder that follows the same stream re-encodes every accepted
//   event into a record that decodes back to the same 64 bytes.
// - odd: 64-byte events (with the seq and cmd_seq of the implicit numbering where a control bit
//   says so, and zeroed fields, so both record forms come often). Checked: encoding them all
//   into one buffer and decoding it gives back exactly those events, and each record's size is
//   the one record_bytes() predicted.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "twinmatch/host/compact_events.hpp"

using namespace twinmatch;

namespace {

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "compact events: %s\n", what);
    std::abort();
  }
}

using Record = std::array<std::uint8_t, host::kCompactMaxRecordBytes>;

void decode_published(std::span<const std::uint8_t> bytes) {
  host::CompactDecoder decoder;
  host::CompactDecoder replay;
  host::CompactEncoder encoder;
  while (!bytes.empty()) {
    Event event{};
    const auto result = decoder.decode(bytes, event);
    if (result.bytes == 0) {
      require(!result.error.empty(), "a refused record has a reason");
      return;
    }
    require(result.bytes >= host::kCompactHeaderBytes &&
                result.bytes <= host::kCompactMaxRecordBytes && result.bytes % 4 == 0,
            "an accepted record is 8 to 72 bytes, whole words");
    require(result.bytes <= bytes.size(), "the decoder stays within the published bytes");
    Record record{};
    const std::uint32_t size = encoder.encode(event, record.data());
    Event again{};
    require(replay.decode(std::span(record).first(size), again).bytes == size,
            "a re-encoded event decodes");
    require(std::memcmp(&again, &event, sizeof(Event)) == 0, "re-encoding is lossless");
    bytes = bytes.subspan(result.bytes);
  }
}

void round_trip_events(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kChunk = 1 + sizeof(Event); // a control byte, then the event's bytes
  std::vector<Event> events;
  std::uint64_t next_seq = 1;
  std::uint64_t next_cmd_seq = 1;
  for (; bytes.size() >= kChunk; bytes = bytes.subspan(kChunk)) {
    const std::uint8_t control = bytes[0];
    Event event{};
    std::memcpy(&event, bytes.data() + 1, sizeof(Event));
    if ((control & 1u) != 0) {
      event.seq = next_seq;
      event.cmd_seq = next_cmd_seq;
    }
    if ((control & 2u) != 0) event.reserved0 = 0;
    if ((control & 4u) != 0) event.aux = 0;
    if ((control & 8u) != 0) event.type = static_cast<std::uint8_t>(1 + control % 10);
    if ((control & 16u) != 0) { // most fields zero, as in the events cores emit
      event.maker_handle = event.maker_remaining = 0;
      event.level_quantity &= 0xFFFF;
    }
    if ((control & 32u) != 0) event.handle = event.quantity = event.remaining = 0;
    next_seq = event.seq + 1;
    next_cmd_seq = event.cmd_seq + ((event.flags & kEventLast) != 0 ? 1 : 0);
    events.push_back(event);
  }
  host::CompactEncoder encoder;
  std::vector<std::uint8_t> wire;
  for (const Event& event : events) {
    Record record{};
    const std::uint32_t predicted = encoder.record_bytes(event);
    const std::uint32_t size = encoder.encode(event, record.data());
    require(size == predicted, "record_bytes() predicts the record's size");
    wire.insert(wire.end(), record.begin(), record.begin() + size);
  }
  host::CompactDecoder decoder;
  std::span<const std::uint8_t> rest(wire);
  for (const Event& expected : events) {
    Event event{};
    const auto result = decoder.decode(rest, event);
    require(result.bytes != 0, "an encoded record decodes");
    require(std::memcmp(&event, &expected, sizeof(Event)) == 0, "decode(encode(e)) == e");
    rest = rest.subspan(result.bytes);
  }
  require(rest.empty(), "nothing is left after the last record");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  if ((data[0] & 1u) == 0) {
    decode_published(rest);
  } else {
    round_trip_events(rest);
  }
  return 0;
}
