// libFuzzer target: arbitrary command sequences through the reference model; the event stream
// must keep every invariant of docs/matching.md (checked from the events alone).
#include <cstdio>
#include <cstdlib>

#include "fuzz_command_shaper.hpp"
#include "reference_model.hpp"
#include "twinmatch/tools/invariant_checker.hpp"

using namespace twinmatch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto commands = fuzz::shape_commands({data, size});
  ref::ReferenceModel model(fuzz::kFuzzConfig);
  std::vector<Event> events;
  for (const Command& command : commands) model.apply(command, events);
  if (const auto violation = tools::InvariantChecker(fuzz::kFuzzConfig).check_stream(events)) {
    std::fprintf(stderr, "invariant violated: %s\n", violation->c_str());
    std::abort();
  }
  return 0;
}
