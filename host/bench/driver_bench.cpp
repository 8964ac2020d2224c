// The host driver's own CPU cost per command (ring write, doorbell, completion drain with its
// phase and sequence checks), which the SystemC link model leaves out (it treats host software
// as taking no time). The card is an echo that answers each command at once with one event,
// in a completion slot or (compact events) as a record it encodes into the byte ring.
#include <cstdint>
#include <span>
#include <vector>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "twinmatch/host/compact_events.hpp"
#include "twinmatch/host/driver.hpp"

namespace {

using namespace twinmatch;

// Answers every announced command with one Accepted event flagged last, as soon as the
// completion ring has room. Window writes announce like a doorbell; the echo reads the record
// from the ring either way (the host's copy is the same bytes).
class EchoDevice final : public host::Device {
public:
  void attach(host::HostRings& rings) { rings_ = &rings; }
  void ring_doorbell(std::uint32_t submission_tail) override {
    sq_tail_ = submission_tail;
    answer();
  }
  void write_window(std::uint32_t first_index, std::span<const Command> records) override {
    sq_tail_ = first_index + static_cast<std::uint32_t>(records.size());
    answer();
  }
  void write_completion_head(std::uint32_t completion_head) override {
    cq_head_ = completion_head;
    answer();
  }
  bool wait_for_completions() override {
    answer();
    return true;
  }

private:
  void answer() {
    const std::uint32_t entries = rings_->completion_entries();
    const bool compact = rings_->encoding == host::EventEncoding::Compact;
    const std::uint32_t room = compact ? rings_->compact_bytes() : entries;
    const std::uint32_t needs = compact ? host::kCompactMaxRecordBytes : 1;
    while (sq_taken_ != sq_tail_ && room - (cq_tail_ - cq_head_) >= needs) {
      const Command& command = rings_->submission[sq_taken_ & rings_->submission_mask()];
      Event event{};
      event.type = static_cast<std::uint8_t>(EventType::Accepted);
      event.flags = kEventLast;
      event.cmd_opcode = command.opcode;
      event.seq = ++events_;
      event.cmd_seq = events_;
      event.handle = command.handle;
      ++sq_taken_;
      if (compact) {
        std::array<std::uint8_t, host::kCompactMaxRecordBytes> record{};
        const std::uint32_t size = encoder_.encode(event, record.data());
        const std::uint32_t at = cq_tail_ & rings_->compact_mask();
        const std::uint32_t first = std::min(size, rings_->compact_bytes() - at);
        std::memcpy(rings_->compact.data() + at, record.data(), first);
        std::memcpy(rings_->compact.data(), record.data() + first, size - first);
        cq_tail_ += size;
        rings_->compact_tail = cq_tail_;
        continue;
      }
      rings_->completion[cq_tail_ & rings_->completion_mask()] = {
          event, host::phase_of(cq_tail_, entries)};
      ++cq_tail_;
    }
  }

  host::HostRings* rings_ = nullptr;
  host::CompactEncoder encoder_;
  std::uint32_t sq_tail_ = 0, sq_taken_ = 0, cq_head_ = 0, cq_tail_ = 0;
  std::uint64_t events_ = 0;
};

struct CountingSink final : host::CompletionSink {
  void on_event(const Event& event) override { handles += event.handle; }
  std::uint64_t handles = 0;
};

// Arg 0: commands per announcement; arg 1: commands submitted between polls; arg 2: 1 to write
// the commands into the card's window (submit=pio), 0 for the doorbell; arg 3: 1 for compact
// events (the echo's encoding is in the figure too), 0 for completion slots.
void BM_SubmitAndDrain(benchmark::State& state) {
  const auto batch = static_cast<std::uint32_t>(state.range(0));
  const auto poll_every = static_cast<std::uint32_t>(state.range(1));
  const auto mode = state.range(2) != 0 ? host::SubmitMode::Pio : host::SubmitMode::Ring;
  EchoDevice device;
  CountingSink sink;
  host::DriverConfig config{256, 1024, batch, true, mode, 64};
  if (state.range(3) != 0) config.event_encoding = host::EventEncoding::Compact;
  host::Driver driver(config, device, sink);
  device.attach(driver.rings());
  Command command{};
  command.opcode = static_cast<std::uint8_t>(Opcode::Cancel);
  command.version = kProtocolVersion;
  std::uint32_t since_poll = 0;
  for (auto _ : state) {
    ++command.handle;
    if (driver.submit(command) != host::SubmitStatus::Ok) state.SkipWithError("submit failed");
    if (++since_poll == poll_every) {
      driver.flush();
      driver.poll();
      since_poll = 0;
    }
  }
  driver.drain();
  if (!driver.fault().empty()) state.SkipWithError(driver.fault().c_str());
  benchmark::DoNotOptimize(sink.handles);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SubmitAndDrain)
    ->Args({1, 1, 0, 0})
    ->Args({8, 8, 0, 0})
    ->Args({32, 32, 0, 0})
    ->Args({1, 64, 0, 0})
    ->Args({1, 1, 1, 0})
    ->Args({8, 8, 1, 0})
    ->Args({1, 1, 0, 1})
    ->Args({8, 8, 0, 1})
    ->Args({1, 64, 0, 1});

} // namespace

BENCHMARK_MAIN();
