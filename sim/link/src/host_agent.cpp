#include "host_agent.hpp"

#include <algorithm>
#include <cassert>

namespace twinmatch::link {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

std::uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }
constexpr std::uint32_t kRegisterBytes = 4; // one 32-bit MMIO register write
// Window records are written through a write-combining mapping: each 64-byte WC buffer the CPU
// flushes leaves as one posted TLP (two records).
constexpr std::uint32_t kWriteCombiningBytes = 64;

} // namespace

HostAgent::HostAgent(const sc_core::sc_module_name& name, PcieDirection& to_card, Card& card)
    : sc_module(name), to_card_(to_card), card_(card) {
  SC_HAS_PROCESS(HostAgent);
  SC_THREAD(run);
  SC_THREAD(reveal);
}

void HostAgent::configure(const host::DriverConfig& driver, double offered_per_s,
                          double host_poll_ns, CommandChunks commands, EventSink events,
                          DmaRunResult& record) {
  driver_.emplace(driver, static_cast<host::Device&>(*this),
                  static_cast<host::CompletionSink&>(*this));
  offered_per_s_ = offered_per_s;
  host_poll_ = sc_time(host_poll_ns, sc_core::SC_NS);
  window_mask_ = driver.pio_window_entries - 1;
  commands_ = std::move(commands);
  events_ = std::move(events);
  record_ = &record;
  announced_ = 0;
  finished_ = false;
  aborting_ = false;
  assert(landed_.empty()); // a run ends only when nothing is left to happen
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
  std::uint64_t offered = 0;
  for (std::span<const Command> chunk = commands_(); !chunk.empty(); chunk = commands_()) {
    for (const Command& command : chunk) {
      const sc_time arrival = start + interval * static_cast<double>(offered++);
      // Until the command arrives, drain completions as the host sees them.
      while (sc_core::sc_time_stamp() < arrival) {
        wait(arrival - sc_core::sc_time_stamp(), completions_);
        if (completions_.triggered()) driver_->poll();
      }
      record_->timeline.arrive(arrival.value());
      host::SubmitStatus status = driver_->submit(command);
      while (status == host::SubmitStatus::Busy) {
        ++record_->busy_returns;
        if (!wait_for_completions()) return;
        status = driver_->submit(command);
      }
      if (status == host::SubmitStatus::Fault) return;
      record_->submission_ring.add(driver_->outstanding());
    }
  }
  if (driver_->drain() == host::SubmitStatus::Ok) finished_ = true;
}

// The spinning poll holds the slot's line in its cache until the card's write invalidates it;
// the read that then misses is what host_poll_ns stands for. The delay is the same for every
// write, so they are seen in the order they landed.
void HostAgent::land(std::function<void()> write) {
  landed_.push_back({sc_core::sc_time_stamp() + host_poll_, std::move(write)});
  landing_.notify(SC_ZERO_TIME);
}

void HostAgent::reveal() {
  for (;;) {
    while (landed_.empty()) wait(landing_);
    const sc_time seen = landed_.front().seen;
    if (seen > sc_core::sc_time_stamp()) wait(seen - sc_core::sc_time_stamp());
    landed_.front().write();
    landed_.pop_front();
    completions_.notify(SC_ZERO_TIME);
  }
}

void HostAgent::ring_doorbell(std::uint32_t submission_tail) {
  const std::uint64_t submitted = driver_->submitted();
  for (; announced_ < submitted; ++announced_) record_->timeline.at(announced_).doorbell = now_ps();
  to_card_.send(kRegisterBytes, [this, submission_tail] { card_.write_doorbell(submission_tail); });
}

void HostAgent::write_window(std::uint32_t first_index, std::span<const Command> records) {
  const auto count = static_cast<std::uint32_t>(records.size());
  for (std::uint32_t i = 0; i < count; ++i) record_->timeline.at(announced_++).doorbell = now_ps();
  constexpr std::uint32_t per_tlp = kWriteCombiningBytes / std::uint32_t{sizeof(Command)};
  for (std::uint32_t sent = 0; sent < count; sent += per_tlp) {
    const std::uint32_t chunk = std::min(per_tlp, count - sent);
    std::vector<Command> tlp(records.begin() + sent, records.begin() + sent + chunk);
    to_card_.send(chunk * std::uint32_t{sizeof(Command)},
                  [this, slot = (first_index + sent) & window_mask_, tlp = std::move(tlp)] {
                    card_.write_window(slot, tlp);
                  });
  }
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

void HostAgent::on_event(const Event& event) { events_(event); }

void HostAgent::on_command_complete(std::uint64_t cmd_seq) {
  record_->timeline.complete(cmd_seq - 1, now_ps());
}

} // namespace twinmatch::link
