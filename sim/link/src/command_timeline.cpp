#include "twinmatch/link/command_timeline.hpp"

#include <algorithm>

namespace twinmatch::link {

void CommandTimeline::arrive(std::uint64_t arrival_ps) {
  if (arrived() == 0) latencies_.first_arrival = arrival_ps;
  in_flight_.push_back({});
  in_flight_.back().times.arrival = arrival_ps;
}

CommandTimes& CommandTimeline::at(std::uint64_t index) {
  if (index < retired_ || index - retired_ >= in_flight_.size()) {
    ++stray_;
    return scratch_;
  }
  return in_flight_[index - retired_].times;
}

void CommandTimeline::complete(std::uint64_t index, std::uint64_t done_ps) {
  if (index < retired_ || index - retired_ >= in_flight_.size()) {
    ++stray_;
    return;
  }
  InFlight& command = in_flight_[index - retired_];
  command.times.done = done_ps;
  command.completed = true;
  while (!in_flight_.empty() && in_flight_.front().completed) {
    retire(in_flight_.front().times);
    in_flight_.pop_front();
    ++retired_;
  }
}

std::vector<CommandTimes> CommandTimeline::every_command() const {
  std::vector<CommandTimes> every = kept_;
  if (keep_every_) {
    for (const InFlight& command : in_flight_) every.push_back(command.times);
  }
  return every;
}

void CommandTimeline::retire(const CommandTimes& t) {
  RunLatencies& l = latencies_;
  ++l.commands;
  l.last_done = std::max(l.last_done, t.done);
  l.end_to_end.add(t.done - t.arrival);
  l.host_to_card.add((t.announced - t.doorbell) + (t.card - t.fetch));
  l.queueing.add((t.doorbell - t.arrival) + (t.fetch - t.announced) + (t.core_start - t.card));
  l.core.add(t.core_end - t.core_start);
  l.card_to_host.add(t.done - t.core_end);
  if (keep_every_) kept_.push_back(t);
}

} // namespace twinmatch::link
