// Writes the testbench's inputs into a folder: an edge-of-table command stream, the reference
// model's events for it (the golden stream), the same golden stream with one byte changed, and
// a command stream whose header names another core configuration.
#include <cstdio>
#include <string>
#include <vector>

#include "edge_stream.hpp"
#include "reference/reference_model.hpp"
#include "tb_stream_files.hpp"

using namespace twinmatch;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const std::vector<Command> commands = hlstest::make_edge_stream(7, 20000);
  ref::ReferenceModel reference(kHardwareConfig);
  std::vector<Event> golden;
  for (const Command& command : commands) reference.apply(command, golden);
  if (golden.size() <= 1000) return 1;

  std::vector<Event> tampered = golden;
  tampered[1000].price ^= 1u;

  const std::vector<Command> one(commands.begin(), commands.begin() + 1);
  const std::string other_config = dir + "/other_config.tmc";
  bool ok = hlstb::write_stream((dir + "/commands.tmc").c_str(), kCommandStreamMagic, commands) &&
            hlstb::write_stream((dir + "/golden.tme").c_str(), kEventStreamMagic, golden) &&
            hlstb::write_stream((dir + "/tampered.tme").c_str(), kEventStreamMagic, tampered) &&
            hlstb::write_stream(other_config.c_str(), kCommandStreamMagic, one);
  // Patch the header's symbol count (offset 12) to kCpuConfig's.
  std::FILE* file = ok ? std::fopen(other_config.c_str(), "r+b") : nullptr;
  ok = file != nullptr && std::fseek(file, 12, SEEK_SET) == 0 &&
       std::fwrite(&kCpuConfig.symbols, sizeof kCpuConfig.symbols, 1, file) == 1;
  if (file != nullptr) ok = std::fclose(file) == 0 && ok;
  std::printf("%zu commands, %zu golden events\n", commands.size(), golden.size());
  return ok ? 0 : 1;
}
