#include "model_driver.hpp"

#include <catch2/catch.hpp>

#include "event_text.hpp"

namespace twinmatch::test {

std::vector<Event> reference_events(const CoreConfig& config, std::span<const Command> commands) {
  ref::ReferenceModel model(config);
  std::vector<Event> events;
  for (const Command& command : commands) model.apply(command, events);
  return events;
}

std::vector<std::string> ModelDriver::step(const Command& command) {
  const std::size_t first = events_.size();
  model_.apply(command, events_);
  ++commands_;
  REQUIRE(events_.size() > first);
  std::vector<Event> caused(events_.begin() + static_cast<std::ptrdiff_t>(first), events_.end());
  for (std::size_t i = 0; i < caused.size(); ++i) {
    REQUIRE(caused[i].seq == first + i + 1);
    REQUIRE(caused[i].cmd_seq == commands_);
    REQUIRE(caused[i].cmd_opcode == command.opcode);
  }
  return event_texts(caused);
}

} // namespace twinmatch::test
