// The drop-in perf guard's workload (scripts/perf_guard.sh): a venue session through the C ABI,
// one call per message, every event and id read, on an engine warmed by one pass of the same
// session (then emptied by a mass cancel). The session is the open's kBuildOrders resting orders
// and MESSAGES of churn; the open runs uncounted, so that every measured message works on a
// venue-sized book (about 36,000 orders) whatever MESSAGES is. Callgrind collects only around
// the measured passes and dumps "empty" (no messages) and "full" (the churn), so that the guard
// computes instructions per message = (full - empty) / MESSAGES. Outside valgrind the requests
// are no-ops.
//   usage: twinmatch_drop_in_probe c_abi.SESSION MESSAGES [PRICE_LEVELS]
// PRICE_LEVELS (default kVenueConfig's) sets the band's width; a band too narrow to hold the
// session from base 0 is moved to start at the session's lowest price (band_fit.hpp), so that
// the same messages run on bands of any width (the band-width comparison, BM_DropInBand).
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <valgrind/callgrind.h>

#include "twinmatch/twinmatch_c.h"
#include "band_fit.hpp"
#include "venue_session.hpp"

namespace {

std::uint64_t run(twinmatch_engine* engine, std::span<const twinmatch::venue::Message> messages) {
  using twinmatch::venue::MessageKind;
  std::uint64_t sum = 0;
  for (const auto& m : messages) {
    int status = 0;
    if (m.kind == MessageKind::Submit) {
      twinmatch_order order{};
      order.order_id = m.order_id;
      order.side = static_cast<std::uint8_t>(m.side);
      order.tif = static_cast<std::uint8_t>(m.tif);
      order.price = m.price;
      order.quantity = m.quantity;
      status = twinmatch_submit(engine, &order);
    } else if (m.kind == MessageKind::Cancel) {
      status = twinmatch_cancel(engine, m.order_id);
    } else {
      status = twinmatch_modify(engine, m.order_id, m.price, m.quantity);
    }
    const std::size_t count = twinmatch_event_count(engine);
    const twinmatch_event* events = twinmatch_events(engine);
    const twinmatch_event_ids* ids = twinmatch_event_order_ids(engine);
    sum += static_cast<std::uint64_t>(status);
    for (std::size_t i = 0; i < count; ++i)
      sum += events[i].type + events[i].price + events[i].quantity + events[i].level_quantity + ids[i].order_id +
             ids[i].maker_order_id;
  }
  return sum;
}

} // namespace

int main(int argc, char** argv) {
  using namespace twinmatch::venue;
  const std::string name = argc == 3 || argc == 4 ? argv[1] : "";
  const std::string prefix = "c_abi.";
  const Session* session = nullptr;
  for (const Session& s : kSessions)
    if (name == prefix + std::string(session_name(s))) session = &s;
  if (session == nullptr) {
    std::fprintf(stderr, "usage: twinmatch_drop_in_probe c_abi.SESSION MESSAGES [PRICE_LEVELS] (SESSION: steady_drift, "
                         "swing_25, swing_60, crash, deep_static)\n");
    return 2;
  }
  const auto count = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
  const std::vector<Message> messages = generate(*session, 7, kBuildOrders + count);
  const auto open = std::span(messages).first(kBuildOrders);
  const auto churn = std::span(messages).subspan(kBuildOrders);
  const std::uint32_t price_levels =
      argc == 4 ? static_cast<std::uint32_t>(std::strtoull(argv[3], nullptr, 10)) : kVenueConfig.price_levels;
  const twinmatch_config config{kVenueConfig.symbols, price_levels, kVenueConfig.handles, kVenueConfig.max_quantity};
  twinmatch_engine* engine = twinmatch_create(&config);
  if (engine == nullptr) return 1;
  const std::optional<std::uint32_t> base = band_base_for(messages, price_levels);
  if (!base) {
    std::fprintf(stderr, "a band of %u ticks cannot hold the session's prices\n", price_levels);
    return 2;
  }
  if (*base != 0 && twinmatch_set_band(engine, 0, *base) != 0) return 1;
  std::uint64_t sum = run(engine, messages); // warms the engine: memory touched, tables grown
  twinmatch_mass_cancel(engine, 0, 0, 0);
  sum += run(engine, open);

  CALLGRIND_TOGGLE_COLLECT;
  sum += run(engine, {});
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_DUMP_STATS_AT("empty");

  CALLGRIND_TOGGLE_COLLECT;
  sum += run(engine, churn);
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_DUMP_STATS_AT("full");

  twinmatch_destroy(engine);
  std::printf("%s open %zu churn %zu checksum %llu\n", name.c_str(), open.size(), churn.size(), static_cast<unsigned long long>(sum));
  return 0;
}
