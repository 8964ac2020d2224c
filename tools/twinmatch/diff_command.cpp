// twinmatch diff: compare two event streams a chunk at a time; exit 0 identical, 1 different,
// 2 unreadable. At the first difference it shows both records field by field, then the next
// few events of each stream in the text form.
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/record_text.hpp"
#include "twinmatch/tools/stream_file.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch diff A.events B.events [--context N]\n"
    "  Exit 0 when the streams are byte-identical, 1 when they differ (the first difference is\n"
    "  shown, then N more events of each stream, default 4), 2 when a file cannot be read.\n";

// The events of a file one at a time.
class EventCursor {
public:
  explicit EventCursor(tools::EventFileReader& reader) : reader_(reader) {}
  std::optional<Event> next() {
    if (index_ == chunk_.size()) {
      chunk_ = reader_.next_chunk();
      index_ = 0;
      if (chunk_.empty()) return std::nullopt;
    }
    return chunk_[index_++];
  }

private:
  tools::EventFileReader& reader_;
  std::span<const Event> chunk_;
  std::size_t index_ = 0;
};

std::string following(std::string_view path, std::optional<Event> event, EventCursor& cursor,
                      std::uint64_t context) {
  std::string text = fmt::format("{} from there on:\n", path);
  if (!event) return text + "  (the stream ends)\n";
  for (std::uint64_t shown = 0; event && shown <= context; ++shown, event = cursor.next()) {
    text += "  ";
    tools::append_record(text, *event, tools::TextFormat::Text);
    text += '\n';
  }
  return text;
}

} // namespace

int diff_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(args, {"--context"}, 2, kUsage, exit_code);
  if (!arguments) return exit_code;
  const std::string left_path(arguments->positional()[0]);
  const std::string right_path(arguments->positional()[1]);
  const std::optional<std::uint64_t> context =
      parse_unsigned(arguments->value("--context").value_or("4"));
  if (!context) return usage_error("--context needs a whole number", kUsage);

  std::string error;
  tools::EventFileReader left;
  tools::EventFileReader right;
  if (!left.open(left_path, error) || !right.open(right_path, error)) {
    fmt::print(stderr, "twinmatch diff: {}\n", error);
    return kExitUsage;
  }
  if (left.config() != right.config()) {
    fmt::print("the streams are for different core configurations:\n  {}: {}\n  {}: {}\n",
               left_path, tools::describe_config(left.config()), right_path,
               tools::describe_config(right.config()));
    return 1;
  }
  EventCursor left_events(left);
  EventCursor right_events(right);
  for (std::uint64_t index = 0;; ++index) {
    const std::optional<Event> a = left_events.next();
    const std::optional<Event> b = right_events.next();
    if (!a && !b) {
      fmt::print("identical: {} events\n", index);
      return 0;
    }
    if (a && b && std::memcmp(&*a, &*b, sizeof(Event)) == 0) continue;
    fmt::print("{} has {} events, {} has {}\n{}", left_path, left.total(), right_path, right.total(),
               tools::describe_divergence({index, a, b}, left_path, right_path));
    if (*context > 0) {
      fmt::print("{}{}", following(left_path, a, left_events, *context),
                 following(right_path, b, right_events, *context));
    }
    return 1;
  }
}

} // namespace twinmatch::cli
