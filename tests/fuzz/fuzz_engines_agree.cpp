// libFuzzer target: arbitrary command sequences through the reference model, the sw engine and
// the HLS core (C-simulated); the three event streams must be byte-identical.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "fuzz_command_shaper.hpp"
#include "reference_model.hpp"
#include "twinmatch/hls/core.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

using namespace twinmatch;

namespace {

void require_identical(const std::vector<Event>& expected, const std::vector<Event>& actual,
                       const char* backend) {
  if (expected.size() == actual.size() &&
      (expected.empty() ||
       std::memcmp(expected.data(), actual.data(), expected.size() * sizeof(Event)) == 0)) {
    return;
  }
  std::fprintf(stderr, "%s diverges from the reference model (%zu vs %zu events)\n", backend,
               actual.size(), expected.size());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto commands = fuzz::shape_commands({data, size});

  ref::ReferenceModel model(kHardwareConfig);
  std::vector<Event> expected;
  for (const Command& command : commands) model.apply(command, expected);

  std::vector<Event> from_sw;
  sw::Core<sw::VectorSink> engine(kHardwareConfig, from_sw);
  engine.apply(std::span<const Command>(commands));
  require_identical(expected, from_sw, "sw engine");

  auto core = std::make_unique<hlscore::CoreState>();
  hls::stream<Event> stream("events");
  std::vector<Event> from_hls;
  for (const Command& command : commands) {
    hlscore::process_command(*core, command, stream);
    while (!stream.empty()) from_hls.push_back(stream.read());
  }
  require_identical(expected, from_hls, "hls core");
  return 0;
}
