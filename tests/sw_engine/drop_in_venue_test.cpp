// The drop-in engine against the reference model on the venue sessions of the drop-in benchmark
// (bench/venue): every message through MatchingEngine, and the same message as a wire command
// through the reference model behind an id layer of the test's own (a std::map of live ids,
// lowest free handle first). The two pick handles differently, so events are compared byte for
// byte with the handle fields set aside, and those compared as the client ids they stand for.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reference/reference_model.hpp"
#include "support/event_text.hpp"
#include "twinmatch/sw/engine.hpp"
#include "venue_session.hpp"

namespace twinmatch::sw_test {
namespace {

using sw::EventOrderIds;
using sw::MatchingEngine;
using sw::OrderRequest;
using sw::Status;
using venue::Message;
using venue::MessageKind;

// The reference model behind a plain id layer: what MatchingEngine does, written independently.
class ReferenceDropIn {
public:
  explicit ReferenceDropIn(const CoreConfig& config) : model_(config) {
    for (std::uint32_t h = 0; h < 4096; ++h) free_.insert(h);
    next_fresh_ = 4096;
  }

  // The status of the call; `events` gets its events, `ids` their client ids.
  sw::Status call(const Message& m, std::vector<Event>& events, std::vector<sw::EventOrderIds>& ids) {
    events.clear();
    ids.clear();
    const auto live = live_.find(m.order_id);
    Command c{};
    c.version = kProtocolVersion;
    std::uint32_t own = 0xFFFFFFFFu;
    if (m.kind == MessageKind::Submit) {
      if (live != live_.end()) return sw::Status::DuplicateOrderId;
      if (free_.empty()) free_.insert(next_fresh_++);
      own = *free_.begin();
      free_.erase(free_.begin());
      live_[m.order_id] = own;
      handle_ids_[own] = m.order_id;
      c.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
      c.side = static_cast<std::uint8_t>(m.side);
      c.tif = static_cast<std::uint8_t>(m.tif);
      c.price = m.price;
      c.quantity = m.quantity;
    } else {
      if (live == live_.end()) return sw::Status::UnknownHandle;
      own = live->second;
      c.opcode = static_cast<std::uint8_t>(m.kind == MessageKind::Cancel ? Opcode::Cancel : Opcode::Modify);
      if (m.kind == MessageKind::Modify) {
        c.price = m.price;
        c.quantity = m.quantity;
      }
    }
    c.handle = own;
    model_.apply(c, events);
    for (const Event& e : events) {
      const auto type = static_cast<EventType>(e.type);
      const bool about_order = type == EventType::Accepted || type == EventType::Fill ||
                               type == EventType::Cancelled || type == EventType::Modified;
      ids.push_back({about_order ? handle_ids_.at(e.handle) : 0,
                     type == EventType::Fill ? handle_ids_.at(e.maker_handle) : 0});
    }
    // Free every order that ended: makers filled away, others cancelled, the own if not resting.
    for (const Event& e : events) {
      if (e.type == static_cast<std::uint8_t>(EventType::Fill) && e.maker_remaining == 0) release(e.maker_handle);
      if (e.type == static_cast<std::uint8_t>(EventType::Cancelled) && e.handle != own) release(e.handle);
    }
    if (!model_.is_resting(own)) release(own);
    const Event& last = events.back();
    return last.type == static_cast<std::uint8_t>(EventType::Rejected) ? static_cast<sw::Status>(last.reason)
                                                                        : sw::Status::Ok;
  }

  std::size_t live() const { return live_.size(); }

private:
  void release(std::uint32_t handle) {
    const auto it = handle_ids_.find(handle);
    if (it == handle_ids_.end() || !live_.contains(it->second) || live_.at(it->second) != handle) return;
    live_.erase(it->second);
    free_.insert(handle);
  }

  ref::ReferenceModel model_;
  std::map<std::uint64_t, std::uint32_t> live_;
  std::map<std::uint32_t, std::uint64_t> handle_ids_;
  std::set<std::uint32_t> free_;
  std::uint32_t next_fresh_;
};

// An event with its handle fields cleared: they are compared as client ids.
Event without_handles(Event e) {
  e.handle = 0;
  e.maker_handle = 0;
  return e;
}

TEST_CASE("drop-in: venue sessions give the reference model's events, byte for byte", "[drop_in][differential]") {
  constexpr std::size_t kMessages = 60'000; // the open builds 36,000 orders, then the book churns
  for (const venue::Session session : venue::kSessions) {
    const std::vector<Message> messages = venue::generate(session, 5, kMessages);
    MatchingEngine engine(venue::kVenueConfig);
    ReferenceDropIn reference(venue::kVenueConfig);
    std::vector<Event> expected;
    std::vector<EventOrderIds> expected_ids;
    std::size_t events = 0, fills = 0, mismatches = 0;
    std::string first_mismatch;
    for (std::size_t i = 0; i < messages.size() && mismatches == 0; ++i) {
      const Message& m = messages[i];
      Status status = Status::Ok;
      if (m.kind == MessageKind::Submit) {
        status = engine.submit(OrderRequest{.order_id = m.order_id, .side = m.side, .tif = m.tif,
                                            .price = m.price, .quantity = m.quantity});
      } else if (m.kind == MessageKind::Cancel) {
        status = engine.cancel(m.order_id);
      } else {
        status = engine.modify(m.order_id, m.price, m.quantity);
      }
      const Status expected_status = reference.call(m, expected, expected_ids);
      const auto actual = engine.events();
      const auto actual_ids = engine.event_order_ids();
      bool same = status == expected_status && actual.size() == expected.size();
      for (std::size_t e = 0; same && e < actual.size(); ++e) {
        const Event a = without_handles(actual[e]), x = without_handles(expected[e]);
        same = std::memcmp(&a, &x, sizeof(Event)) == 0 && actual_ids[e].order_id == expected_ids[e].order_id &&
               actual_ids[e].maker_order_id == expected_ids[e].maker_order_id;
        fills += actual[e].type == static_cast<std::uint8_t>(EventType::Fill);
      }
      events += expected.size();
      if (!same) {
        ++mismatches;
        first_mismatch = "message " + std::to_string(i) + ": status " + std::to_string(int(status)) + " vs " +
                         std::to_string(int(expected_status)) + ", " + std::to_string(actual.size()) + " vs " +
                         std::to_string(expected.size()) + " events";
        for (const Event& e : expected) first_mismatch += "\n  ref: " + test::event_text(e);
        for (const Event& e : actual) first_mismatch += "\n  sw:  " + test::event_text(e);
      }
    }
    INFO("session " << venue::session_name(session) << "\n" << first_mismatch);
    CHECK(mismatches == 0);
    CHECK(engine.live_orders() == reference.live());
    // The sessions do what they are for: about two events a message, and trades.
    CHECK(events > 2 * kMessages);
    CHECK(fills > kMessages / 100);
  }
}

TEST_CASE("drop-in: venue sessions have the shape the benchmark promises", "[drop_in]") {
  constexpr std::size_t kMessages = 300'000;
  for (const venue::Session session : venue::kSessions) {
    const std::vector<Message> messages = venue::generate(session, 5, kMessages);
    INFO("session " << venue::session_name(session));
    REQUIRE(messages.size() == kMessages);
    CHECK(messages == venue::generate(session, 5, kMessages)); // fixed by session, seed and length
    // About half new orders, most of the rest cancels, some IOC.
    const venue::Mix mix = venue::mix_of(messages);
    CHECK(mix.submits >= kMessages * 45 / 100);
    CHECK(mix.submits <= kMessages * 58 / 100);
    CHECK(mix.cancels > kMessages * 3 / 10);
    CHECK(mix.cancels > mix.modifies);
    CHECK(mix.modifies > kMessages / 20);
    CHECK(mix.ioc > mix.submits / 20);
    // The churn after the open, too (the open is all submits).
    const venue::Mix churn = venue::mix_of(std::span(messages).subspan(venue::kBuildOrders));
    const std::size_t churn_messages = kMessages - venue::kBuildOrders;
    CHECK(churn.submits >= churn_messages * 45 / 100);
    CHECK(churn.submits <= churn_messages * 55 / 100);
    // A venue-sized book over thousands of levels, from the open to the close.
    MatchingEngine engine(venue::kVenueConfig);
    std::set<std::uint64_t> ids;
    std::size_t reused_ids = 0, out_of_range = 0, fills = 0, low = SIZE_MAX, high = 0;
    std::uint64_t high_bits = 0;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const Message& m = messages[i];
      if (m.kind == MessageKind::Submit) {
        reused_ids += !ids.insert(m.order_id).second;
        engine.submit(OrderRequest{.order_id = m.order_id, .side = m.side, .tif = m.tif, .price = m.price,
                                   .quantity = m.quantity});
      } else if (m.kind == MessageKind::Cancel) {
        engine.cancel(m.order_id);
      } else {
        engine.modify(m.order_id, m.price, m.quantity);
      }
      high_bits |= m.order_id >> 48;
      out_of_range += m.kind != MessageKind::Cancel && (m.price < venue::kMinPrice || m.price > venue::kMaxPrice);
      for (const Event& e : engine.events()) fills += e.type == static_cast<std::uint8_t>(EventType::Fill);
      if (i + 1 >= venue::kBuildOrders) {
        low = std::min<std::size_t>(low, engine.live_orders());
        high = std::max<std::size_t>(high, engine.live_orders());
      }
    }
    CHECK(reused_ids == 0);
    CHECK(high_bits != 0); // ids use the whole 64 bits
    CHECK(out_of_range == 0);
    CHECK(low >= 25'000);
    CHECK(high <= 45'000);
    CHECK(fills > kMessages / 50); // it trades
    std::vector<sw::LevelView> levels(venue::kVenueConfig.price_levels);
    CHECK(engine.depth(0, Side::Buy, levels) + engine.depth(0, Side::Sell, levels) > 2'000);
  }
}

} // namespace
} // namespace twinmatch::sw_test
