// twinmatch run: run a command stream through one backend, write its events and a report.
#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/stream_file.hpp"
#include "twinmatch/tools/timed_run.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch run --backend NAME --input FILE --events OUT [--report OUT.json]\n"
    "                [--link dma] [--opt key=value ...]\n";

bool write_text(const std::string& path, const std::string& text, std::string& error) {
  std::ofstream file(path, std::ios::trunc);
  file << text;
  if (!file) {
    error = fmt::format("{}: cannot write the file", path);
    return false;
  }
  return true;
}

int failure(std::string_view message) {
  fmt::print(stderr, "twinmatch run: {}\n", message);
  return kExitUsage;
}

} // namespace

int run_main(std::span<const std::string_view> args) {
  if (std::find(args.begin(), args.end(), "--journal") != args.end()) return journaled_run_main(args);
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--backend", "--input", "--events", "--report", "--opt", "--link"}, 0, kUsage,
      exit_code);
  if (!arguments) return exit_code;
  const auto backend_name = arguments->value("--backend");
  const auto input = arguments->value("--input");
  const auto events_path = arguments->value("--events");
  if (!backend_name || !input || !events_path) {
    return usage_error("--backend, --input and --events are required", kUsage);
  }
  std::string error;
  tools::BackendOptions options;
  if (!parse_backend_options(arguments->values("--opt"), options, error)) {
    return usage_error(error, kUsage);
  }
  if (const auto link = arguments->value("--link")) options["link"] = std::string(*link);

  tools::CommandStream stream;
  if (!tools::read_command_stream(std::string(*input), stream, error)) return failure(error);
  const std::unique_ptr<tools::Backend> backend =
      tools::make_backend(*backend_name, stream.config, options, error);
  if (!backend) return failure(error);
  if (!tools::check_stream_config(stream.config, backend->config(), *input, error)) {
    return failure(error);
  }

  std::vector<Event> events;
  const tools::RunRecord record = tools::timed_run(*backend, stream.commands, events);
  if (!tools::write_event_stream(std::string(*events_path), backend->config(), events, error)) {
    return failure(error);
  }
  if (const auto report = arguments->value("--report");
      report && !write_text(std::string(*report), tools::run_report_json(record), error)) {
    return failure(error);
  }
  fmt::print("{}: {} commands -> {} events in {:.3f} s ({:.0f} commands/s), written to {}\n",
             record.backend, record.commands, record.events, record.wall_seconds,
             tools::commands_per_second(record), *events_path);
  return 0;
}

} // namespace twinmatch::cli
