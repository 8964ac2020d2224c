// twinmatch dump: any command or event stream as text (the form `encode` reads back), CSV or
// JSON lines, every field of every record, a chunk at a time.
#include <cstdio>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/record_text.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch dump FILE [--format text|brief|csv|json]\n"
    "  Prints the command or event stream FILE to stdout, one record a line, every field named\n"
    "  (docs/protocol.md \"Text form\"). text (the default) starts with the stream line and is\n"
    "  what `twinmatch encode` reads back; brief is text without the fields at their default\n"
    "  (zero; a command's version 1), which encode reads back too; csv starts with a header\n"
    "  row; json is JSON lines.\n";

template <typename Record>
int dump_stream(const std::string& path, tools::TextFormat format) {
  tools::StreamFileReader<Record> reader;
  std::string error;
  if (!reader.open(path, error)) {
    fmt::print(stderr, "twinmatch dump: {}\n", error);
    return kExitUsage;
  }
  constexpr tools::RecordKind kKind = std::is_same_v<Record, Command> ? tools::RecordKind::Commands
                                                                      : tools::RecordKind::Events;
  std::string text;
  if (format == tools::TextFormat::Text || format == tools::TextFormat::Brief) {
    text = tools::stream_line(kKind, reader.config()) + "\n";
  }
  if (format == tools::TextFormat::Csv) text = tools::csv_header(kKind) + "\n";
  for (std::span<const Record> chunk = reader.next_chunk(); !chunk.empty();
       chunk = reader.next_chunk()) {
    for (const Record& record : chunk) {
      tools::append_record(text, record, format);
      text += '\n';
    }
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      return kExitUsage; // stdout closed (a pager quit): nothing left to say
    }
    text.clear();
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : kExitUsage;
}

} // namespace

int dump_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(args, {"--format"}, 1, kUsage, exit_code);
  if (!arguments) return exit_code;
  const std::string_view format_name = arguments->value("--format").value_or("text");
  const auto format = tools::text_format_from_name(format_name);
  if (!format) {
    return usage_error(fmt::format("--format '{}' is not text, brief, csv or json", format_name),
                       kUsage);
  }
  const std::string path(arguments->positional()[0]);
  std::string error;
  const auto kind = tools::stream_kind_of(path, error);
  if (!kind) {
    fmt::print(stderr, "twinmatch dump: {}\n", error);
    return kExitUsage;
  }
  return *kind == tools::RecordKind::Commands ? dump_stream<Command>(path, *format)
                                              : dump_stream<Event>(path, *format);
}

} // namespace twinmatch::cli
