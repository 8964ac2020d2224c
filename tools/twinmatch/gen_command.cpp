// twinmatch gen: write a generated command stream to a file.
#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch gen --scenario quiet|normal|volatile|adversarial --seed N --count N\n"
    "                [--config hw|cpu] -o FILE\n";

// 3.2 GB of commands: beyond that a machine runs out of memory before the stream is written.
constexpr std::uint64_t kMaxCount = 100'000'000;

} // namespace

int gen_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--scenario", "--seed", "--count", "--config", "-o"}, 0, kUsage, exit_code);
  if (!arguments) return exit_code;
  const auto scenario_text = arguments->value("--scenario");
  const auto seed_text = arguments->value("--seed");
  const auto count_text = arguments->value("--count");
  const auto output = arguments->value("-o");
  if (!scenario_text || !seed_text || !count_text || !output) {
    return usage_error("--scenario, --seed, --count and -o are required", kUsage);
  }
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

  const std::vector<Command> commands = tools::generate(*config, *scenario, *seed, *count);
  std::string error;
  if (!tools::write_command_stream(std::string(*output), *config, commands, error)) {
    fmt::print(stderr, "twinmatch gen: {}\n", error);
    return kExitUsage;
  }
  fmt::print("wrote {} {} commands (seed {}, config {}) to {}\n", commands.size(), *scenario_text,
             *seed, config_name, *output);
  return 0;
}

} // namespace twinmatch::cli
