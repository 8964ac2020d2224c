// A card without time for driver tests: on demand it runs the announced commands through the
// reference model, in submission order, each taken from its command window if it was written
// there and from the submission ring otherwise, and writes their events into the completion
// ring, never past the host's completion head, with the phase bit of each lap (or, with compact
// events, packs their records into the byte ring and publishes its tail). Hooks may tamper
// with events, or corrupt compact records, on the way.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "reference/reference_model.hpp"
#include "twinmatch/host/compact_events.hpp"
#include "twinmatch/host/device.hpp"
#include "twinmatch/host/rings.hpp"

namespace twinmatch::test {

class LoopbackDevice final : public host::Device {
public:
  explicit LoopbackDevice(const CoreConfig& config) : model_(config) {}

  void attach(host::HostRings& rings) { rings_ = &rings; }
  // While holding, wait_for_completions() does nothing and says the card stopped answering.
  void hold(bool holding) { holding_ = holding; }
  // Sees each event before it is written; returns false to drop it.
  std::function<bool(Event&)> tamper;
  // Compact events: sees each record's bytes after encoding, before they are written.
  std::function<void(std::span<std::uint8_t>)> corrupt;

  // Runs every announced command, then writes what fits into the completion ring.
  void process();

  void ring_doorbell(std::uint32_t submission_tail) override;
  void write_window(std::uint32_t first_index, std::span<const Command> records) override;
  void write_completion_head(std::uint32_t completion_head) override { cq_head_ = completion_head; }
  bool wait_for_completions() override;

  const std::vector<std::uint32_t>& doorbells() const { return doorbells_; }
  // Every announcement in the order it came: the submission indices [first, end) it covers and
  // whether the records came with it (window) or are to be read from the ring (doorbell).
  struct Announcement {
    std::uint32_t first = 0;
    std::uint32_t end = 0;
    bool window = false;
  };
  const std::vector<Announcement>& announcements() const { return announcements_; }
  // How many of the commands run so far the ring delivered.
  std::uint32_t taken_from_ring() const { return from_ring_; }
  // The most window slots ever in use: written records not yet run, counted from the oldest
  // command not yet run (the slots a card would have to hold apart).
  std::uint32_t max_window_span() const { return max_window_span_; }
  // Slots (compact events: bytes).
  std::uint32_t max_completion_occupancy() const { return max_cq_occupancy_; }

private:
  void write_compact();

  ref::ReferenceModel model_;
  host::CompactEncoder encoder_;
  host::HostRings* rings_ = nullptr;
  bool holding_ = false;
  std::vector<std::uint32_t> doorbells_;
  std::vector<Announcement> announcements_;
  std::deque<std::pair<std::uint32_t, Command>> window_; // written, not yet run
  std::uint32_t sq_tail_ = 0; // one past the last announced index
  std::uint32_t from_ring_ = 0;
  std::uint32_t max_window_span_ = 0;
  std::uint32_t sq_taken_ = 0;
  std::uint32_t cq_head_ = 0;
  std::uint32_t cq_tail_ = 0;
  std::uint32_t max_cq_occupancy_ = 0;
  std::vector<Event> caused_;
  std::deque<Event> pending_;
};

} // namespace twinmatch::test
