// Every reject reason of docs/matching.md through the HLS core, the validation order, and that a
// rejected command changes no state. Expected events are written out in full.
#include <cstring>

#include <catch2/catch.hpp>

#include "hls_harness.hpp"

using namespace twinmatch;
using namespace twinmatch::hlstest;
using namespace twinmatch::test;

namespace {

constexpr auto M = RejectReason::Malformed;

} // namespace

TEST_CASE("hls rejects: sequence numbers, cmd_seq, opcode and last flag written out literally",
          "[hls][rejects]") {
  HlsHarness core;
  Command bad = limit(7, B, 10, 0); // ZeroQuantity
  std::vector<Event> events = core.apply(bad);
  REQUIRE(events.size() == 1);
  Event expected = rejected(7, 0, RejectReason::ZeroQuantity);
  expected.flags = kEventLast;
  expected.seq = 1;
  expected.cmd_seq = 1;
  expected.cmd_opcode = 1;
  CHECK(std::memcmp(&events[0], &expected, sizeof(Event)) == 0);

  events = core.apply(limit(7, B, 10, 3));
  REQUIRE(events.size() == 2);
  Event first = accepted(7, B, 0, 10, 3);
  first.seq = 2;
  first.cmd_seq = 2;
  first.cmd_opcode = 1;
  Event second = level_update(B, 0, 10, 3, 1);
  second.seq = 3;
  second.cmd_seq = 2;
  second.cmd_opcode = 1;
  second.flags = kEventLast;
  CHECK(std::memcmp(&events[0], &first, sizeof(Event)) == 0);
  CHECK(std::memcmp(&events[1], &second, sizeof(Event)) == 0);

  Command unknown{};
  unknown.opcode = 0x7f;
  unknown.version = kProtocolVersion;
  unknown.handle = 0xdeadbeef;
  unknown.symbol = 0xabcd;
  events = core.apply(unknown);
  REQUIRE(events.size() == 1);
  Event raw = rejected(0xdeadbeef, 0xabcd, M);
  raw.seq = 4;
  raw.cmd_seq = 3;
  raw.cmd_opcode = 0x7f;
  raw.flags = kEventLast;
  CHECK(std::memcmp(&events[0], &raw, sizeof(Event)) == 0);
}

TEST_CASE("hls rejects: every malformed case", "[hls][rejects]") {
  Script script;
  const Command order = limit(5, B, 10, 3, 1, 9);
  const Command cancel = test::cancel(5);
  const Command modify = test::modify(5, 10, 3);
  const Command mass = mass_cancel(1);
  const Command snap = snapshot(1, 0);
  const Command band = set_band(1, 640);

  struct Case {
    const char* name;
    Command command;
  };
  const Case cases[] = {
      {"opcode 0", edited(order, [](Command& c) { c.opcode = 0; })},
      {"opcode 7", edited(order, [](Command& c) { c.opcode = 7; })},
      {"version 0", edited(order, [](Command& c) { c.version = 0; })},
      {"version 1", edited(cancel, [](Command& c) { c.version = 1; })},
      {"version 4", edited(band, [](Command& c) { c.version = 4; })},
      {"reserved0", edited(order, [](Command& c) { c.reserved0 = 1; })},
      {"aux", edited(snap, [](Command& c) { c.aux = 0x80000000u; })},
      {"side 2", edited(order, [](Command& c) { c.side = 2; })},
      {"order_type 2", edited(order, [](Command& c) { c.order_type = 2; })},
      {"tif 3", edited(order, [](Command& c) { c.tif = 3; })},
      {"stp 4", edited(order, [](Command& c) { c.stp = 4; })},
      {"new order by-account flag", edited(order, [](Command& c) { c.flags = kFlagByAccount; })},
      {"new order flag bit 7", edited(order, [](Command& c) { c.flags = 0x80; })},
      {"new order depth", edited(order, [](Command& c) { c.depth = 1; })},
      {"market order with price",
       edited(market(5, B, 3, TimeInForce::Ioc, 1, 9), [](Command& c) { c.price = 4; })},
      {"cancel symbol", edited(cancel, [](Command& c) { c.symbol = 1; })},
      {"cancel side", edited(cancel, [](Command& c) { c.side = 1; })},
      {"cancel price", edited(cancel, [](Command& c) { c.price = 1; })},
      {"cancel quantity", edited(cancel, [](Command& c) { c.quantity = 1; })},
      {"cancel account", edited(cancel, [](Command& c) { c.account = 1; })},
      {"cancel post-only flag", edited(cancel, [](Command& c) { c.flags = kFlagPostOnly; })},
      {"cancel depth", edited(cancel, [](Command& c) { c.depth = 2; })},
      {"modify symbol", edited(modify, [](Command& c) { c.symbol = 1; })},
      {"modify account", edited(modify, [](Command& c) { c.account = 9; })},
      {"modify side", edited(modify, [](Command& c) { c.side = 1; })},
      {"modify order_type", edited(modify, [](Command& c) { c.order_type = 1; })},
      {"modify tif", edited(modify, [](Command& c) { c.tif = 1; })},
      {"modify stp", edited(modify, [](Command& c) { c.stp = 1; })},
      {"modify flags", edited(modify, [](Command& c) { c.flags = kFlagPostOnly; })},
      {"modify depth", edited(modify, [](Command& c) { c.depth = 3; })},
      {"mass cancel account without flag", edited(mass, [](Command& c) { c.account = 9; })},
      {"mass cancel post-only flag", edited(mass, [](Command& c) { c.flags = kFlagPostOnly; })},
      {"mass cancel handle", edited(mass, [](Command& c) { c.handle = 1; })},
      {"mass cancel price", edited(mass, [](Command& c) { c.price = 1; })},
      {"mass cancel quantity", edited(mass, [](Command& c) { c.quantity = 1; })},
      {"mass cancel side", edited(mass, [](Command& c) { c.side = 1; })},
      {"mass cancel depth", edited(mass, [](Command& c) { c.depth = 1; })},
      {"snapshot handle", edited(snap, [](Command& c) { c.handle = 1; })},
      {"snapshot price", edited(snap, [](Command& c) { c.price = 1; })},
      {"snapshot quantity", edited(snap, [](Command& c) { c.quantity = 1; })},
      {"snapshot account", edited(snap, [](Command& c) { c.account = 1; })},
      {"snapshot by-account flag", edited(snap, [](Command& c) { c.flags = kFlagByAccount; })},
      {"snapshot tif", edited(snap, [](Command& c) { c.tif = 1; })},
      {"set band handle", edited(band, [](Command& c) { c.handle = 1; })},
      {"set band quantity", edited(band, [](Command& c) { c.quantity = 1; })},
      {"set band account", edited(band, [](Command& c) { c.account = 1; })},
      {"set band depth", edited(band, [](Command& c) { c.depth = 1; })},
      {"set band side", edited(band, [](Command& c) { c.side = 1; })},
      {"set band order_type", edited(band, [](Command& c) { c.order_type = 1; })},
      {"set band tif", edited(band, [](Command& c) { c.tif = 2; })},
      {"set band stp", edited(band, [](Command& c) { c.stp = 3; })},
      {"set band post-only flag", edited(band, [](Command& c) { c.flags = kFlagPostOnly; })},
      {"set band by-account flag", edited(band, [](Command& c) { c.flags = kFlagByAccount; })},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    script.expect(c.command, {rejected(c.command.handle, c.command.symbol, M)});
  }
  // None of them changed the book, and the well-formed originals are accepted.
  script.expect(snap, {snapshot_end(1, 0)});
  script.expect(order, {accepted(5, B, 1, 10, 3), level_update(B, 1, 10, 3, 1)});
  script.expect(modify, {modified(5, B, 1, 10, 3)});
  script.expect(edited(mass, [](Command& c) {
                  c.flags = kFlagByAccount;
                  c.account = 4;
                }),
                {mass_cancel_done(1, 0)});
  script.expect(cancel, {cancelled(5, B, 1, 10, 3, CancelReason::User),
                         level_update(B, 1, 10, 0, 0)});
  script.expect(band, {band_set(1, 640, 0)});
}

TEST_CASE("hls rejects: each opcode's reasons", "[hls][rejects]") {
  Script script;
  using R = RejectReason;
  // A resting bid at 10 (handle 1) and ask at 20 (handle 2) on symbol 0.
  script.expect(limit(1, B, 10, 5), {accepted(1, B, 0, 10, 5), level_update(B, 0, 10, 5, 1)});
  script.expect(limit(2, S, 20, 5, 0, 2), {accepted(2, S, 0, 20, 5), level_update(S, 0, 20, 5, 1)});

  SECTION("new order") {
    script.expect(limit(3, B, 10, 1, 4, 1), {rejected(3, 4, R::UnknownSymbol)});
    script.expect(limit(4096, B, 10, 1), {rejected(4096, 0, R::HandleOutOfRange)});
    script.expect(limit(1, S, 30, 1), {rejected(1, 0, R::HandleInUse)});
    script.expect(limit(3, B, 10, 0), {rejected(3, 0, R::ZeroQuantity)});
    script.expect(limit(3, B, 10, 1000001), {rejected(3, 0, R::QuantityTooLarge)});
    script.expect(limit(3, B, 256, 1), {rejected(3, 0, R::PriceOutsideBand)});
    script.expect(limit(3, S, 0xffffffffu, 1), {rejected(3, 0, R::PriceOutsideBand)});
    script.expect(market(3, B, 1, TimeInForce::Gtc),
                  {rejected(3, 0, R::InvalidCombination)});
    Command market_post = market(3, B, 1);
    market_post.flags = kFlagPostOnly;
    script.expect(market_post, {rejected(3, 0, R::InvalidCombination)});
    script.expect(limit(3, B, 10, 1, 0, 1, TimeInForce::Ioc, StpMode::None, true),
                  {rejected(3, 0, R::InvalidCombination)});
    script.expect(limit(3, B, 10, 1, 0, 1, TimeInForce::Fok, StpMode::CancelBoth),
                  {rejected(3, 0, R::InvalidCombination)});
    script.expect(limit(3, B, 20, 1, 0, 1, TimeInForce::Gtc, StpMode::None, true),
                  {rejected(3, 0, R::PostOnlyWouldCross)});
    script.expect(limit(3, S, 10, 1, 0, 1, TimeInForce::Gtc, StpMode::None, true),
                  {rejected(3, 0, R::PostOnlyWouldCross)});
    // The limits themselves are accepted.
    script.expect(limit(4095, B, 255, 1000000, 3, 1, TimeInForce::Gtc, StpMode::None, true),
                  {accepted(4095, B, 3, 255, 1000000), level_update(B, 3, 255, 1000000, 1)});
    script.expect(limit(3, S, 11, 1, 0, 1, TimeInForce::Gtc, StpMode::None, true),
                  {accepted(3, S, 0, 11, 1), level_update(S, 0, 11, 1, 1)});
  }
  SECTION("new order: validation order") {
    Command c = limit(5000, B, 300, 0, 9, 1, TimeInForce::Ioc, StpMode::None, true);
    c.reserved0 = 1;
    script.expect(c, {rejected(5000, 9, R::Malformed)});
    c.reserved0 = 0;
    script.expect(c, {rejected(5000, 9, R::UnknownSymbol)});
    c.symbol = 0;
    script.expect(c, {rejected(5000, 0, R::HandleOutOfRange)});
    c.handle = 1;
    script.expect(c, {rejected(1, 0, R::HandleInUse)});
    c.handle = 3;
    script.expect(c, {rejected(3, 0, R::ZeroQuantity)});
    c.quantity = 2000000;
    script.expect(c, {rejected(3, 0, R::QuantityTooLarge)});
    c.quantity = 1;
    script.expect(c, {rejected(3, 0, R::PriceOutsideBand)});
    c.price = 25; // crosses the ask and is post-only IOC: the combination is checked first
    script.expect(c, {rejected(3, 0, R::InvalidCombination)});
    c.tif = static_cast<std::uint8_t>(TimeInForce::Gtc);
    script.expect(c, {rejected(3, 0, R::PostOnlyWouldCross)});
  }
  SECTION("cancel") {
    script.expect(cancel(4096), {rejected(4096, 0, R::HandleOutOfRange)});
    script.expect(cancel(0xffffffffu), {rejected(0xffffffffu, 0, R::HandleOutOfRange)});
    script.expect(cancel(3), {rejected(3, 0, R::UnknownHandle)});
    script.expect(cancel(1), {cancelled(1, B, 0, 10, 5, CancelReason::User),
                                    level_update(B, 0, 10, 0, 0)});
    script.expect(cancel(1), {rejected(1, 0, R::UnknownHandle)});
  }
  SECTION("modify") {
    script.expect(modify(4096, 10, 1), {rejected(4096, 0, R::HandleOutOfRange)});
    script.expect(modify(3, 10, 1), {rejected(3, 0, R::UnknownHandle)});
    script.expect(modify(1, 10, 0), {rejected(1, 0, R::ZeroQuantity)});
    script.expect(modify(1, 10, 1000001), {rejected(1, 0, R::QuantityTooLarge)});
    script.expect(modify(1, 256, 1), {rejected(1, 0, R::PriceOutsideBand)});
    // Validation order: UnknownHandle before ZeroQuantity, ZeroQuantity before PriceOutsideBand.
    script.expect(modify(3, 999, 0), {rejected(3, 0, R::UnknownHandle)});
    script.expect(modify(1, 999, 0), {rejected(1, 0, R::ZeroQuantity)});
    // A post-only bid modified to the ask price would cross.
    script.expect(limit(3, B, 12, 2, 0, 1, TimeInForce::Gtc, StpMode::None, true),
                  {accepted(3, B, 0, 12, 2), level_update(B, 0, 12, 2, 1)});
    script.expect(modify(3, 20, 2), {rejected(3, 0, R::PostOnlyWouldCross)});
    script.expect(modify(3, 19, 2), {modified(3, B, 0, 19, 2), level_update(B, 0, 12, 0, 0),
                                           level_update(B, 0, 19, 2, 1)});
    // A plain order may be modified into a cross (and trades).
    script.expect(modify(1, 20, 5),
                  {modified(1, B, 0, 20, 5), level_update(B, 0, 10, 0, 0),
                   fill(1, B, 0, 2, 20, 5, 0, 0), level_update(S, 0, 20, 0, 0)});
  }
  SECTION("mass cancel and snapshot") {
    script.expect(mass_cancel(4), {rejected(0, 4, R::UnknownSymbol)});
    script.expect(mass_cancel_account(65535, 1), {rejected(0, 65535, R::UnknownSymbol)});
    script.expect(snapshot(4, 0), {rejected(0, 4, R::UnknownSymbol)});
  }
  SECTION("set band") {
    script.expect(set_band(4, 64), {rejected(0, 4, R::UnknownSymbol)});
    // UnknownSymbol comes before the base check.
    script.expect(set_band(4, 1), {rejected(0, 4, R::UnknownSymbol)});
    script.expect(set_band(0, 1), {rejected(0, 0, R::PriceOutOfRange)});
    script.expect(set_band(0, 96), {rejected(0, 0, R::PriceOutOfRange)});
    // The band must end at or below 2^32 - 1: 2^32 - 256 is the highest base for 256 levels.
    script.expect(set_band(0, 0xffffffc0u), {rejected(0, 0, R::PriceOutOfRange)});
    script.expect(set_band(0, 0xffffff40u), {rejected(0, 0, R::PriceOutOfRange)});
    // None of them moved the band: both orders rest, the old band's prices still accepted.
    script.expect(snapshot(0, 0), {snapshot_row(B, 0, 10, 5, 1), snapshot_row(S, 0, 20, 5, 1),
                                   snapshot_end(0, 2)});
    script.expect(set_band(0, 0xffffff00u),
                  {cancelled(1, B, 0, 10, 5, CancelReason::BandMoved), level_update(B, 0, 10, 0, 0),
                   cancelled(2, S, 0, 20, 5, CancelReason::BandMoved), level_update(S, 0, 20, 0, 0),
                   band_set(0, 0xffffff00u, 2)});
    script.expect(limit(3, B, 0xfffffeffu, 1), {rejected(3, 0, R::PriceOutsideBand)});
    script.expect(limit(3, B, 0xffffffffu, 1),
                  {accepted(3, B, 0, 0xffffffffu, 1), level_update(B, 0, 0xffffffffu, 1, 1)});
    script.expect(modify(3, 0xffffff00u, 1),
                  {modified(3, B, 0, 0xffffff00u, 1), level_update(B, 0, 0xffffffffu, 0, 0),
                   level_update(B, 0, 0xffffff00u, 1, 1)});
    script.expect(modify(3, 0xfffffeffu, 1), {rejected(3, 0, R::PriceOutsideBand)});
  }
}
