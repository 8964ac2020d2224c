// twinmatch gen: write a generated command stream to a file, a chunk at a time.
#include <fmt/format.h>

#include "arguments.hpp"
#include "progress.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch gen --scenario quiet|normal|volatile|adversarial|banded|spread\n"
    "                --seed N --count N\n"
    "                [--config hw|hw16|cpu] [--handle-lanes N] [--progress auto|always|never]\n"
    "                -o FILE\n"
    "  Writes COUNT commands of the scenario (the same bytes for the same seed everywhere).\n"
    "  --handle-lanes N: handles from a free list per lane of an N-lane core, symbol s getting\n"
    "  handles h with h % N == s % N (N a power of two up to 256 dividing the handles; 1, the\n"
    "  default, is one free list for all symbols).\n";

// 3.2 GB of commands: a bound on the disk a typo can fill, not on memory (gen streams).
constexpr std::uint64_t kMaxCount = 100'000'000;

} // namespace

int gen_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--scenario", "--seed", "--count", "--config", "--handle-lanes", "--progress", "-o"}, 0, kUsage,
      exit_code);
  if (!arguments) return exit_code;
  if (const std::string missing =
          missing_options(*arguments, {"--scenario", "--seed", "--count", "-o"});
      !missing.empty()) {
    return usage_error(missing, kUsage);
  }
  const auto scenario_text = arguments->value("--scenario");
  const auto seed_text = arguments->value("--seed");
  const auto count_text = arguments->value("--count");
  const auto output = arguments->value("-o");
  const std::optional<tools::Scenario> scenario = tools::scenario_from_name(*scenario_text);
  if (!scenario) return usage_error(fmt::format("unknown scenario '{}'", *scenario_text), kUsage);
  const std::optional<std::uint64_t> seed = parse_unsigned(*seed_text);
  if (!seed) return usage_error(fmt::format("--seed '{}' is not a number", *seed_text), kUsage);
  const std::optional<std::uint64_t> count = parse_unsigned(*count_text);
  if (!count) return usage_error(fmt::format("--count '{}' is not a number", *count_text), kUsage);
  if (*count > kMaxCount) {
    return usage_error(fmt::format("--count {} is more than {}", *count, kMaxCount), kUsage);
  }
  const std::string_view config_name = arguments->value("--config").value_or("hw");
  const std::optional<CoreConfig> config = config_from_name(config_name);
  if (!config) return usage_error(fmt::format("unknown config '{}'", config_name), kUsage);
  const std::string_view lanes_text = arguments->value("--handle-lanes").value_or("1");
  const std::optional<std::uint64_t> handle_lanes = parse_unsigned(lanes_text);
  if (!handle_lanes || *handle_lanes > 256 ||
      !tools::valid_handle_lanes(*config, static_cast<std::uint32_t>(*handle_lanes))) {
    return usage_error(fmt::format("--handle-lanes '{}': a power of two up to 256 that divides "
                                   "the config's {} handles",
                                   lanes_text, config->handles),
                       kUsage);
  }
  const tools::GeneratorOptions options{static_cast<std::uint32_t>(*handle_lanes)};
  const std::optional<bool> show_progress = progress_wanted(arguments->value("--progress"));
  if (!show_progress) return usage_error("--progress takes auto, always or never", kUsage);

  std::string error;
  tools::CommandFileWriter file;
  if (!file.open(std::string(*output), *config, error)) {
    fmt::print(stderr, "twinmatch gen: {}\n", error);
    return kExitUsage;
  }
  tools::GeneratedCommands commands(*config, *scenario, *seed, *count, options);
  Progress progress("gen", *count, *show_progress);
  for (std::span<const Command> chunk = commands.next_chunk(); !chunk.empty();
       chunk = commands.next_chunk()) {
    file.push(chunk);
    progress.update(file.count());
  }
  progress.finish();
  if (!file.close(error)) {
    fmt::print(stderr, "twinmatch gen: {}\n", error);
    return kExitUsage;
  }
  fmt::print("wrote {} {} commands (seed {}, config {}{}) to {}\n", file.count(), *scenario_text,
             *seed, config_name,
             options.handle_lanes > 1 ? fmt::format(", {} handle lanes", options.handle_lanes) : "",
             *output);
  return 0;
}

} // namespace twinmatch::cli
