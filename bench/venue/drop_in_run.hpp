// Runs a venue session through the drop-in engine as an application does: one call per
// message, through MatchingEngine or the C ABI, reading every event of each call (fields of
// each event and the client ids, folded into a checksum so that nothing is optimised away).
// Measures throughput and the latency of every call.
//
// One sample, on one engine:
//   1. construction (timed: the default-configuration start-up cost users pay);
//   2. a cold pass: the session on the fresh engine, timed as a whole (first-touch page faults
//      and growth included), then a mass cancel empties the book;
//   3. a warm pass: the session again, timed as a whole (steady_clock around the loop, and the
//      thread's CPU clock), with the allocations and minor page faults it causes counted;
//      mass cancel;
//   4. a latency pass: the session again, each call timed alone between two lfence-ordered
//      rdtsc reads (bench/tsc_clock.hpp) into a histogram of ticks; the percentiles include the
//      timer's own cost, stated as timer_ns.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <span>
#include <string_view>

#include "twinmatch/config.hpp"
#include "twinmatch/sw/engine.hpp"
#include "twinmatch/twinmatch_c.h"
#include "venue_session.hpp"

namespace twinmatch::venue {

// What a caller reads of one event: its type, price, quantities, and the client ids.
struct Fold {
  std::uint64_t sum = 0;
  std::uint64_t events = 0;

  template <class EventT, class Ids>
  [[gnu::always_inline]] void add(const EventT* events_, const Ids* ids, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      sum += events_[i].type + events_[i].price + events_[i].quantity + events_[i].level_quantity +
             ids[i].order_id + ids[i].maker_order_id;
    }
    events += count;
  }
};

// The C ABI, as a C program calls it.
class CAbiDriver {
public:
  explicit CAbiDriver(const CoreConfig& config) {
    const twinmatch_config c{config.symbols, config.price_levels, config.handles, config.max_quantity};
    engine_ = twinmatch_create(&c);
    if (engine_ == nullptr) throw std::runtime_error("twinmatch_create refused the configuration");
  }
  ~CAbiDriver() { twinmatch_destroy(engine_); }
  CAbiDriver(const CAbiDriver&) = delete;
  CAbiDriver& operator=(const CAbiDriver&) = delete;

  [[gnu::always_inline]] void call(const Message& m, Fold& fold) {
    int status = 0;
    switch (m.kind) {
    case MessageKind::Submit: {
      twinmatch_order order{};
      order.order_id = m.order_id;
      order.side = static_cast<std::uint8_t>(m.side);
      order.tif = static_cast<std::uint8_t>(m.tif);
      order.price = m.price;
      order.quantity = m.quantity;
      status = twinmatch_submit(engine_, &order);
      break;
    }
    case MessageKind::Cancel: status = twinmatch_cancel(engine_, m.order_id); break;
    case MessageKind::Modify: status = twinmatch_modify(engine_, m.order_id, m.price, m.quantity); break;
    }
    fold.sum += static_cast<std::uint64_t>(status);
    fold.add(twinmatch_events(engine_), twinmatch_event_order_ids(engine_), twinmatch_event_count(engine_));
  }
  void empty_book() { twinmatch_mass_cancel(engine_, 0, 0, 0); }
  void set_band(std::uint32_t base) {
    if (twinmatch_set_band(engine_, 0, base) != TWINMATCH_OK) throw std::runtime_error("twinmatch_set_band refused");
  }

private:
  twinmatch_engine* engine_;
};

// The C++ API.
class EngineDriver {
public:
  explicit EngineDriver(const CoreConfig& config) : engine_(config) {}

  [[gnu::always_inline]] void call(const Message& m, Fold& fold) {
    sw::Status status = sw::Status::Ok;
    switch (m.kind) {
    case MessageKind::Submit:
      status = engine_.submit(sw::OrderRequest{.order_id = m.order_id, .side = m.side, .tif = m.tif,
                                               .price = m.price, .quantity = m.quantity});
      break;
    case MessageKind::Cancel: status = engine_.cancel(m.order_id); break;
    case MessageKind::Modify: status = engine_.modify(m.order_id, m.price, m.quantity); break;
    }
    fold.sum += static_cast<std::uint64_t>(status);
    const auto events = engine_.events();
    fold.add(events.data(), engine_.event_order_ids().data(), events.size());
  }
  void empty_book() { engine_.mass_cancel(0); }
  void set_band(std::uint32_t base) {
    if (engine_.set_band(0, base) != sw::Status::Ok) throw std::runtime_error("set_band refused");
  }

private:
  sw::MatchingEngine engine_;
};

enum class Api : std::uint8_t { Engine, CAbi };
inline constexpr Api kApis[] = {Api::CAbi, Api::Engine};
std::string_view api_name(Api api);

struct DropInSample {
  double construct_ms = 0;          // building the engine
  double resident_mib = 0;          // the process's resident memory grown since before the
                                    // engine was built, after the warm pass (the book full)
  double cold_messages_per_s = 0;   // pass 2
  double messages_per_s = 0;        // pass 3, wall time
  double messages_per_cpu_s = 0;    // pass 3, the thread's CPU time (not the time it waited
                                    // for the core while other processes ran: a shared machine)
  double allocs_per_message = 0;    // during pass 3
  double faults_per_message = 0;    // minor page faults during pass 3
  double events_per_message = 0;
  double p50_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0; // pass 4, timer included
  std::uint64_t checksum = 0;       // of pass 3's events and ids
};

// band_base: where symbol 0's band starts (set after construction; 0 keeps the default).
DropInSample measure_drop_in(Api api, std::span<const Message> messages, const CoreConfig& config,
                             std::uint32_t band_base = 0);

// Building the default engine (twinmatch_create(NULL): kCpuConfig) and destroying it: the
// milliseconds of the creation.
double default_create_ms();

// Building an engine of `config` through the C ABI: the milliseconds it took and the resident
// memory it holds before any order (the process's growth, MiB); then destroyed.
struct Creation {
  double ms = 0;
  double resident_mib = 0;
};
Creation create_and_destroy(const CoreConfig& config);

// The cost of one timer pair, back to back: the least of many tries, in ns.
double drop_in_timer_ns();

} // namespace twinmatch::venue
