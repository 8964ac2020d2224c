#include "card.hpp"

#include <algorithm>
#include <memory>
#include <utility>

namespace twinmatch::link {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

namespace {

std::uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }

} // namespace

Card::Card(const sc_core::sc_module_name& name, PcieDirection& to_host, PcieDirection& to_card)
    : sc_module(name), to_host_(to_host), to_card_(to_card) {
  SC_HAS_PROCESS(Card);
  SC_THREAD(fetch);
  SC_THREAD(run_core);
  SC_THREAD(write_back);
}

void Card::configure(const CardConfig& config, const LinkConfig& link, CoreModel& core,
                     host::HostRings& rings, DmaRunResult& record, std::uint64_t seed,
                     std::function<void()> completions_landed) {
  config_ = config;
  link_ = link;
  core_ = &core;
  rings_ = &rings;
  record_ = &record;
  completions_landed_ = std::move(completions_landed);
  random_.seed(seed);
  sq_tail_ = cq_head_ = sq_fetched_ = cq_tail_ = 0;
  aborting_ = false;
  fetch_credits_ = config.command_fifo_depth;
  commands_.clear();
  events_.clear();
  commands_announced_ = commands_fetched_ = commands_landed_ = commands_taken_ = 0;
}

void Card::abort() {
  aborting_ = true;
  commands_.clear();
  events_.clear();
  abort_.notify(SC_ZERO_TIME);
}

void Card::write_doorbell(std::uint32_t submission_tail) {
  const std::uint64_t announced = commands_announced_ + (submission_tail - sq_tail_);
  for (; commands_announced_ < announced; ++commands_announced_) {
    record_->commands[commands_announced_].announced = now_ps();
  }
  sq_tail_ = submission_tail;
  fetch_wake_.notify(SC_ZERO_TIME);
}

void Card::write_completion_head(std::uint32_t completion_head) {
  cq_head_ = completion_head;
  writer_wake_.notify(SC_ZERO_TIME);
}

sc_time Card::cycles(std::uint64_t count) const {
  return sc_time(static_cast<double>(count) * 1000.0 / config_.core_clock_mhz, SC_NS);
}

// On a doorbell: one read request per run of records, as long as the command FIFO has room for
// what comes back, never across the ring's end and never more than MRRS bytes.
void Card::fetch() {
  for (;;) {
    while (sq_tail_ == sq_fetched_ || fetch_credits_ == 0) wait(fetch_wake_);
    const auto entries = static_cast<std::uint32_t>(rings_->submission.size());
    const std::uint32_t count =
        std::min({sq_tail_ - sq_fetched_, fetch_credits_,
                  link_.max_read_request_bytes / std::uint32_t{sizeof(Command)},
                  entries - (sq_fetched_ & rings_->submission_mask())});
    const std::uint32_t first = sq_fetched_;
    sq_fetched_ += count;
    fetch_credits_ -= count;
    for (std::uint32_t i = 0; i < count; ++i) record_->commands[commands_fetched_++].fetch = now_ps();
    ++record_->fetches;
    // The read request (no payload) reaches host memory, which answers with the records as
    // they are then, in completions of at most MPS bytes.
    to_host_.send(0, [this, first, count] {
      const std::uint32_t per_tlp = link_.max_payload_bytes / std::uint32_t{sizeof(Command)};
      for (std::uint32_t sent = 0; sent < count;) {
        const std::uint32_t chunk = std::min(per_tlp, count - sent);
        std::vector<Command> records(chunk);
        for (std::uint32_t i = 0; i < chunk; ++i) {
          records[i] = rings_->submission[(first + sent + i) & rings_->submission_mask()];
        }
        to_card_.send(chunk * std::uint32_t{sizeof(Command)},
                      [this, records = std::move(records)]() mutable {
                        land_commands(std::move(records));
                      });
        sent += chunk;
      }
    });
  }
}

void Card::land_commands(std::vector<Command> records) {
  for (const Command& command : records) {
    record_->commands[commands_landed_++].card = now_ps();
    commands_.push_back(command);
  }
  core_wake_.notify(SC_ZERO_TIME);
}

void Card::run_core() {
  CoreStep step;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (;;) {
    while (commands_.empty()) wait(core_wake_);
    const Command command = commands_.front();
    commands_.pop_front();
    ++fetch_credits_;
    fetch_wake_.notify(SC_ZERO_TIME);
    CommandTimes& times = record_->commands[commands_taken_++];
    times.core_start = now_ps();

    step.clear();
    core_->execute(command, step);
    // Each beat keeps its distance in cycles from the one before, so a held beat delays the rest.
    std::uint32_t previous_cycle = 0;
    for (std::size_t i = 0; i < step.events.size() && !aborting_; ++i) {
      if (step.event_cycles[i] != previous_cycle) {
        wait(cycles(step.event_cycles[i] - previous_cycle));
      }
      previous_cycle = step.event_cycles[i];
      if (config_.core_stall_probability > 0.0 && unit(random_) < config_.core_stall_probability) {
        std::uniform_int_distribution<std::uint32_t> stall(1, config_.core_stall_max_cycles);
        wait(cycles(stall(random_)));
      }
      while (events_.size() >= config_.event_fifo_depth && !aborting_) {
        wait(event_space_ | abort_);
      }
      if (aborting_) break;
      events_.push_back(step.events[i]);
      writer_wake_.notify(SC_ZERO_TIME);
    }
    if (aborting_) continue;
    times.core_end = now_ps();
    wait(cycles(std::max(step.next_command_cycles - previous_cycle, 1u)));
  }
}

// Writes what the core put out into the completion ring, in bursts of the events already
// waiting, only into slots the host has given back, each slot with its lap's phase bit. The
// next burst is formed once this one is on the wire, so events that arrive meanwhile coalesce.
void Card::write_back() {
  constexpr auto slot_bytes = std::uint32_t{sizeof(host::CompletionSlot)};
  for (;;) {
    const auto entries = [this] { return rings_->completion_entries(); };
    while (events_.empty() || cq_tail_ - cq_head_ == entries()) {
      if (!events_.empty()) ++record_->completion_stalls;
      wait(writer_wake_);
    }
    const std::uint32_t count = std::min(
        {static_cast<std::uint32_t>(events_.size()), config_.write_burst_events,
         entries() - (cq_tail_ - cq_head_), entries() - (cq_tail_ & rings_->completion_mask())});
    auto slots = std::make_shared<std::vector<host::CompletionSlot>>(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      (*slots)[i] = {events_.front(), host::phase_of(cq_tail_ + i, entries())};
      events_.pop_front();
    }
    event_space_.notify(SC_ZERO_TIME);
    const std::uint32_t first = cq_tail_;
    cq_tail_ += count;
    ++record_->completion_writes;
    record_->completion_ring.add(cq_tail_ - cq_head_);

    // One posted write, split into TLPs of at most MPS bytes; each TLP's arrival lands the
    // slots whose last byte it carries.
    const std::uint32_t total = count * slot_bytes;
    std::uint32_t landed = 0;
    sc_time on_wire;
    for (std::uint32_t sent = 0; sent < total;) {
      const std::uint32_t chunk = std::min(link_.max_payload_bytes, total - sent);
      sent += chunk;
      const std::uint32_t upto = sent / slot_bytes;
      on_wire = to_host_.send(chunk, [this, slots, first, from = landed, upto] {
        for (std::uint32_t i = from; i < upto; ++i) {
          rings_->completion[(first + i) & rings_->completion_mask()] = (*slots)[i];
        }
        if (upto != from) completions_landed_();
      });
      landed = upto;
    }
    wait(on_wire - sc_core::sc_time_stamp());
  }
}

} // namespace twinmatch::link
