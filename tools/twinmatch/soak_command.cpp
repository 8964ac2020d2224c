// twinmatch soak: tens of millions of generated commands through one long-lived core, with the
// event-stream invariant checker on every command and, for sw and hls, a byte-for-byte diff
// against the reference model. Commands are generated in chunks (bounded memory): each chunk is
// a fresh generated session of one scenario, closed by a MassCancel of every symbol (its resting
// orders and pending stops), so that the next chunk's generator (which starts from an empty book)
// and the core agree on which handles are free while the core itself keeps running (sequence
// numbers, free lists, pools; and the books' bands and last trade prices, which the generator does
// not know: a stop it expects to wait may trigger at once, which the oracle and the core agree on).
#include <sys/resource.h>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "arguments.hpp"
#include "reference_model.hpp"
#include "subcommands.hpp"
#include "twinmatch/hls/core.hpp"
#include "twinmatch/sw/core.hpp"
#include "twinmatch/sw/sinks.hpp"
#include "twinmatch/tools/command_builders.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/event_tally.hpp"
#include "twinmatch/tools/generator.hpp"
#include "twinmatch/tools/invariant_checker.hpp"
#include "twinmatch/tools/record_names.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch soak --backend sw|hls|ref [--commands N] [--chunk N] [--seed N]\n"
    "                 [--config hw|cpu] [--scenario quiet|normal|volatile|adversarial|mixed]\n"
    "  Runs N generated commands (default 20000000) through one core, checking the invariants\n"
    "  of every command's events and, for sw and hls, diffing against the reference model.\n"
    "  Exit 0 when clean, 1 on a divergence or a broken invariant, 2 on a usage error.\n";

constexpr std::uint64_t kDefaultCommands = 20'000'000;
constexpr std::uint64_t kDefaultChunk = 1u << 18;
constexpr std::uint64_t kMaxChunk = 1u << 24;
constexpr auto kProgressInterval = std::chrono::seconds(5);

// One core kept alive for the whole soak.
class SoakCore {
public:
  virtual ~SoakCore() = default;
  virtual void apply(std::span<const Command> commands, std::vector<Event>& events) = 0;
};

class ReferenceCore final : public SoakCore {
public:
  explicit ReferenceCore(const CoreConfig& config) : model_(config) {}
  void apply(std::span<const Command> commands, std::vector<Event>& events) override {
    for (const Command& command : commands) model_.apply(command, events);
  }

private:
  ref::ReferenceModel model_;
};

class SwCore final : public SoakCore {
public:
  explicit SwCore(const CoreConfig& config) : core_(config, events_) {}
  void apply(std::span<const Command> commands, std::vector<Event>& events) override {
    events_.swap(events);
    core_.apply(commands);
    events_.swap(events);
  }

private:
  std::vector<Event> events_; // the sink's vector; holds `events` while a chunk runs
  sw::Core<sw::VectorSink> core_;
};

class HlsCore final : public SoakCore {
public:
  void apply(std::span<const Command> commands, std::vector<Event>& events) override {
    for (const Command& command : commands) {
      hlscore::process_command(*state_, command, stream_);
      while (!stream_.empty()) events.push_back(stream_.read());
    }
  }

private:
  std::unique_ptr<hlscore::CoreState> state_ = std::make_unique<hlscore::CoreState>();
  hls::stream<Event> stream_{"events"};
};

std::unique_ptr<SoakCore> make_core(std::string_view backend, const CoreConfig& config) {
  if (backend == "ref") return std::make_unique<ReferenceCore>(config);
  if (backend == "sw") return std::make_unique<SwCore>(config);
  if (backend == "hls") return std::make_unique<HlsCore>();
  return nullptr;
}

void add_tally(tools::EventTally& total, const tools::EventTally& chunk) {
  for (std::size_t i = 0; i < total.events_by_type.size(); ++i) {
    total.events_by_type[i] += chunk.events_by_type[i];
  }
  for (std::size_t i = 0; i < total.rejects_by_reason.size(); ++i) {
    total.rejects_by_reason[i] += chunk.rejects_by_reason[i];
  }
  for (std::size_t i = 0; i < total.cancels_by_reason.size(); ++i) {
    total.cancels_by_reason[i] += chunk.cancels_by_reason[i];
  }
  total.filled_quantity += chunk.filled_quantity;
  total.undefined += chunk.undefined;
}

std::string tally_line(const std::array<std::uint64_t, tools::kLastEventType + 1>& counts) {
  std::string line;
  for (std::size_t type = 1; type < counts.size(); ++type) {
    if (counts[type] == 0) continue;
    line += fmt::format("{}{} {}", line.empty() ? "" : ", ",
                        tools::event_type_name(static_cast<std::uint8_t>(type)), counts[type]);
  }
  return line;
}

double millions(std::uint64_t count) { return static_cast<double>(count) / 1e6; }

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0; // Linux reports KiB
}

struct SoakOptions {
  std::string_view backend;
  CoreConfig config;
  std::string_view config_name;
  std::uint64_t commands;
  std::uint64_t chunk;
  std::uint64_t seed;
  std::optional<tools::Scenario> scenario; // nothing: every scenario in turn
};

std::optional<SoakOptions> parse_options(const Arguments& arguments, int& exit_code) {
  SoakOptions options{};
  exit_code = kExitUsage;
  const auto backend = arguments.value("--backend");
  if (!backend) return usage_error("--backend is required", kUsage), std::nullopt;
  if (*backend != "sw" && *backend != "hls" && *backend != "ref") {
    return usage_error(fmt::format("soak runs sw, hls or ref, not '{}'", *backend), kUsage),
           std::nullopt;
  }
  options.backend = *backend;
  options.config_name = arguments.value("--config").value_or("hw");
  const std::optional<CoreConfig> config = config_from_name(options.config_name);
  if (!config) {
    return usage_error(fmt::format("unknown config '{}'", options.config_name), kUsage),
           std::nullopt;
  }
  if (options.backend == "hls" && options.config_name != "hw") {
    return usage_error("the hls core has the hardware configuration only (--config hw)", kUsage),
           std::nullopt;
  }
  options.config = *config;
  const auto number = [&](std::string_view option, std::uint64_t fallback,
                          std::uint64_t& out) -> bool {
    const auto text = arguments.value(option);
    if (!text) {
      out = fallback;
      return true;
    }
    const std::optional<std::uint64_t> value = parse_unsigned(*text);
    if (!value) usage_error(fmt::format("{} '{}' is not a number", option, *text), kUsage);
    out = value.value_or(0);
    return value.has_value();
  };
  if (!number("--commands", kDefaultCommands, options.commands) ||
      !number("--chunk", kDefaultChunk, options.chunk) || !number("--seed", 1, options.seed)) {
    return std::nullopt;
  }
  // Each chunk ends with one MassCancel per symbol; a chunk must hold more than those.
  if (options.chunk <= options.config.symbols || options.chunk > kMaxChunk) {
    return usage_error(fmt::format("--chunk must be above {} (the symbols) and at most {}",
                                   options.config.symbols, kMaxChunk),
                       kUsage),
           std::nullopt;
  }
  if (const auto name = arguments.value("--scenario"); name && *name != "mixed") {
    options.scenario = tools::scenario_from_name(*name);
    if (!options.scenario) {
      return usage_error(fmt::format("unknown scenario '{}'", *name), kUsage), std::nullopt;
    }
  }
  exit_code = 0;
  return options;
}

// The commands of chunk `index`: a generated session, then a MassCancel of every symbol.
std::vector<Command> chunk_commands(const SoakOptions& options, std::uint64_t index,
                                    std::uint64_t count, tools::Scenario scenario) {
  const std::uint64_t seed = options.seed * 0x9E3779B97F4A7C15ull + index;
  std::vector<Command> commands =
      tools::generate(options.config, scenario, seed, count - options.config.symbols);
  for (std::uint32_t symbol = 0; symbol < options.config.symbols; ++symbol) {
    commands.push_back(tools::mass_cancel_command(static_cast<std::uint16_t>(symbol), false, 0));
  }
  return commands;
}

} // namespace

int soak_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--backend", "--commands", "--chunk", "--seed", "--config", "--scenario"}, 0, kUsage,
      exit_code);
  if (!arguments) return exit_code;
  const std::optional<SoakOptions> options = parse_options(*arguments, exit_code);
  if (!options) return exit_code;

  const std::unique_ptr<SoakCore> core = make_core(options->backend, options->config);
  const bool diffed = options->backend != "ref";
  ref::ReferenceModel oracle(options->config);
  tools::InvariantChecker checker(options->config);
  tools::EventTally tally;
  std::array<std::uint64_t, tools::kScenarios.size()> chunks_by_scenario{};
  std::vector<Event> events;
  std::vector<Event> expected;

  fmt::print("soak: {} commands through {}{} (config {}, seed {}, chunks of {})\n",
             options->commands, options->backend, diffed ? ", diffed against ref" : "",
             options->config_name, options->seed, options->chunk);
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  std::uint64_t done = 0, event_count = 0, chunk = 0;
  for (; done < options->commands; ++chunk) {
    const std::uint64_t count = std::min(options->chunk, options->commands - done);
    if (count <= options->config.symbols) break; // too few left for a chunk and its close
    const std::size_t scenario_index =
        options->scenario ? static_cast<std::size_t>(*options->scenario) : chunk % tools::kScenarios.size();
    const tools::Scenario scenario = tools::kScenarios[scenario_index];
    const std::vector<Command> commands = chunk_commands(*options, chunk, count, scenario);

    events.clear();
    core->apply(commands, events);
    if (diffed) {
      expected.clear();
      for (const Command& command : commands) oracle.apply(command, expected);
      if (const auto divergence = tools::first_divergence(expected, events)) {
        fmt::print(stderr, "soak: {} diverges from ref in chunk {} ({}, seed {}), {} events in:\n{}",
                   options->backend, chunk, tools::scenario_name(scenario),
                   options->seed * 0x9E3779B97F4A7C15ull + chunk, event_count + divergence->index,
                   tools::describe_divergence(*divergence, "ref", options->backend));
        return 1;
      }
    }
    if (const auto violation = checker.check_stream(events)) {
      fmt::print(stderr, "soak: invariant broken in chunk {} ({}): {}\n", chunk,
                 tools::scenario_name(scenario), *violation);
      return 1;
    }
    add_tally(tally, tools::tally_events(events));
    ++chunks_by_scenario[scenario_index];
    done += commands.size();
    event_count += events.size();

    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress >= kProgressInterval) {
      last_progress = now;
      const double seconds = std::chrono::duration<double>(now - start).count();
      fmt::print("soak: {:.1f} M commands, {:.1f} M events, {:.0f} s, {:.2f} M commands/s\n",
                 millions(done), millions(event_count), seconds, millions(done) / seconds);
      std::fflush(stdout);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (checker.commands_checked() != done) {
    fmt::print(stderr, "soak: the checker saw {} commands of {}\n", checker.commands_checked(), done);
    return 1;
  }
  fmt::print("soak: clean: {} commands, {} events, {} chunks in {:.1f} s ({:.2f} M commands/s "
             "including generation{} and checks)\n",
             done, event_count, chunk, seconds, millions(done) / seconds, diffed ? ", the reference" : "");
  fmt::print("  invariants held after every command{}\n",
             diffed ? fmt::format("; {} byte-identical to ref", options->backend) : std::string());
  std::string scenarios;
  for (std::size_t i = 0; i < tools::kScenarios.size(); ++i) {
    scenarios += fmt::format("{}{} {}", i == 0 ? "" : ", ", tools::scenario_name(tools::kScenarios[i]),
                             chunks_by_scenario[i]);
  }
  fmt::print("  chunks by scenario: {}\n", scenarios);
  fmt::print("  events: {}\n", tally_line(tally.events_by_type));
  fmt::print("  filled quantity {}, undefined records {}\n", tally.filled_quantity, tally.undefined);
  fmt::print("  peak RSS {:.0f} MiB\n", peak_rss_mib());
  return 0;
}

} // namespace twinmatch::cli
