// twinmatch encode: a script in the text form of records (docs/protocol.md "Text form": one
// command or event a line, fields by name, '#' comments) into a stream file, a line at a time.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/record_text.hpp"
#include "twinmatch/tools/stream_file.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch encode SCRIPT -o OUT [--config hw|cpu]\n"
    "  Writes the records of SCRIPT (a file, or - for stdin) to the stream file OUT. A script\n"
    "  holds commands or events, one a line, e.g.\n"
    "      commands symbols=16 price_levels=4096 handles=65536 max_quantity=1000000 stop_orders=16\n"
    "      NewOrder symbol=1 handle=7 side=Sell price=100 quantity=5 account=2\n"
    "      NewOrder symbol=1 handle=8 side=Buy tif=Ioc price=101 quantity=9 account=3\n"
    "      NewOrder symbol=1 handle=9 side=Sell order_type=StopLimit tif=Gtc price=99 quantity=4 aux=100\n"
    "      Cancel handle=7   # fields left out are zero (a command's version is the current one)\n"
    "  The stream line (optional; stop_orders may be left out: 16) gives the configuration;\n"
    "  without one, --config (default hw) does.\n"
    "  `twinmatch dump` prints a stream in this form.\n";

int failure(std::string_view message) {
  fmt::print(stderr, "twinmatch encode: {}\n", message);
  return kExitUsage;
}

// The writer of whichever kind of stream the script turns out to hold.
class ScriptOutput {
public:
  explicit ScriptOutput(std::string path) : path_(std::move(path)) {}

  bool opened() const { return kind_.has_value(); }
  std::optional<tools::RecordKind> kind() const { return kind_; }
  bool open(tools::RecordKind kind, const CoreConfig& config, std::string& error) {
    kind_ = kind;
    return kind == tools::RecordKind::Commands ? commands_.open(path_, config, error)
                                               : events_.open(path_, config, error);
  }
  void push(const Command& command) { commands_.push(command); }
  void push(const Event& event) { events_.push(event); }
  std::uint64_t count() const {
    return kind_ == tools::RecordKind::Events ? events_.count() : commands_.count();
  }
  bool close(std::string& error) {
    return kind_ == tools::RecordKind::Events ? events_.close(error) : commands_.close(error);
  }

private:
  std::string path_;
  std::optional<tools::RecordKind> kind_;
  tools::CommandFileWriter commands_;
  tools::EventFileWriter events_;
};

// Creates OUT at once, so that a bad path fails before the script is read.
bool check_writable(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = tools::os_error(path, "cannot create the file", errno);
    return false;
  }
  ::close(fd);
  return true;
}

} // namespace

int encode_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(args, {"-o", "--config"}, 1, kUsage, exit_code);
  if (!arguments) return exit_code;
  if (const std::string missing = missing_options(*arguments, {"-o"}); !missing.empty()) {
    return usage_error(missing, kUsage);
  }
  const auto given_config = arguments->value("--config");
  const std::optional<CoreConfig> default_config = config_from_name(given_config.value_or("hw"));
  if (!default_config) return usage_error(fmt::format("unknown config '{}'", *given_config), kUsage);

  const std::string script_path(arguments->positional()[0]);
  std::ifstream file;
  if (script_path != "-") {
    file.open(script_path);
    if (!file) return failure(tools::os_error(script_path, "cannot open the file", errno));
  }
  std::istream& script = script_path == "-" ? std::cin : file;
  const std::string output_path(*arguments->value("-o"));
  std::string error;
  if (!check_writable(output_path, error)) return failure(error);

  ScriptOutput output(output_path);
  std::string line;
  tools::TextLine parsed;
  for (std::uint64_t number = 1; std::getline(script, line); ++number) {
    const auto at = [&](std::string_view message) {
      return failure(fmt::format("{}:{}: {}", script_path, number, message));
    };
    if (!tools::parse_text_line(line, parsed, error)) return at(error);
    switch (parsed.kind) {
    case tools::TextLine::Kind::Blank: break;
    case tools::TextLine::Kind::Stream:
      if (output.opened()) return at("the stream line must come before every record");
      if (given_config && parsed.config != *default_config) {
        return at(fmt::format("the script is for {}, --config {} is {}",
                              tools::describe_config(parsed.config), *given_config,
                              tools::describe_config(*default_config)));
      }
      if (!output.open(parsed.stream, parsed.config, error)) return failure(error);
      break;
    case tools::TextLine::Kind::Command:
      if (!output.opened() && !output.open(tools::RecordKind::Commands, *default_config, error)) {
        return failure(error);
      }
      if (output.kind() != tools::RecordKind::Commands) return at("a command in an event stream");
      output.push(parsed.command);
      break;
    case tools::TextLine::Kind::Event:
      if (!output.opened() && !output.open(tools::RecordKind::Events, *default_config, error)) {
        return failure(error);
      }
      if (output.kind() != tools::RecordKind::Events) return at("an event in a command stream");
      output.push(parsed.event);
      break;
    }
  }
  if (script.bad()) return failure(tools::os_error(script_path, "cannot read the file", errno));
  if (!output.opened() && !output.open(tools::RecordKind::Commands, *default_config, error)) {
    return failure(error);
  }
  if (!output.close(error)) return failure(error);
  fmt::print("wrote {} {} to {}\n", output.count(),
             output.kind() == tools::RecordKind::Events ? "events" : "commands", output_path);
  return 0;
}

} // namespace twinmatch::cli
