// Command builders for the sw_engine tests: those of tests/support, with account 0 by default,
// and modifiers of a built order.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "support/commands.hpp"
#include "support/expected_events.hpp"
#include "support/event_text.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::sw_test {

// The sw tests' orders carry account 0 unless they name one.
inline Command limit(std::uint32_t handle, Side side, std::uint32_t price, std::uint32_t quantity,
                     std::uint16_t symbol = 0, std::uint32_t account = 0) {
  return test::limit(handle, side, price, quantity, symbol, account);
}

inline Command market(std::uint32_t handle, Side side, std::uint32_t quantity,
                      TimeInForce tif = TimeInForce::Ioc, std::uint16_t symbol = 0) {
  return test::market(handle, side, quantity, tif, symbol, 0);
}

inline Command with_tif(Command c, TimeInForce tif) {
  c.tif = static_cast<std::uint8_t>(tif);
  return c;
}

inline Command with_stp(Command c, StpMode stp) {
  c.stp = static_cast<std::uint8_t>(stp);
  return c;
}

inline Command post_only(Command c) {
  c.flags |= kFlagPostOnly;
  return c;
}


using test::cancel;
using test::mass_cancel;
using test::mass_cancel_account;
using test::modify;
using test::snapshot;
using test::set_band;
using test::band_set;

inline std::string describe_all(const std::vector<Event>& events) {
  std::string text;
  for (const Event& e : events) text += test::event_text(e) + "\n";
  return text;
}

inline bool same_bytes(const std::vector<Event>& a, const std::vector<Event>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Event)) == 0);
}

} // namespace twinmatch::sw_test
