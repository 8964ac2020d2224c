// twinmatch run: stream a command file through one backend, write its events and a report.
// Every output is created before the run starts, so a bad path fails at once; backends that
// stream (ref, sw, hls, rtl) hold a few chunks in memory whatever the stream's length.
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "arguments.hpp"
#include "console_figures.hpp"
#include "progress.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/backends.hpp"
#include "twinmatch/tools/event_tally.hpp"
#include "twinmatch/tools/stream_file.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch run --backend NAME --input FILE --events OUT [--report OUT.json]\n"
    "                [--link dma] [--opt key=value ...] [--progress auto|always|never]\n"
    "  Runs the command stream FILE through a fresh core of backend NAME and writes its events\n"
    "  to OUT (and a JSON report). Progress goes to stderr on runs over 2 s (auto: only when\n"
    "  stderr is a terminal).\n"
    "  Backends (--backend):\n";

constexpr std::string_view kJournalUsage =
    "  twinmatch run --journal DIR ...: a durable run through the write-ahead journal\n"
    "  (twinmatch run --journal DIR --help for its options).\n";

std::string usage() { return fmt::format("{}{}{}", kUsage, tools::backends_help(), kJournalUsage); }

int failure(std::string_view message) {
  fmt::print(stderr, "twinmatch run: {}\n", message);
  return kExitUsage;
}

struct CloseFile {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePointer = std::unique_ptr<std::FILE, CloseFile>;

// Opens OUT.json for writing before the run, so that a bad path fails before any work.
FilePointer create_report(const std::string& path, std::string& error) {
  FilePointer file(std::fopen(path.c_str(), "w"));
  if (!file) error = tools::os_error(path, "cannot create the file", errno);
  return file;
}

bool write_report(FilePointer file, const std::string& path, const std::string& text,
                  std::string& error) {
  const bool written = std::fwrite(text.data(), 1, text.size(), file.get()) == text.size();
  const int write_errno = errno;
  if (std::fclose(file.release()) != 0 || !written) {
    error = tools::os_error(path, "cannot write the file", written ? errno : write_errno);
    return false;
  }
  return true;
}

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024; // Linux counts KiB
}

} // namespace

int run_main(std::span<const std::string_view> args) {
  if (std::find(args.begin(), args.end(), "--journal") != args.end()) return journaled_run_main(args);
  int exit_code = 0;
  const std::string help = usage();
  const auto arguments = parse_subcommand(
      args, {"--backend", "--input", "--events", "--report", "--opt", "--link", "--progress"}, 0,
      help, exit_code);
  if (!arguments) return exit_code;
  if (const std::string missing = missing_options(*arguments, {"--backend", "--input", "--events"});
      !missing.empty()) {
    return usage_error(missing, help);
  }
  const std::string_view backend_name = *arguments->value("--backend");
  const std::string input_path(*arguments->value("--input"));
  const std::string events_path(*arguments->value("--events"));
  const std::optional<bool> show_progress = progress_wanted(arguments->value("--progress"));
  if (!show_progress) return usage_error("--progress takes auto, always or never", help);
  std::string error;
  tools::BackendOptions options;
  if (!parse_backend_options(arguments->values("--opt"), options, error)) {
    return usage_error(error, help);
  }
  if (const auto link = arguments->value("--link")) options["link"] = std::string(*link);

  tools::CommandFileReader input;
  if (!input.open(input_path, error)) return failure(error);
  const std::unique_ptr<tools::Backend> backend =
      tools::make_backend(backend_name, input.config(), options, error);
  if (!backend) return failure(error);
  if (!tools::check_stream_config(input.config(), backend->config(), input_path, error)) {
    return failure(error);
  }
  // Declared before the writer, whose thread tallies into it until the writer is gone.
  tools::RunRecord record;
  record.backend = backend->name();
  record.config = backend->config();
  record.commands = input.total();
  tools::EventFileWriter events;
  if (!events.open(events_path, backend->config(), error)) return failure(error);
  FilePointer report;
  const std::string report_path(arguments->value("--report").value_or(""));
  if (!report_path.empty() && !(report = create_report(report_path, error))) return failure(error);

  if (report) { // the tally is for the report alone: a run without one skips its cost
    events.observe([&record](std::span<const Event> chunk) { tools::add_to_tally(record.tally, chunk); });
  }
  Progress progress(fmt::format("run {}", record.backend), input.total(), *show_progress);
  CountedInput counted(input, progress);

  const auto start = std::chrono::steady_clock::now();
  backend->run_streaming(counted, events, record.metrics);
  const bool closed = events.close(error);
  record.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  record.events = events.count();
  record.peak_rss_bytes = peak_rss_bytes();
  if (!closed) return failure(error);
  if (report && !write_report(std::move(report), report_path, tools::run_report_json(record), error)) {
    return failure(error);
  }
  fmt::print("{}", console_figures(record, events_path));
  return 0;
}

} // namespace twinmatch::cli
