// twinmatch diff: compare two event streams; exit 0 identical, 1 different, 2 unreadable.
#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage = "  twinmatch diff A.events B.events\n";

} // namespace

int diff_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(args, {}, 2, kUsage, exit_code);
  if (!arguments) return exit_code;
  const std::string left_path(arguments->positional()[0]);
  const std::string right_path(arguments->positional()[1]);

  std::string error;
  tools::EventStream left;
  tools::EventStream right;
  if (!tools::read_event_stream(left_path, left, error) ||
      !tools::read_event_stream(right_path, right, error)) {
    fmt::print(stderr, "twinmatch diff: {}\n", error);
    return kExitUsage;
  }
  if (left.config != right.config) {
    fmt::print("the streams are for different core configurations:\n  {}: {}\n  {}: {}\n",
               left_path, tools::describe_config(left.config), right_path,
               tools::describe_config(right.config));
    return 1;
  }
  const auto divergence = tools::first_divergence(left.events, right.events);
  if (!divergence) {
    fmt::print("identical: {} events\n", left.events.size());
    return 0;
  }
  fmt::print("{} has {} events, {} has {}\n{}", left_path, left.events.size(), right_path,
             right.events.size(), tools::describe_divergence(*divergence, left_path, right_path));
  return 1;
}

} // namespace twinmatch::cli
