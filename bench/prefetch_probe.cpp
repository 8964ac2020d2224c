// The machine code that scripts/prefetch_guard.sh reads: sw::Core's batch call and its
// one-command call, as the benchmarks and the host driver get them from the header. The batch
// call's look-ahead prefetches are plain hints that have no effect the compiler can see, and GCC
// once deleted them without a trace (docs/profiling.md, "sw_engine on a big book"); instruction
// counts and tests cannot notice, the disassembly can. The program itself does nothing.
#include <span>

#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"

using twinmatch::Command;
using twinmatch::sw::Core;
using twinmatch::sw::RingSink;

// C names, so the guard finds them in the disassembly without demangling.
extern "C" [[gnu::noinline]] void twinmatch_probe_batch(Core<RingSink>& core, std::span<const Command> commands) {
  core.apply(commands);
}

extern "C" [[gnu::noinline]] void twinmatch_probe_one(Core<RingSink>& core, const Command& command) {
  core.apply(command);
}

int main() { return 0; }
