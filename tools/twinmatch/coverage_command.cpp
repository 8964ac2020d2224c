// twinmatch coverage: run generated scenarios and command-stream files through a backend with
// the functional-coverage collector watching (tools/lib/coverage.cpp) and report every bin of
// the plan (docs/verification.md, "Functional coverage"). The rtl backend also reports the
// port-phase bins, from the core's handshakes each cycle.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/sim/rtl_sim.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/coverage.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch coverage [--backend rtl|ref|sw|hls] [--scenario NAME:SEED:COUNT]...\n"
    "                    [--commands FILE]... [--gaps P] [--backpressure P] [--seed N]\n"
    "                    [--json FILE] [--fail-under PERCENT]\n"
    "  Runs each generated scenario and each command stream (hardware configuration) through the\n"
    "  backend on a fresh core and prints every coverage bin with its hits; --json writes the same\n"
    "  as JSON. rtl (the default) adds the port-phase bins; --gaps and --backpressure are its\n"
    "  per-cycle chances of an input gap and of evt_ready low (default 0.3 each), --seed theirs.\n"
    "  --fail-under P: exit 1 if fewer than P% of the reachable bins are hit, or if an outcome\n"
    "  the plan says cannot happen is seen (the CI gate uses 100).\n";

struct Stream {
  std::string name;
  std::vector<Command> commands;
};

bool parse_scenario(std::string_view spec, Stream& stream, std::string& error) {
  const auto first = spec.find(':');
  const auto second = first == std::string_view::npos ? first : spec.find(':', first + 1);
  if (second == std::string_view::npos) {
    error = fmt::format("--scenario {}: expected NAME:SEED:COUNT", spec);
    return false;
  }
  const auto scenario = tools::scenario_from_name(spec.substr(0, first));
  const auto seed = parse_unsigned(spec.substr(first + 1, second - first - 1));
  const auto count = parse_unsigned(spec.substr(second + 1));
  if (!scenario || !seed || !count) {
    error = fmt::format("--scenario {}: expected NAME:SEED:COUNT with a known scenario name", spec);
    return false;
  }
  stream.name = std::string(spec);
  stream.commands = tools::generate(kHardwareConfig, *scenario, *seed, *count);
  return true;
}

void run_rtl(const Stream& stream, sim::RtlSimOptions options, tools::coverage::Collector& collector) {
  options.port_observer = [&collector](const sim::RtlPortSample& sample) {
    collector.on_port_cycle({sample.cmd_valid, sample.cmd_ready, sample.evt_valid, sample.evt_ready});
  };
  sim::RtlSim sim(std::move(options), sim::kRtlConfig);
  constexpr std::size_t kChunk = 256;
  std::size_t position = 0;
  const std::span<const Command> all(stream.commands);
  sim.run(
      [&]() -> std::span<const Command> {
        const std::span<const Command> chunk = all.subspan(position, std::min(kChunk, all.size() - position));
        for (const Command& command : chunk) collector.on_command(command);
        position += chunk.size();
        return chunk;
      },
      [&collector](const Event& event) { collector.on_event(event); });
}

} // namespace

int coverage_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--backend", "--scenario", "--commands", "--gaps", "--backpressure", "--seed", "--json", "--fail-under"},
      0, kUsage, exit_code);
  if (!arguments) return exit_code;
  const std::string backend_name(arguments->value("--backend").value_or("rtl"));
  const bool rtl = backend_name == "rtl";

  sim::RtlSimOptions rtl_options;
  rtl_options.gap_probability = 0.3;
  rtl_options.backpressure_probability = 0.3;
  for (const auto& [option, target] : {std::pair{"--gaps", &rtl_options.gap_probability},
                                       std::pair{"--backpressure", &rtl_options.backpressure_probability}}) {
    if (const auto text = arguments->value(option)) {
      const double probability = std::atof(std::string(*text).c_str());
      if (!(probability >= 0.0 && probability < 1.0)) {
        fmt::print(stderr, "twinmatch coverage: {} {} is not a probability in [0, 1)\n", option, *text);
        return kExitUsage;
      }
      *target = probability;
    }
  }
  if (const auto text = arguments->value("--seed")) {
    const auto seed = parse_unsigned(*text);
    if (!seed) {
      fmt::print(stderr, "twinmatch coverage: --seed {} is not an unsigned integer\n", *text);
      return kExitUsage;
    }
    rtl_options.seed = *seed;
  }

  std::vector<Stream> streams;
  std::string error;
  for (std::string_view spec : arguments->values("--scenario")) {
    Stream stream;
    if (!parse_scenario(spec, stream, error)) {
      fmt::print(stderr, "twinmatch coverage: {}\n", error);
      return kExitUsage;
    }
    streams.push_back(std::move(stream));
  }
  for (std::string_view path : arguments->values("--commands")) {
    tools::CommandStream file;
    if (!tools::read_command_stream(std::string(path), file, error) ||
        !tools::check_stream_config(file.config, kHardwareConfig, std::string(path), error)) {
      fmt::print(stderr, "twinmatch coverage: {}\n", error);
      return kExitUsage;
    }
    streams.push_back(Stream{std::string(path), std::move(file.commands)});
  }
  if (streams.empty()) {
    fmt::print(stderr, "twinmatch coverage: no --scenario or --commands given\n\n{}", kUsage);
    return kExitUsage;
  }

  std::unique_ptr<tools::Backend> backend;
  if (!rtl) {
    backend = tools::make_backend(backend_name, kHardwareConfig, {}, error);
    if (!backend) {
      fmt::print(stderr, "twinmatch coverage: {}\n", error);
      return kExitUsage;
    }
  }
  tools::coverage::Collector collector(kHardwareConfig, rtl);
  for (const Stream& stream : streams) {
    collector.begin_stream();
    if (rtl) {
      run_rtl(stream, rtl_options, collector);
    } else {
      std::vector<Event> events;
      tools::Metrics metrics;
      backend->run(stream.commands, events, metrics);
      for (const Command& command : stream.commands) collector.on_command(command);
      for (const Event& event : events) collector.on_event(event);
    }
  }

  fmt::print("{}", collector.text_report());
  if (const auto path = arguments->value("--json")) {
    std::ofstream out{std::string(*path)};
    out << collector.json_report();
    if (!out) {
      fmt::print(stderr, "twinmatch coverage: cannot write {}\n", *path);
      return kExitUsage;
    }
  }
  const tools::coverage::Summary summary = collector.summary();
  if (const auto text = arguments->value("--fail-under")) {
    const auto percent = parse_unsigned(*text);
    if (!percent || *percent > 100) {
      fmt::print(stderr, "twinmatch coverage: --fail-under {} is not a percentage 0..100\n", *text);
      return kExitUsage;
    }
    const bool short_of = summary.hit * 100 < *percent * summary.reachable;
    if (short_of || !summary.unplanned.empty()) {
      fmt::print(stderr, "twinmatch coverage: {} of {} reachable bins hit (under {}%), {} unplanned outcomes\n",
                 summary.hit, summary.reachable, *percent, summary.unplanned.size());
      for (const std::string& bin : summary.missed) fmt::print(stderr, "  not hit: {}\n", bin);
      return 1;
    }
  }
  return 0;
}

} // namespace twinmatch::cli
