#include "twinmatch/durable/state_codec.hpp"

#include <fmt/format.h>

namespace twinmatch::durable {
namespace {

constexpr std::size_t kEncodedOrderSize = 32;
constexpr std::size_t kEncodedBandSize = 8;
constexpr std::size_t kEncodedStopSize = 28;
constexpr std::size_t kEncodedLastTradeSize = 8;

std::string describe(const CoreConfig& core) {
  return fmt::format("{}/{}/{}/{}/{}", core.symbols, core.price_levels, core.handles,
                     core.max_quantity, core.stop_orders);
}

// Reads a table's count and checks that the bytes left can hold that many entries, so a corrupt
// count never sizes a vector.
bool table_count(ByteReader& in, std::size_t entry_size, std::uint64_t& count, std::string& error) {
  count = in.u64();
  if (!in.ok() || count > in.remaining() / entry_size) {
    error = "engine state: truncated";
    return false;
  }
  return true;
}

} // namespace

void encode_engine_state(const CoreConfig& core, const EngineState& state, ByteWriter& out) {
  out.u32(core.symbols);
  out.u32(core.price_levels);
  out.u32(core.handles);
  out.u32(core.max_quantity);
  out.u32(core.stop_orders);
  out.u64(state.next_command_seq);
  out.u64(state.next_event_seq);
  out.u64(state.orders.size());
  for (const RestingOrder& order : state.orders) {
    out.u32(order.handle);
    out.u16(order.symbol);
    out.u8(order.side);
    out.u8(order.stp);
    out.u8(order.post_only ? 1 : 0);
    out.u8(0);
    out.u8(0);
    out.u8(0);
    out.u32(order.price);
    out.u32(order.open);
    out.u32(order.account);
    out.u32(order.peak);
    out.u32(order.displayed);
  }
  out.u64(state.bands.size());
  for (const BandBase& band : state.bands) {
    out.u16(band.symbol);
    out.u16(0);
    out.u32(band.base);
  }
  out.u64(state.stops.size());
  for (const PendingStop& stop : state.stops) {
    out.u32(stop.handle);
    out.u16(stop.symbol);
    out.u8(stop.side);
    out.u8(stop.order_type);
    out.u8(stop.tif);
    out.u8(stop.stp);
    out.u16(0);
    out.u32(stop.price);
    out.u32(stop.quantity);
    out.u32(stop.stop_price);
    out.u32(stop.account);
  }
  out.u64(state.last_trades.size());
  for (const LastTrade& trade : state.last_trades) {
    out.u16(trade.symbol);
    out.u16(0);
    out.u32(trade.price);
  }
}

bool decode_engine_state(ByteReader& in, const CoreConfig& core, EngineState& state,
                         std::string& error) {
  const CoreConfig stored{in.u32(), in.u32(), in.u32(), in.u32(), in.u32()};
  EngineState decoded;
  decoded.next_command_seq = in.u64();
  decoded.next_event_seq = in.u64();
  std::uint64_t count = 0;
  if (!table_count(in, kEncodedOrderSize, count, error)) return false;
  if (stored != core) {
    error = fmt::format("engine state is for core {}, not {} (symbols/price_levels/handles/"
                        "max_quantity/stop_orders)", describe(stored), describe(core));
    return false;
  }
  decoded.orders.resize(count);
  for (RestingOrder& order : decoded.orders) {
    order.handle = in.u32();
    order.symbol = in.u16();
    order.side = in.u8();
    order.stp = in.u8();
    const std::uint8_t post_only = in.u8();
    const std::uint32_t padding = in.u8() | in.u8() | in.u8();
    order.price = in.u32();
    order.open = in.u32();
    order.account = in.u32();
    order.peak = in.u32();
    order.displayed = in.u32();
    if (post_only > 1 || padding != 0) {
      error = "engine state: a resting order has a bad flag byte";
      return false;
    }
    order.post_only = post_only == 1;
  }
  if (!table_count(in, kEncodedBandSize, count, error)) return false;
  decoded.bands.resize(count);
  for (BandBase& band : decoded.bands) {
    band.symbol = in.u16();
    const std::uint16_t padding = in.u16();
    band.base = in.u32();
    if (padding != 0) {
      error = "engine state: a band has a bad padding";
      return false;
    }
  }
  if (!table_count(in, kEncodedStopSize, count, error)) return false;
  decoded.stops.resize(count);
  for (PendingStop& stop : decoded.stops) {
    stop.handle = in.u32();
    stop.symbol = in.u16();
    stop.side = in.u8();
    stop.order_type = in.u8();
    stop.tif = in.u8();
    stop.stp = in.u8();
    const std::uint16_t padding = in.u16();
    stop.price = in.u32();
    stop.quantity = in.u32();
    stop.stop_price = in.u32();
    stop.account = in.u32();
    if (padding != 0) {
      error = "engine state: a pending stop has a bad padding";
      return false;
    }
  }
  if (!table_count(in, kEncodedLastTradeSize, count, error)) return false;
  decoded.last_trades.resize(count);
  for (LastTrade& trade : decoded.last_trades) {
    trade.symbol = in.u16();
    const std::uint16_t padding = in.u16();
    trade.price = in.u32();
    if (padding != 0) {
      error = "engine state: a last trade price has a bad padding";
      return false;
    }
  }
  if (!in.ok()) {
    error = "engine state: truncated";
    return false;
  }
  state = std::move(decoded);
  return true;
}

std::vector<std::byte> encode_state(const CoreConfig& core, const EngineState& engine,
                                    const Settlement& ledger) {
  std::vector<std::byte> payload;
  payload.reserve(96 + engine.orders.size() * kEncodedOrderSize +
                  engine.stops.size() * kEncodedStopSize);
  ByteWriter out(payload);
  encode_engine_state(core, engine, out);
  ledger.export_state(out);
  return payload;
}

bool decode_state(std::span<const std::byte> payload, const CoreConfig& core, EngineState& engine,
                  Settlement& ledger, std::string& error,
                  std::span<const std::byte>* extension) {
  ByteReader in(payload);
  EngineState decoded;
  if (!decode_engine_state(in, core, decoded, error)) return false;
  Settlement imported = ledger;
  if (!imported.import_state(in, decoded, error)) return false;
  if (extension != nullptr) {
    *extension = payload.subspan(payload.size() - in.remaining());
  } else if (!in.at_end()) {
    error = "state has bytes after the ledger";
    return false;
  }
  engine = std::move(decoded);
  ledger = std::move(imported);
  return true;
}

} // namespace twinmatch::durable
