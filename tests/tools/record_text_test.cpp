// The text form of records: every name of every enum table parses back to its value, and a
// record whose every byte is set survives text and brief text unchanged, whatever its kind.
#include <catch2/catch.hpp>

#include <cstring>

#include "twinmatch/tools/record_names.hpp"
#include "twinmatch/tools/record_text.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

template <typename Record>
Record parsed(const std::string& text) {
  TextLine line;
  std::string error;
  INFO(text);
  REQUIRE(parse_text_line(text, line, error));
  if constexpr (std::is_same_v<Record, Command>) {
    REQUIRE(line.kind == TextLine::Kind::Command);
    return line.command;
  } else {
    REQUIRE(line.kind == TextLine::Kind::Event);
    return line.event;
  }
}

// A record whose bytes count up from `first`, then the fields a kind needs set to `kind`.
template <typename Record>
Record patterned(std::uint8_t first) {
  Record record;
  auto* bytes = reinterpret_cast<std::uint8_t*>(&record);
  for (std::size_t i = 0; i < sizeof record; ++i) bytes[i] = static_cast<std::uint8_t>(first + i);
  return record;
}

template <typename Record>
void check_round_trip(const Record& record) {
  for (const TextFormat format : {TextFormat::Text, TextFormat::Brief}) {
    std::string text;
    append_record(text, record, format);
    const Record back = parsed<Record>(text);
    CHECK(std::memcmp(&back, &record, sizeof record) == 0);
  }
}

} // namespace

TEST_CASE("every name of every enum table parses back to its value", "[text]") {
  for (const NamedEnum which :
       {NamedEnum::Opcode, NamedEnum::EventType, NamedEnum::RejectReason, NamedEnum::CancelReason,
        NamedEnum::Side, NamedEnum::OrderType, NamedEnum::TimeInForce, NamedEnum::StpMode}) {
    const auto names = enum_names(which);
    for (std::size_t value = 0; value < names.size(); ++value) {
      if (names[value].empty()) continue;
      CHECK(value_of_name(which, names[value]) == static_cast<std::uint8_t>(value));
      CHECK(defined_name(which, static_cast<std::uint8_t>(value)) == names[value]);
    }
    CHECK_FALSE(value_of_name(which, "NoSuchName"));
  }
}

TEST_CASE("commands of every opcode, named or not, survive the text form", "[text]") {
  for (unsigned opcode = 0; opcode < 8; ++opcode) {
    Command command = patterned<Command>(static_cast<std::uint8_t>(opcode * 7));
    command.opcode = static_cast<std::uint8_t>(opcode);
    check_round_trip(command);
    check_round_trip(Command{}); // all zero: version 0 is written out, not defaulted
  }
}

TEST_CASE("events of every type and reason survive the text form", "[text]") {
  for (unsigned type = 0; type <= kLastEventType + 1; ++type) {
    for (const unsigned reason : {0u, 1u, 5u, 200u}) {
      Event event = patterned<Event>(static_cast<std::uint8_t>(type * 13));
      event.type = static_cast<std::uint8_t>(type);
      event.reason = static_cast<std::uint8_t>(reason);
      check_round_trip(event);
    }
  }
}

TEST_CASE("a script line names its fields; left-out fields are zero", "[text]") {
  const Command order = parsed<Command>("NewOrder symbol=1 handle=7 side=Sell tif=ioc "
                                        "flags=PostOnly price=100 quantity=5 account=0x2a # c");
  CHECK(order.opcode == static_cast<std::uint8_t>(Opcode::NewOrder));
  CHECK(order.version == kProtocolVersion);
  CHECK(order.side == static_cast<std::uint8_t>(Side::Sell));
  CHECK(order.tif == static_cast<std::uint8_t>(TimeInForce::Ioc));
  CHECK(order.flags == kFlagPostOnly);
  CHECK(order.symbol == 1);
  CHECK(order.handle == 7);
  CHECK(order.price == 100);
  CHECK(order.quantity == 5);
  CHECK(order.account == 42);
  CHECK(order.order_type == 0);
  CHECK(order.depth == 0);

  TextLine line;
  std::string error;
  CHECK(parse_text_line("   # only a comment", line, error));
  CHECK(line.kind == TextLine::Kind::Blank);
  CHECK(parse_text_line("events symbols=4 price_levels=256 handles=4096 max_quantity=9", line, error));
  CHECK(line.kind == TextLine::Kind::Stream);
  CHECK(line.stream == RecordKind::Events);
  CHECK(line.config == CoreConfig{4, 256, 4096, 9});
}

TEST_CASE("bad lines are refused with the field and the problem", "[text]") {
  TextLine line;
  std::string error;
  CHECK_FALSE(parse_text_line("Cancel handle", line, error));
  CHECK(error == "'handle' is not name=value");
  CHECK_FALSE(parse_text_line("Frobnicate handle=1", line, error));
  CHECK_THAT(error, Catch::StartsWith("'Frobnicate' is not a command (NewOrder, Cancel"));
  CHECK_FALSE(parse_text_line("Fill reason=User", line, error));
  CHECK(error == "reason 'User' is not a number"); // a Fill's reason has no names
  CHECK_FALSE(parse_text_line("Cancelled reason=Userr", line, error));
  CHECK_THAT(error, Catch::StartsWith("reason 'Userr' is not a number or one of User,"));
  CHECK_FALSE(parse_text_line("Accepted seq=18446744073709551616", line, error));
  CHECK(error == "seq '18446744073709551616' is not a number");
  CHECK_FALSE(parse_text_line("NewOrder flags=PostOnly|Sometimes", line, error));
  CHECK_THAT(error, Catch::Contains("'Sometimes' is not a flag (PostOnly, ByAccount, Iceberg)"));
  CHECK_FALSE(parse_text_line("opcode=256", line, error));
  CHECK_FALSE(parse_text_line("commands symbols=4", line, error));
  CHECK(error == "the stream line needs symbols, price_levels, handles, max_quantity");
}

TEST_CASE("the protocol-3 names read as their wire values", "[text][protocol3]") {
  const Command stop = parsed<Command>("NewOrder side=Sell order_type=StopLimit tif=Ioc price=90 quantity=5 aux=95");
  CHECK(stop.order_type == static_cast<std::uint8_t>(OrderType::StopLimit));
  CHECK(stop.aux == 95u);
  CHECK(stop.version == kProtocolVersion);
  const Command iceberg = parsed<Command>("NewOrder flags=Iceberg|PostOnly price=90 quantity=50 aux=5");
  CHECK(iceberg.flags == (kFlagIceberg | kFlagPostOnly));
  CHECK(parsed<Command>("NewOrder order_type=Stop tif=Fok quantity=1 aux=7").order_type ==
        static_cast<std::uint8_t>(OrderType::Stop));
  CHECK(parsed<Event>("StopAccepted handle=3 quantity=5 remaining=5 aux=95").type ==
        static_cast<std::uint8_t>(EventType::StopAccepted));
  CHECK(parsed<Event>("StopTriggered handle=3 aux=95").type == static_cast<std::uint8_t>(EventType::StopTriggered));
  CHECK(parsed<Event>("Replenished handle=3 quantity=5").type == static_cast<std::uint8_t>(EventType::Replenished));
  CHECK(parsed<Event>("Rejected reason=StopCapacity flags=Last").reason ==
        static_cast<std::uint8_t>(RejectReason::StopCapacity));
}
