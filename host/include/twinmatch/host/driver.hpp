// The host driver's command channel: writes 32-byte commands into the submission ring and
// announces them to the card (a doorbell the card answers by fetching them, or the records
// themselves written into the card's command window), drains the completion ring and checks the
// numbering of everything that comes back. It knows nothing of order ids (order_gateway.hpp adds them) and nothing of the card
// (device.hpp is the seam), so every backend behind a Device uses the same driver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "twinmatch/host/compact_events.hpp"
#include "twinmatch/host/device.hpp"
#include "twinmatch/host/rings.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::host {

// How commands reach the card. Ring: the card is told the submission tail (the doorbell) and
// fetches the records from host memory with a DMA read. Pio: the records themselves are written
// into the card's command window (a posted write, no read round trip).
enum class SubmitMode : std::uint8_t { Ring, Pio };

// Pio mode, when the window has no free slot: Wait treats it like a full ring (submit waits, or
// returns Busy when non-blocking); Ring sends the command the Ring way instead, in order.
enum class WindowFull : std::uint8_t { Wait, Ring };

struct DriverConfig {
  std::uint32_t submission_entries = 256;  // power of two
  std::uint32_t completion_entries = 1024; // power of two
  // Commands announced at once: per doorbell, or per window write (flush() announces early).
  std::uint32_t doorbell_batch = 1;
  bool blocking = true;                    // full ring: wait (true) or return Busy (false)
  SubmitMode submit_mode = SubmitMode::Ring;
  // The card's command window, in 32-byte records (power of two); Pio mode only. A slot is
  // free again once its command's last event has been drained.
  std::uint32_t pio_window_entries = 64;
  WindowFull window_full = WindowFull::Wait;
  // How the card writes events into the completion ring (rings.hpp). The driver hands the sink
  // the same 64-byte events either way.
  EventEncoding event_encoding = EventEncoding::Full;
};

// Why `config` cannot run, or nothing.
std::optional<std::string> validate(const DriverConfig& config);

enum class SubmitStatus : std::uint8_t {
  Ok,       // written into the submission ring
  Busy,     // non-blocking mode: the submission ring is full, nothing was written
  Rejected, // refused by the driver before reaching the core (order_gateway.hpp)
  Fault,    // the completion stream broke its numbering; see Driver::fault()
};

// Receives what the driver drains, in order. Must not call back into the driver.
class CompletionSink {
public:
  virtual ~CompletionSink() = default;
  virtual void on_event(const Event& event) = 0;
  // After the event flagged last of command `cmd_seq` (numbered from 1 like the core does).
  virtual void on_command_complete(std::uint64_t cmd_seq) { (void)cmd_seq; }
};

class Driver {
public:
  // `config` must pass validate(). The driver drives a fresh core: command numbering starts at 1.
  Driver(const DriverConfig& config, Device& device, CompletionSink& sink);

  // The rings the card reads and writes (their host-memory addresses, in a real system).
  HostRings& rings() { return rings_; }

  // Ok: written (and announced, or due at the next batch or flush()). A full submission ring,
  // or in Pio mode with WindowFull::Wait a full window, makes it wait (blocking) or return Busy.
  SubmitStatus submit(const Command& command);
  // Announces the records written since the last announcement: in Pio mode writes into the
  // window those it has room for, then rings the doorbell for any rest.
  void flush();
  // Consumes every valid completion slot, then returns the completion head to the card.
  // Returns the number of events consumed.
  std::size_t poll();
  // flush(), then waits until every submitted command has completed (Ok) or a fault.
  SubmitStatus drain();

  const DriverConfig& config() const { return config_; }
  std::uint64_t submitted() const { return submitted_; }
  std::uint64_t completed() const { return completed_; }
  std::uint32_t outstanding() const { return sq_tail_ - sq_head_; }
  std::uint64_t doorbells() const { return doorbells_; }
  std::uint64_t window_writes() const { return window_writes_; }
  // Commands written into the card's window, and (WindowFull::Ring) those that found it full
  // and went through the ring instead.
  std::uint64_t window_commands() const { return window_commands_; }
  std::uint64_t window_full_commands() const { return window_full_commands_; }
  std::uint64_t events() const { return next_event_seq_ - 1; }
  // Free-running index of the next completion slot the driver will read (compact encoding: the
  // next record's byte).
  std::uint32_t completion_head() const { return cq_head_; }
  // Empty while the completion stream is well formed; else what went wrong first.
  const std::string& fault() const { return fault_; }

private:
  bool check(const Event& event);
  // Checks and delivers one drained event.
  bool consume(const Event& event);
  std::size_t poll_slots();
  std::size_t poll_compact();
  void write_window();
  // Commands that may be in flight at once: the ring's size, or the window's when a full window
  // makes submit wait.
  std::uint32_t capacity() const;

  DriverConfig config_;
  Device& device_;
  CompletionSink& sink_;
  HostRings rings_;
  std::uint32_t sq_head_ = 0;      // oldest command whose last event has not arrived
  std::uint32_t sq_tail_ = 0;      // next record to write
  std::uint32_t sq_announced_ = 0; // tail given to the card by the last doorbell
  std::uint32_t cq_head_ = 0;      // next completion slot to read
  std::uint64_t submitted_ = 0;
  std::uint64_t completed_ = 0;
  std::uint64_t doorbells_ = 0;
  std::uint64_t window_writes_ = 0;
  std::uint64_t window_commands_ = 0;
  std::uint64_t window_full_commands_ = 0;
  std::uint64_t next_event_seq_ = 1;
  CompactDecoder decoder_; // the compact encoding's implicit numbering
  std::string fault_;
};

} // namespace twinmatch::host
