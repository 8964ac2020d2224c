// twinmatch loadcurve: latency under load of a core behind the host driver and the modelled
// PCIe link, as CSV: one saturating run finds the capacity, then one run per offered fraction.
// Every figure is simulated time of the SystemC model (docs/host.md), not wall time.
#include <array>
#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/link/cores.hpp"
#include "twinmatch/link/run_summary.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch loadcurve --backend NAME --link dma [--scenario normal] [--seed N]\n"
    "                      [--count N] [--config hw|cpu] [-o OUT.csv] [--opt key=value ...]\n";

constexpr std::array kFractions{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
                                0.9, 0.95, 1.0, 1.1, 1.25};
constexpr std::uint64_t kMaxCount = 1'000'000; // 14 simulations of it

int failure(std::string_view message) {
  fmt::print(stderr, "twinmatch loadcurve: {}\n", message);
  return kExitUsage;
}

} // namespace

int loadcurve_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--backend", "--link", "--scenario", "--seed", "--count", "--config", "-o", "--opt"},
      0, kUsage, exit_code);
  if (!arguments) return exit_code;
  const auto backend = arguments->value("--backend");
  if (!backend) return usage_error("--backend is required", kUsage);
  if (arguments->value("--link").value_or("dma") != "dma") {
    return usage_error("--link dma is the only link with a load curve", kUsage);
  }
  const std::string_view scenario_name = arguments->value("--scenario").value_or("normal");
  const auto scenario = tools::scenario_from_name(scenario_name);
  if (!scenario) return usage_error(fmt::format("unknown scenario '{}'", scenario_name), kUsage);
  const auto seed = parse_unsigned(arguments->value("--seed").value_or("1"));
  const auto count = parse_unsigned(arguments->value("--count").value_or("20000"));
  if (!seed || !count || *count == 0 || *count > kMaxCount) {
    return usage_error(fmt::format("--seed and --count must be numbers, --count 1 to {}",
                                   kMaxCount),
                       kUsage);
  }
  const std::string_view config_name = arguments->value("--config").value_or("hw");
  const std::optional<CoreConfig> config = config_from_name(config_name);
  if (!config) return usage_error(fmt::format("unknown config '{}'", config_name), kUsage);

  std::string error;
  std::map<std::string, std::string> options;
  if (!parse_backend_options(arguments->values("--opt"), options, error)) {
    return usage_error(error, kUsage);
  }
  link::DmaRunConfig run_config;
  if (!link::parse_dma_options(options, run_config, error)) return failure(error);
  const std::unique_ptr<link::CoreModel> core = link::make_core(*backend, *config, error);
  if (!core) return failure(error);

  const std::vector<Command> commands = tools::generate(*config, *scenario, *seed, *count);
  const std::vector<link::LoadPoint> curve =
      link::load_curve(run_config, *core, commands, kFractions, error);
  if (curve.empty()) return failure(error);
  const std::string csv = link::load_curve_csv(curve);
  if (const auto output = arguments->value("-o")) {
    std::ofstream file{std::string(*output), std::ios::trunc};
    file << csv;
    if (!file) return failure(fmt::format("{}: cannot write the file", *output));
  } else {
    fmt::print("{}", csv);
    std::fflush(stdout); // the CSV before the parameter line on stderr
  }
  const bool pio = run_config.driver.submit_mode == host::SubmitMode::Pio;
  fmt::print(stderr,
             "{}+dma, {} {} commands (seed {}), simulated: link {} ns one way, {} GB/s, MPS {} B, "
             "TLP overhead {} B; core {} MHz ({}); rings {}/{}, submit {}{}, events {}, batch "
             "{}, write burst {}, host poll {} ns\n",
             core->name(), *count, scenario_name, *seed, run_config.link.one_way_latency_ns,
             run_config.link.bandwidth_gbytes_per_s, run_config.link.max_payload_bytes,
             run_config.link.tlp_overhead_bytes, run_config.card.core_clock_mhz,
             core->timing_source(), run_config.driver.submission_entries,
             run_config.driver.completion_entries, pio ? "pio" : "ring",
             pio ? fmt::format(" (window {})", run_config.driver.pio_window_entries) : "",
             run_config.driver.event_encoding == host::EventEncoding::Compact ? "compact" : "full",
             run_config.driver.doorbell_batch, run_config.card.write_burst_events,
             run_config.host_poll_ns);
  return 0;
}

} // namespace twinmatch::cli
