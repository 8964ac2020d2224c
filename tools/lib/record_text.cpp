#include "twinmatch/tools/record_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "twinmatch/tools/record_names.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::tools {
namespace {

// How a field's value is written: a number, a value of a named enum, flag bits, or (events) a
// reason whose names depend on the event's type.
enum class Form : std::uint8_t { Number, Enum, CommandFlags, EventFlags, Reason };

struct FieldSpec {
  std::string_view name;
  std::size_t offset;
  std::size_t size;
  Form form = Form::Number;
  NamedEnum names = NamedEnum::Opcode; // Form::Enum only
};

#define TM_FIELD(Record, field, ...) \
  FieldSpec { #field, offsetof(Record, field), sizeof(Record::field), __VA_ARGS__ }

// Every field in wire order; the first one is the record's kind (the word that starts a line).
constexpr std::array kCommandFields{
    TM_FIELD(Command, opcode, Form::Enum, NamedEnum::Opcode),
    TM_FIELD(Command, version),
    TM_FIELD(Command, side, Form::Enum, NamedEnum::Side),
    TM_FIELD(Command, order_type, Form::Enum, NamedEnum::OrderType),
    TM_FIELD(Command, tif, Form::Enum, NamedEnum::TimeInForce),
    TM_FIELD(Command, flags, Form::CommandFlags),
    TM_FIELD(Command, stp, Form::Enum, NamedEnum::StpMode),
    TM_FIELD(Command, reserved0),
    TM_FIELD(Command, symbol),
    TM_FIELD(Command, depth),
    TM_FIELD(Command, handle),
    TM_FIELD(Command, price),
    TM_FIELD(Command, quantity),
    TM_FIELD(Command, account),
    TM_FIELD(Command, aux),
};

constexpr std::array kEventFields{
    TM_FIELD(Event, type, Form::Enum, NamedEnum::EventType),
    TM_FIELD(Event, flags, Form::EventFlags),
    TM_FIELD(Event, side, Form::Enum, NamedEnum::Side),
    TM_FIELD(Event, reason, Form::Reason),
    TM_FIELD(Event, symbol),
    TM_FIELD(Event, cmd_opcode, Form::Enum, NamedEnum::Opcode),
    TM_FIELD(Event, reserved0),
    TM_FIELD(Event, seq),
    TM_FIELD(Event, cmd_seq),
    TM_FIELD(Event, handle),
    TM_FIELD(Event, maker_handle),
    TM_FIELD(Event, price),
    TM_FIELD(Event, quantity),
    TM_FIELD(Event, remaining),
    TM_FIELD(Event, maker_remaining),
    TM_FIELD(Event, level_quantity),
    TM_FIELD(Event, order_count),
    TM_FIELD(Event, aux),
};

#undef TM_FIELD

struct FlagName {
  std::uint8_t bit;
  std::string_view name;
};
constexpr std::array kCommandFlagNames{FlagName{kFlagPostOnly, "PostOnly"},
                                       FlagName{kFlagByAccount, "ByAccount"},
                                       FlagName{kFlagIceberg, "Iceberg"}};
constexpr std::array kEventFlagNames{FlagName{kEventLast, "Last"}};

std::span<const FlagName> flag_names(Form form) {
  return form == Form::CommandFlags ? std::span<const FlagName>(kCommandFlagNames)
                                    : std::span<const FlagName>(kEventFlagNames);
}

std::uint64_t read_field(const void* record, const FieldSpec& field) {
  std::uint64_t value = 0; // little-endian: the low bytes
  std::memcpy(&value, static_cast<const std::byte*>(record) + field.offset, field.size);
  return value;
}

void write_field(void* record, const FieldSpec& field, std::uint64_t value) {
  std::memcpy(static_cast<std::byte*>(record) + field.offset, &value, field.size);
}

// The names an event's reason takes, from its type; nothing when the type has no reasons.
std::optional<NamedEnum> reason_names(std::uint8_t event_type) {
  if (event_type == static_cast<std::uint8_t>(EventType::Rejected)) return NamedEnum::RejectReason;
  if (event_type == static_cast<std::uint8_t>(EventType::Cancelled)) return NamedEnum::CancelReason;
  return std::nullopt;
}

std::optional<NamedEnum> names_of(const FieldSpec& field, std::uint8_t event_type) {
  if (field.form == Form::Enum) return field.names;
  if (field.form == Form::Reason) return reason_names(event_type);
  return std::nullopt;
}

// The value as the text form writes it: a name where one is defined, else the number.
std::string value_text(const FieldSpec& field, std::uint64_t value, std::uint8_t event_type) {
  if (field.form == Form::CommandFlags || field.form == Form::EventFlags) {
    std::string text;
    std::uint64_t rest = value;
    for (const FlagName& flag : flag_names(field.form)) {
      if ((rest & flag.bit) == 0) continue;
      text += fmt::format("{}{}", text.empty() ? "" : "|", flag.name);
      rest &= ~std::uint64_t{flag.bit};
    }
    if (rest != 0 || text.empty()) text += fmt::format("{}{:#x}", text.empty() ? "" : "|", rest);
    return value == 0 ? "0" : text;
  }
  if (const auto names = names_of(field, event_type)) {
    if (const auto name = defined_name(*names, static_cast<std::uint8_t>(value))) {
      return std::string(*name);
    }
  }
  return fmt::format("{}", value);
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  std::uint64_t value = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || status != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string known_names(std::span<const std::string_view> names) {
  std::vector<std::string_view> defined;
  for (const std::string_view name : names) {
    if (!name.empty()) defined.push_back(name);
  }
  return fmt::format("{}", fmt::join(defined, ", "));
}

// The value a text stands for in `field`, range-checked against the field's width.
bool parse_value(const FieldSpec& field, std::string_view text, std::uint8_t event_type,
                 std::uint64_t& value, std::string& error) {
  value = 0;
  if (field.form == Form::CommandFlags || field.form == Form::EventFlags) {
    for (std::size_t start = 0; start <= text.size();) {
      const std::size_t bar = std::min(text.find('|', start), text.size());
      const std::string_view part = text.substr(start, bar - start);
      start = bar + 1;
      const FlagName* named = nullptr;
      for (const FlagName& flag : flag_names(field.form)) {
        if (flag.name == part) named = &flag;
      }
      if (named != nullptr) {
        value |= named->bit;
      } else if (const auto number = parse_number(part)) {
        value |= *number;
      } else {
        std::vector<std::string_view> names;
        for (const FlagName& flag : flag_names(field.form)) names.push_back(flag.name);
        error = fmt::format("{} '{}': '{}' is not a flag ({}) or a number", field.name, text, part,
                            fmt::join(names, ", "));
        return false;
      }
    }
  } else if (const auto number = parse_number(text)) {
    value = *number;
  } else if (const auto names = names_of(field, event_type)) {
    const auto named = value_of_name(*names, text);
    if (!named) {
      error = fmt::format("{} '{}' is not a number or one of {}", field.name, text,
                          known_names(enum_names(*names)));
      return false;
    }
    value = *named;
  } else {
    error = fmt::format("{} '{}' is not a number", field.name, text);
    return false;
  }
  if (field.size < 8 && value >> (8 * field.size) != 0) {
    error = fmt::format("{} {} does not fit in its {} byte(s)", field.name, value, field.size);
    return false;
  }
  return true;
}

std::string csv_cell(std::string_view text) {
  if (text.find_first_of(",\"") == std::string_view::npos) return std::string(text);
  return fmt::format("\"{}\"", text); // no field value holds a quote
}

// What a field left out of a script holds.
std::uint64_t default_value(const FieldSpec& field) {
  return field.name == "version" ? kProtocolVersion : 0; // only commands have a version
}

template <std::size_t N>
void append_fields(std::string& out, const void* record, const std::array<FieldSpec, N>& fields,
                   TextFormat format, std::uint8_t event_type) {
  for (std::size_t i = 0; i < N; ++i) {
    const FieldSpec& field = fields[i];
    const std::uint64_t value = read_field(record, field);
    const std::string text = value_text(field, value, event_type);
    switch (format) {
    case TextFormat::Brief:
    case TextFormat::Text:
      if (format == TextFormat::Brief && i != 0 && value == default_value(field)) break;
      if (i == 0) {
        out += names_of(field, event_type) && defined_name(field.names, static_cast<std::uint8_t>(value))
                   ? text
                   : fmt::format("{}={}", field.name, value);
      } else {
        out += fmt::format(" {}={}", field.name, text);
      }
      break;
    case TextFormat::Csv:
      out += fmt::format("{}{}", i == 0 ? "" : ",", csv_cell(text));
      break;
    case TextFormat::JsonLines: {
      const bool numeric = text.find_first_not_of("0123456789") == std::string::npos;
      out += fmt::format("{}\"{}\":{}", i == 0 ? "{" : ",", field.name,
                         numeric ? text : fmt::format("\"{}\"", text));
      if (i + 1 == N) out += "}";
      break;
    }
    }
  }
}

template <std::size_t N>
const FieldSpec* find_field(const std::array<FieldSpec, N>& fields, std::string_view name) {
  for (std::size_t i = 1; i < N; ++i) { // the kind is named by the first word, not a field
    if (fields[i].name == name) return &fields[i];
  }
  return nullptr;
}

template <std::size_t N>
std::string field_list(const std::array<FieldSpec, N>& fields) {
  std::vector<std::string_view> names;
  for (std::size_t i = 1; i < N; ++i) names.push_back(fields[i].name);
  return fmt::format("{}", fmt::join(names, " "));
}

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start < line.size()) {
    start = line.find_first_not_of(" \t\r", start);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(line.find_first_of(" \t\r", start), line.size());
    words.push_back(line.substr(start, end - start));
    start = end;
  }
  return words;
}

bool split_pair(std::string_view word, std::string_view& name, std::string_view& value,
                std::string& error) {
  const std::size_t equals = word.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    error = fmt::format("'{}' is not name=value", word);
    return false;
  }
  name = word.substr(0, equals);
  value = word.substr(equals + 1);
  return true;
}

// Fills `record` from the name=value words after its kind; every field at most once.
template <std::size_t N>
bool parse_fields(std::span<const std::string_view> words, void* record,
                  const std::array<FieldSpec, N>& fields, std::string_view kind,
                  std::uint8_t event_type, std::string& error) {
  std::array<bool, N> seen{};
  for (const std::string_view word : words) {
    std::string_view name;
    std::string_view text;
    if (!split_pair(word, name, text, error)) return false;
    const FieldSpec* field = find_field(fields, name);
    if (field == nullptr) {
      error = fmt::format("{} has no field '{}' (fields: {})", kind, name, field_list(fields));
      return false;
    }
    bool& once = seen[static_cast<std::size_t>(field - fields.data())];
    if (once) {
      error = fmt::format("{} is given twice", name);
      return false;
    }
    once = true;
    std::uint64_t value = 0;
    if (!parse_value(*field, text, event_type, value, error)) return false;
    write_field(record, *field, value);
  }
  return true;
}

bool parse_stream_line(std::span<const std::string_view> words, TextLine& out, std::string& error) {
  out.kind = TextLine::Kind::Stream;
  out.stream = words[0] == "events" ? RecordKind::Events : RecordKind::Commands;
  std::array<std::uint32_t*, 5> fields{&out.config.symbols, &out.config.price_levels,
                                       &out.config.handles, &out.config.max_quantity,
                                       &out.config.stop_orders};
  constexpr std::array<std::string_view, 5> kNames{"symbols", "price_levels", "handles",
                                                   "max_quantity", "stop_orders"};
  constexpr std::size_t kRequired = 4; // stop_orders may be left out: CoreConfig's default
  out.config.stop_orders = CoreConfig{}.stop_orders;
  std::array<bool, 5> seen{};
  for (const std::string_view word : words.subspan(1)) {
    std::string_view name;
    std::string_view text;
    if (!split_pair(word, name, text, error)) return false;
    const auto* known = std::find(kNames.begin(), kNames.end(), name);
    if (known == kNames.end()) {
      error = fmt::format("the stream line has no field '{}' (fields: {})", name, fmt::join(kNames, " "));
      return false;
    }
    const auto index = static_cast<std::size_t>(known - kNames.begin());
    const auto number = parse_number(text);
    if (!number || *number > 0xFFFFFFFFu) {
      error = fmt::format("{} '{}' is not a 32-bit number", name, text);
      return false;
    }
    *fields[index] = static_cast<std::uint32_t>(*number);
    seen[index] = true;
  }
  for (std::size_t i = 0; i < kRequired; ++i) {
    if (!seen[i]) {
      error = fmt::format("the stream line needs {}",
                          fmt::join(std::span(kNames).first(kRequired), ", "));
      return false;
    }
  }
  return true;
}

// The record a line's first word names: an opcode or event type name, or opcode=N / type=N for
// a value without a name.
bool parse_kind(std::string_view word, TextLine& out, std::string& error) {
  std::string_view name;
  std::string_view text;
  if (word.find('=') != std::string_view::npos) {
    if (!split_pair(word, name, text, error)) return false;
    const auto number = parse_number(text);
    if ((name != "opcode" && name != "type") || !number || *number > 0xFF) {
      error = fmt::format("a record starts with its kind: a command or event name, or opcode=N "
                          "or type=N (N below 256), not '{}'", word);
      return false;
    }
    if (name == "opcode") {
      out.kind = TextLine::Kind::Command;
      out.command.opcode = static_cast<std::uint8_t>(*number);
    } else {
      out.kind = TextLine::Kind::Event;
      out.event.type = static_cast<std::uint8_t>(*number);
    }
    return true;
  }
  if (const auto opcode = value_of_name(NamedEnum::Opcode, word)) {
    out.kind = TextLine::Kind::Command;
    out.command.opcode = *opcode;
  } else if (const auto type = value_of_name(NamedEnum::EventType, word)) {
    out.kind = TextLine::Kind::Event;
    out.event.type = *type;
  } else {
    error = fmt::format("'{}' is not a command ({}) or an event ({})", word,
                        known_names(enum_names(NamedEnum::Opcode)),
                        known_names(enum_names(NamedEnum::EventType)));
    return false;
  }
  return true;
}

} // namespace

std::optional<TextFormat> text_format_from_name(std::string_view name) {
  if (name == "text") return TextFormat::Text;
  if (name == "brief") return TextFormat::Brief;
  if (name == "csv") return TextFormat::Csv;
  if (name == "json") return TextFormat::JsonLines;
  return std::nullopt;
}

std::string stream_line(RecordKind kind, const CoreConfig& config) {
  return fmt::format("{} symbols={} price_levels={} handles={} max_quantity={} stop_orders={}",
                     kind == RecordKind::Commands ? "commands" : "events", config.symbols,
                     config.price_levels, config.handles, config.max_quantity,
                     config.stop_orders);
}

std::string csv_header(RecordKind kind) {
  std::vector<std::string_view> names;
  if (kind == RecordKind::Commands) {
    for (const FieldSpec& field : kCommandFields) names.push_back(field.name);
  } else {
    for (const FieldSpec& field : kEventFields) names.push_back(field.name);
  }
  return fmt::format("{}", fmt::join(names, ","));
}

void append_record(std::string& out, const Command& command, TextFormat format) {
  append_fields(out, &command, kCommandFields, format, 0);
}

void append_record(std::string& out, const Event& event, TextFormat format) {
  append_fields(out, &event, kEventFields, format, event.type);
}

bool parse_text_line(std::string_view line, TextLine& out, std::string& error) {
  out = TextLine{};
  line = line.substr(0, line.find('#'));
  const std::vector<std::string_view> words = words_of(line);
  if (words.empty()) return true;
  if (words[0] == "commands" || words[0] == "events") return parse_stream_line(words, out, error);
  if (!parse_kind(words[0], out, error)) return false;
  const std::span<const std::string_view> fields = std::span(words).subspan(1);
  if (out.kind == TextLine::Kind::Command) {
    out.command.version = kProtocolVersion;
    return parse_fields(fields, &out.command, kCommandFields, words[0], 0, error);
  }
  return parse_fields(fields, &out.event, kEventFields, words[0], out.event.type, error);
}

} // namespace twinmatch::tools
