#include "host_agent.hpp"

namespace twinmatch::link {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

std::uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }
constexpr std::uint32_t kRegisterBytes = 4; // one 32-bit MMIO register write

} // namespace

HostAgent::HostAgent(const sc_core::sc_module_name& name, PcieDirection& to_card, Card& card)
    : sc_module(name), to_card_(to_card), card_(card) {
  SC_HAS_PROCESS(HostAgent);
  SC_THREAD(run);
}

void HostAgent::configure(const host::DriverConfig& driver, double offered_per_s,
                          std::span<const Command> commands, std::vector<Event>& events,
                          DmaRunResult& record) {
  driver_.emplace(driver, static_cast<host::Device&>(*this),
                  static_cast<host::CompletionSink&>(*this));
  offered_per_s_ = offered_per_s;
  commands_ = commands;
  events_ = &events;
  record_ = &record;
  announced_ = 0;
  finished_ = false;
  aborting_ = false;
}

void HostAgent::run() {
  for (;;) {
    wait(go_);
    offer_all();
    card_.host_done();
  }
}

void HostAgent::offer_all() {
  const sc_time start = sc_core::sc_time_stamp();
  const sc_time interval =
      offered_per_s_ > 0.0 ? sc_time(1.0 / offered_per_s_, sc_core::SC_SEC) : SC_ZERO_TIME;
  for (std::size_t i = 0; i < commands_.size(); ++i) {
    const sc_time arrival = start + interval * static_cast<double>(i);
    // Until the command arrives, drain completions as they land.
    while (sc_core::sc_time_stamp() < arrival) {
      wait(arrival - sc_core::sc_time_stamp(), completions_);
      driver_->poll();
    }
    record_->commands[i].arrival = arrival.value();
    host::SubmitStatus status = driver_->submit(commands_[i]);
    while (status == host::SubmitStatus::Busy) {
      ++record_->busy_returns;
      if (!wait_for_completions()) return;
      status = driver_->submit(commands_[i]);
    }
    if (status == host::SubmitStatus::Fault) return;
    record_->submission_ring.add(driver_->outstanding());
  }
  if (driver_->drain() == host::SubmitStatus::Ok) finished_ = true;
}

void HostAgent::completions_landed() { completions_.notify(SC_ZERO_TIME); }

void HostAgent::ring_doorbell(std::uint32_t submission_tail) {
  const std::uint64_t submitted = driver_->submitted();
  for (; announced_ < submitted; ++announced_) record_->commands[announced_].doorbell = now_ps();
  to_card_.send(kRegisterBytes, [this, submission_tail] { card_.write_doorbell(submission_tail); });
}

void HostAgent::write_completion_head(std::uint32_t completion_head) {
  to_card_.send(kRegisterBytes,
                [this, completion_head] { card_.write_completion_head(completion_head); });
}

bool HostAgent::wait_for_completions() {
  wait(completions_ | abort_);
  return !aborting_;
}

void HostAgent::abort() {
  aborting_ = true;
  abort_.notify(SC_ZERO_TIME);
}

void HostAgent::on_event(const Event& event) { events_->push_back(event); }

void HostAgent::on_command_complete(std::uint64_t cmd_seq) {
  record_->commands[cmd_seq - 1].done = now_ps();
}

} // namespace twinmatch::link
