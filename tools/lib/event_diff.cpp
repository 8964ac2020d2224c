#include "twinmatch/tools/event_diff.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "twinmatch/tools/record_names.hpp"

namespace twinmatch::tools {
namespace {

struct Field {
  std::string_view name;
  std::string value;
};

// The event's fields in wire order, each with its value (and the name of an enum value).
std::vector<Field> fields_of(const Event& e) {
  const std::string reason = e.type == static_cast<std::uint8_t>(EventType::Rejected)
                                 ? fmt::format("{} {}", e.reason, reject_reason_name(e.reason))
                             : e.type == static_cast<std::uint8_t>(EventType::Cancelled)
                                 ? fmt::format("{} {}", e.reason, cancel_reason_name(e.reason))
                                 : fmt::format("{}", e.reason);
  return {
      {"type", fmt::format("{} {}", e.type, event_type_name(e.type))},
      {"flags", fmt::format("{:#04x}", e.flags)},
      {"side", fmt::format("{} {}", e.side, side_name(e.side))},
      {"reason", reason},
      {"symbol", fmt::format("{}", e.symbol)},
      {"cmd_opcode", fmt::format("{} {}", e.cmd_opcode, opcode_name(e.cmd_opcode))},
      {"reserved0", fmt::format("{}", e.reserved0)},
      {"seq", fmt::format("{}", e.seq)},
      {"cmd_seq", fmt::format("{}", e.cmd_seq)},
      {"handle", fmt::format("{}", e.handle)},
      {"maker_handle", fmt::format("{}", e.maker_handle)},
      {"price", fmt::format("{}", e.price)},
      {"quantity", fmt::format("{}", e.quantity)},
      {"remaining", fmt::format("{}", e.remaining)},
      {"maker_remaining", fmt::format("{}", e.maker_remaining)},
      {"level_quantity", fmt::format("{}", e.level_quantity)},
      {"order_count", fmt::format("{}", e.order_count)},
      {"aux", fmt::format("{}", e.aux)},
  };
}

} // namespace

std::optional<EventDivergence> first_divergence(std::span<const Event> left,
                                                std::span<const Event> right) {
  const std::size_t common = std::min(left.size(), right.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (std::memcmp(&left[i], &right[i], sizeof(Event)) != 0) {
      return EventDivergence{i, left[i], right[i]};
    }
  }
  if (left.size() == right.size()) return std::nullopt;
  EventDivergence ended{common, std::nullopt, std::nullopt};
  if (common < left.size()) ended.left = left[common];
  if (common < right.size()) ended.right = right[common];
  return ended;
}

std::string describe_divergence(const EventDivergence& divergence, std::string_view left_name,
                                std::string_view right_name) {
  std::string text = fmt::format("first divergence at event index {} (counting from 0)\n",
                                 divergence.index);
  if (!divergence.left || !divergence.right) {
    const std::string_view ended = divergence.left ? right_name : left_name;
    text += fmt::format("{} ends after {} events; the other stream goes on with:\n", ended,
                        divergence.index);
  }
  const std::vector<Field> left =
      divergence.left ? fields_of(*divergence.left) : std::vector<Field>{};
  const std::vector<Field> right =
      divergence.right ? fields_of(*divergence.right) : std::vector<Field>{};
  const std::vector<Field>& names = left.empty() ? right : left;

  text += fmt::format("  {:<16} {:<28} {}\n", "field", left_name, right_name);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string_view left_value = left.empty() ? "-" : std::string_view(left[i].value);
    const std::string_view right_value = right.empty() ? "-" : std::string_view(right[i].value);
    const bool differs = left_value != right_value;
    text += fmt::format("  {:<16} {:<28} {}{}\n", names[i].name, left_value, right_value,
                        differs ? "   <-- differs" : "");
  }
  return text;
}

} // namespace twinmatch::tools
