// File-based testbench: reads a command stream file and a golden event stream file
// (docs/protocol.md "Stream files"), runs every command through twinmatch_hls_top and compares
// each event byte for byte with the golden one. Returns 0 on pass, so the vendor C-simulation and
// C/RTL co-simulation run the same program:  hls_tb COMMANDS.tmc GOLDEN.tme [ACTUAL_OUT.tme]
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "twinmatch/hls/core.hpp"

namespace {

using twinmatch::Command;
using twinmatch::Event;
using twinmatch::StreamHeader;
using twinmatch::hlscore::HwConfig;

// Reads a whole stream file into `records`; on any problem prints the file and the problem.
template <typename Record>
bool read_stream(const char* path, const char (&magic)[8], std::vector<Record>& records) {
  std::FILE* file = std::fopen(path, "rb");
  if (file == nullptr) {
    std::fprintf(stderr, "%s: cannot open\n", path);
    return false;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(file, std::fclose);
  StreamHeader header{};
  if (std::fread(&header, sizeof header, 1, file) != 1) {
    std::fprintf(stderr, "%s: shorter than the 64-byte stream header\n", path);
    return false;
  }
  static const std::uint8_t zeros[sizeof header.reserved1] = {};
  const char* problem = nullptr;
  if (std::memcmp(header.magic, magic, sizeof header.magic) != 0) problem = "wrong magic";
  else if (header.format_version != twinmatch::kStreamFormatVersion)
    problem = "unsupported format version";
  else if (header.record_size != sizeof(Record)) problem = "wrong record size";
  else if (header.reserved0 != 0 || std::memcmp(header.reserved1, zeros, sizeof zeros) != 0)
    problem = "reserved header bytes are not zero";
  else if (header.symbols != HwConfig::kCore.symbols ||
           header.price_levels != HwConfig::kCore.price_levels ||
           header.handles != HwConfig::kCore.handles ||
           header.max_quantity != HwConfig::kCore.max_quantity)
    problem = "made for another core configuration than kHardwareConfig";
  if (problem != nullptr) {
    std::fprintf(stderr, "%s: %s\n", path, problem);
    return false;
  }
  if (std::fseek(file, 0, SEEK_END) != 0) {
    std::fprintf(stderr, "%s: cannot seek\n", path);
    return false;
  }
  const long length = std::ftell(file);
  const std::uint64_t expected = sizeof header + header.record_count * sizeof(Record);
  if (length < 0 || static_cast<std::uint64_t>(length) != expected) {
    std::fprintf(stderr, "%s: length %ld bytes, header says %llu\n", path, length,
                 static_cast<unsigned long long>(expected));
    return false;
  }
  std::fseek(file, sizeof header, SEEK_SET);
  records.resize(header.record_count);
  if (!records.empty() && std::fread(records.data(), sizeof(Record), records.size(), file) !=
                              records.size()) {
    std::fprintf(stderr, "%s: read failed\n", path);
    return false;
  }
  return true;
}

bool write_events(const char* path, const std::vector<Event>& events) {
  StreamHeader header{};
  std::memcpy(header.magic, twinmatch::kEventStreamMagic, sizeof header.magic);
  header.format_version = twinmatch::kStreamFormatVersion;
  header.record_size = sizeof(Event);
  header.symbols = HwConfig::kCore.symbols;
  header.price_levels = HwConfig::kCore.price_levels;
  header.handles = HwConfig::kCore.handles;
  header.max_quantity = HwConfig::kCore.max_quantity;
  header.record_count = events.size();
  std::FILE* file = std::fopen(path, "wb");
  if (file == nullptr) {
    std::fprintf(stderr, "%s: cannot create\n", path);
    return false;
  }
  const bool ok = std::fwrite(&header, sizeof header, 1, file) == 1 &&
                  (events.empty() ||
                   std::fwrite(events.data(), sizeof(Event), events.size(), file) == events.size());
  return std::fclose(file) == 0 && ok;
}

void print_event(const char* label, const Event& e) {
  std::fprintf(stderr,
               "  %s: type %u flags %u side %u reason %u symbol %u opcode %u seq %llu cmd_seq %llu "
               "handle %u maker %u price %u qty %u rem %u maker_rem %u level_qty %llu count %u\n",
               label, e.type, e.flags, e.side, e.reason, e.symbol, e.cmd_opcode,
               static_cast<unsigned long long>(e.seq), static_cast<unsigned long long>(e.cmd_seq),
               e.handle, e.maker_handle, e.price, e.quantity, e.remaining, e.maker_remaining,
               static_cast<unsigned long long>(e.level_quantity), e.order_count);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: %s COMMANDS GOLDEN_EVENTS [ACTUAL_EVENTS_OUT]\n", argv[0]);
    return 2;
  }
  std::vector<Command> commands;
  std::vector<Event> golden;
  if (!read_stream(argv[1], twinmatch::kCommandStreamMagic, commands) ||
      !read_stream(argv[2], twinmatch::kEventStreamMagic, golden))
    return 2;

  hls::stream<Command> command_in("command_in");
  hls::stream<Event> event_out("event_out");
  std::vector<Event> actual;
  actual.reserve(golden.size());
  for (const Command& command : commands) {
    command_in.write(command);
    twinmatch_hls_top(command_in, event_out);
    while (!event_out.empty()) actual.push_back(event_out.read());
  }

  if (argc == 4 && !write_events(argv[3], actual)) return 2;

  const std::size_t common = actual.size() < golden.size() ? actual.size() : golden.size();
  for (std::size_t i = 0; i < common; ++i) {
    if (std::memcmp(&actual[i], &golden[i], sizeof(Event)) != 0) {
      std::fprintf(stderr, "FAIL: event %zu differs from the golden stream\n", i);
      print_event("golden", golden[i]);
      print_event("actual", actual[i]);
      return 1;
    }
  }
  if (actual.size() != golden.size()) {
    std::fprintf(stderr, "FAIL: %zu events, golden stream has %zu\n", actual.size(),
                 golden.size());
    return 1;
  }
  std::printf("PASS: %zu commands, %zu events identical to %s\n", commands.size(), actual.size(),
              argv[2]);
  return 0;
}
