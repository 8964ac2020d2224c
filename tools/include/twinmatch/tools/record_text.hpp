// The text form of command and event records (docs/protocol.md "Text form"): one record a line,
// its kind first (an opcode or event type name), then every field as name=value, enum values by
// name; '#' starts a comment. `twinmatch dump` prints it (or CSV, or JSON lines), `twinmatch
// encode` reads it back, byte for byte. Driven by one table of fields per record and the name
// tables of record_names.hpp, so a new enum value needs no change here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::tools {

// Text: every field; Brief: the text form without the fields that hold their default (zero, and
// a command's version 1), which encode reads back to the same bytes; CSV; JSON lines.
enum class TextFormat { Text, Brief, Csv, JsonLines };

std::optional<TextFormat> text_format_from_name(std::string_view name);

// The first line of a dumped stream: "commands symbols=... price_levels=... handles=...
// max_quantity=..." (or "events ..."). In CSV and JSON lines it is left out.
std::string stream_line(RecordKind kind, const CoreConfig& config);

// The CSV header row of a kind of record (its field names, in wire order).
std::string csv_header(RecordKind kind);

// One record as a line (without the newline) in `format`.
void append_record(std::string& out, const Command& command, TextFormat format);
void append_record(std::string& out, const Event& event, TextFormat format);

// What one line of a script holds.
struct TextLine {
  enum class Kind { Blank, Stream, Command, Event } kind = Kind::Blank;
  RecordKind stream = RecordKind::Commands; // Stream: which kind of stream
  CoreConfig config{};                      // Stream: its configuration
  Command command{};
  Event event{};
};

// Parses one line of the text form; false with `error` (naming the field and the problem).
// Fields left out are zero, except a command's version, which is kProtocolVersion.
bool parse_text_line(std::string_view line, TextLine& out, std::string& error);

} // namespace twinmatch::tools
