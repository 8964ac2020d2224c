// The diff finds the first differing record, however small the difference, and describes it.
#include <catch2/catch.hpp>

#include <cstring>

#include "reference/reference_model.hpp"
#include "twinmatch/tools/event_diff.hpp"
#include "twinmatch/tools/generator.hpp"

using namespace twinmatch;
using namespace twinmatch::tools;

namespace {

std::vector<Event> reference_events(std::size_t commands) {
  ref::ReferenceModel model(kHardwareConfig);
  std::vector<Event> events;
  for (const Command& command : generate(kHardwareConfig, Scenario::Normal, 99, commands)) {
    model.apply(command, events);
  }
  return events;
}

} // namespace

TEST_CASE("identical streams have no divergence", "[diff]") {
  const std::vector<Event> events = reference_events(500);
  CHECK_FALSE(first_divergence(events, events).has_value());
  CHECK_FALSE(first_divergence({}, {}).has_value());
}

TEST_CASE("a planted single-byte difference is found at its index", "[diff]") {
  const std::vector<Event> events = reference_events(500);
  REQUIRE(events.size() > 1000);
  // Every byte offset of the record, reserved bytes included, at a few record indices.
  for (const std::size_t index : {std::size_t{0}, std::size_t{517}, events.size() - 1}) {
    for (std::size_t offset = 0; offset < sizeof(Event); ++offset) {
      std::vector<Event> changed = events;
      reinterpret_cast<std::uint8_t*>(&changed[index])[offset] ^= 0x40;
      const auto divergence = first_divergence(events, changed);
      REQUIRE(divergence.has_value());
      CHECK(divergence->index == index);
      CHECK(std::memcmp(&*divergence->left, &events[index], sizeof(Event)) == 0);
      CHECK(std::memcmp(&*divergence->right, &changed[index], sizeof(Event)) == 0);
    }
  }
}

TEST_CASE("a stream that ends early diverges where it ends", "[diff]") {
  const std::vector<Event> events = reference_events(100);
  const std::span<const Event> shorter(events.data(), events.size() - 3);
  const auto divergence = first_divergence(shorter, events);
  REQUIRE(divergence.has_value());
  CHECK(divergence->index == events.size() - 3);
  CHECK_FALSE(divergence->left.has_value());
  REQUIRE(divergence->right.has_value());
  CHECK(std::memcmp(&*divergence->right, &events[events.size() - 3], sizeof(Event)) == 0);
  CHECK_THAT(describe_divergence(*divergence, "short", "long"),
             Catch::Contains("short ends after " + std::to_string(events.size() - 3) + " events"));
}

TEST_CASE("the description shows both records field by field and marks the difference", "[diff]") {
  Event left{};
  left.type = static_cast<std::uint8_t>(EventType::Fill);
  left.seq = 7;
  left.handle = 3;
  left.maker_handle = 9;
  left.price = 120;
  left.quantity = 5;
  Event right = left;
  right.price = 121;

  const std::string text = describe_divergence(EventDivergence{6, left, right}, "a", "b");
  CHECK_THAT(text, Catch::Contains("first divergence at event index 6"));
  CHECK_THAT(text, Catch::Contains("\n  price            120                          121   <-- differs\n"));
  CHECK_THAT(text, Catch::Contains("2 Fill"));
  // Exactly one field is marked.
  std::size_t marks = 0;
  for (std::size_t at = text.find("<-- differs"); at != std::string::npos;
       at = text.find("<-- differs", at + 1)) {
    ++marks;
  }
  CHECK(marks == 1);
}

TEST_CASE("the description names the protocol-3 events and marks a differing stop price", "[diff]") {
  Event left{};
  left.type = static_cast<std::uint8_t>(EventType::StopTriggered);
  left.seq = 4;
  left.handle = 2;
  left.quantity = 5;
  left.remaining = 5;
  left.aux = 105;
  Event right = left;
  right.aux = 104;
  const std::string text = describe_divergence(EventDivergence{3, left, right}, "a", "b");
  CHECK_THAT(text, Catch::Contains("12 StopTriggered"));
  CHECK_THAT(text, Catch::Contains("\n  aux              105                          104   <-- differs\n"));
  right = left;
  right.type = static_cast<std::uint8_t>(EventType::Replenished);
  CHECK_THAT(describe_divergence(EventDivergence{3, left, right}, "a", "b"), Catch::Contains("13 Replenished"));
}
