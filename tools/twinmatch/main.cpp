// twinmatch: generate command streams, run them through a backend, compare event streams,
// and turn streams into text and back.
#include <array>
#include <exception>
#include <new>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/version.h"

namespace {

struct Subcommand {
  std::string_view name;
  int (*main)(std::span<const std::string_view> args);
  std::string_view summary;
};

constexpr std::array kSubcommands{
    Subcommand{"gen", twinmatch::cli::gen_main, "write a generated command stream"},
    Subcommand{"run", twinmatch::cli::run_main, "run a command stream through a backend"},
    Subcommand{"diff", twinmatch::cli::diff_main, "compare two event streams"},
    Subcommand{"encode", twinmatch::cli::encode_main, "write a stream file from its text form"},
    Subcommand{"dump", twinmatch::cli::dump_main, "print a stream file as text, CSV or JSON lines"},
    Subcommand{"demo", twinmatch::cli::demo_main, "run a generated session on every backend"},
    Subcommand{"loadcurve", twinmatch::cli::loadcurve_main, "latency under load over the DMA link"},
    Subcommand{"recover", twinmatch::cli::recover_main, "recover a journal directory (--journal)"},
    Subcommand{"report", twinmatch::cli::report_main, "benchmark every backend against the targets"},
    Subcommand{"compare", twinmatch::cli::compare_main, "compare two benchmark or report JSON files"},
    Subcommand{"coverage", twinmatch::cli::coverage_main, "functional coverage of a backend's runs (the plan's bins)"},
    Subcommand{"soak", twinmatch::cli::soak_main, "tens of millions of commands, invariants and diff on"},
#ifdef TWINMATCH_WITH_SCALEOUT
    Subcommand{"serve", twinmatch::cli::serve_main, "one shard's engine on NATS JetStream (primary or standby)"},
    Subcommand{"gateway", twinmatch::cli::gateway_main, "send a stream's orders through the sharding gateway"},
#endif
};

void print_overview(std::FILE* out) {
  fmt::print(out, "usage: twinmatch <subcommand> [options]   (twinmatch <subcommand> --help)\n"
                  "       twinmatch --version\n\n");
  for (const Subcommand& subcommand : kSubcommands) {
    fmt::print(out, "  {:<9} {}\n", subcommand.name, subcommand.summary);
  }
}

int dispatch(std::span<const std::string_view> args) {
  if (args.empty()) {
    print_overview(stderr);
    return twinmatch::cli::kExitUsage;
  }
  if (args.front() == "-h" || args.front() == "--help" || args.front() == "help") {
    print_overview(stdout);
    return 0;
  }
  if (args.front() == "--version") {
    fmt::print("twinmatch {}\n", TWINMATCH_VERSION_STRING);
    return 0;
  }
  for (const Subcommand& subcommand : kSubcommands) {
    if (subcommand.name == args.front()) return subcommand.main(args.subspan(1));
  }
  fmt::print(stderr, "twinmatch: unknown subcommand '{}'\n\n", args.front());
  print_overview(stderr);
  return twinmatch::cli::kExitUsage;
}

} // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    return dispatch(args);
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "twinmatch: out of memory (is --count or the stream too large?)\n");
    return twinmatch::cli::kExitUsage;
  } catch (const std::exception& failure) {
    fmt::print(stderr, "twinmatch: {}\n", failure.what());
    return twinmatch::cli::kExitUsage;
  }
}
