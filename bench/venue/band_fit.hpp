// Where a band of a given width must start to hold a venue session's prices: the band-width
// comparison (BM_DropInBand, twinmatch_drop_in_probe's PRICE_LEVELS) runs the same messages on
// bands from 2^14 to 2^32 - 1 ticks, so that only the width changes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>

#include "twinmatch/protocol.hpp"
#include "venue_session.hpp"

namespace twinmatch::venue {

// 0 when [0, price_levels) holds every price of the session; else the session's lowest price
// rounded down to kBandAlign, if the band holds them from there; nullopt if it cannot.
inline std::optional<std::uint32_t> band_base_for(std::span<const Message> messages, std::uint32_t price_levels) {
  std::uint32_t low = 0xFFFFFFFFu, high = 0;
  for (const Message& m : messages) {
    if (m.kind == MessageKind::Cancel) continue;
    low = std::min(low, m.price);
    high = std::max(high, m.price);
  }
  if (high < price_levels) return 0u;
  const std::uint32_t base = low / kBandAlign * kBandAlign;
  if (high - base >= price_levels) return std::nullopt;
  return base;
}

} // namespace twinmatch::venue
