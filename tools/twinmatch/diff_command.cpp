// twinmatch diff: compare two event streams a chunk at a time; exit 0 identical, 1 different,
// 2 unreadable. At the first difference it shows both records field by field, then the next
// few events of each stream in the text form.
#include <cstring>
#include <optional>
#include <span>
#include <vector>

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
    "  Exit 0 when the streams are byte-identical, 1 when they differ: how many events differ\n"
    "  in all (and where the first and last are), the first difference field by field, then\n"
    "  N more events of each stream (default 4). Exit 2 when a file cannot be read.\n";

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

std::string following(std::string_view path, std::span<const Event> events) {
  std::string text = fmt::format("{} from there on:\n", path);
  if (events.empty()) return text + "  (the stream ends)\n";
  for (const Event& event : events) {
    text += "  ";
    tools::append_record(text, event, tools::TextFormat::Text);
    text += '\n';
  }
  return text;
}

// Every difference of the two streams, counted to their ends.
struct Differences {
  std::optional<tools::EventDivergence> first;
  std::uint64_t differing = 0; // indices both streams have, with different records
  std::uint64_t last_differing = 0;
  std::uint64_t compared = 0;  // indices both streams have
  std::uint64_t left_only = 0;
  std::uint64_t right_only = 0;
  std::vector<Event> left_after; // the first difference and up to `context` events after it
  std::vector<Event> right_after;
};

Differences count_differences(EventCursor& left, EventCursor& right, std::uint64_t context) {
  Differences found;
  for (std::uint64_t index = 0;; ++index) {
    const std::optional<Event> a = left.next();
    const std::optional<Event> b = right.next();
    if (!a && !b) return found;
    if (found.first && index - found.first->index <= context) {
      if (a) found.left_after.push_back(*a);
      if (b) found.right_after.push_back(*b);
    }
    if (a && b) {
      ++found.compared;
      if (std::memcmp(&*a, &*b, sizeof(Event)) == 0) continue;
      ++found.differing;
      found.last_differing = index;
    } else if (a) {
      ++found.left_only;
    } else {
      ++found.right_only;
    }
    if (!found.first) {
      found.first = tools::EventDivergence{index, a, b};
      if (a) found.left_after.push_back(*a);
      if (b) found.right_after.push_back(*b);
    }
  }
}

std::string summary(const Differences& found, std::string_view left_path,
                    std::string_view right_path) {
  std::string text = fmt::format("{} of the {} events both streams have differ", found.differing,
                                 found.compared);
  if (found.differing > 0) {
    text += fmt::format(" (first at index {}, last at {})", found.first->index,
                        found.last_differing);
  }
  if (found.left_only > 0) text += fmt::format("; {} more only in {}", found.left_only, left_path);
  if (found.right_only > 0) {
    text += fmt::format("; {} more only in {}", found.right_only, right_path);
  }
  return text + "\n";
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
  const Differences found = count_differences(left_events, right_events, *context);
  if (!found.first) {
    fmt::print("identical: {} events\n", found.compared);
    return 0;
  }
  fmt::print("{} has {} events, {} has {}\n{}{}", left_path, left.total(), right_path,
             right.total(), summary(found, left_path, right_path),
             tools::describe_divergence(*found.first, left_path, right_path));
  if (*context > 0) {
    fmt::print("{}{}", following(left_path, found.left_after),
               following(right_path, found.right_after));
  }
  return 1;
}

} // namespace twinmatch::cli
