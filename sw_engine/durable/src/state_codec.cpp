#include "twinmatch/durable/state_codec.hpp"

#include <fmt/format.h>

namespace twinmatch::durable {
namespace {

constexpr std::size_t kEncodedOrderSize = 24;
constexpr std::size_t kEncodedBandSize = 8;

} // namespace

void encode_engine_state(const CoreConfig& core, const EngineState& state, ByteWriter& out) {
  out.u32(core.symbols);
  out.u32(core.price_levels);
  out.u32(core.handles);
  out.u32(core.max_quantity);
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
  }
  out.u64(state.bands.size());
  for (const BandBase& band : state.bands) {
    out.u16(band.symbol);
    out.u16(0);
    out.u32(band.base);
  }
}

bool decode_engine_state(ByteReader& in, const CoreConfig& core, EngineState& state,
                         std::string& error) {
  const CoreConfig stored{in.u32(), in.u32(), in.u32(), in.u32()};
  EngineState decoded;
  decoded.next_command_seq = in.u64();
  decoded.next_event_seq = in.u64();
  const std::uint64_t count = in.u64();
  if (!in.ok() || count > in.remaining() / kEncodedOrderSize) {
    error = "engine state: truncated";
    return false;
  }
  if (stored != core) {
    error = fmt::format("engine state is for core {}/{}/{}/{}, not {}/{}/{}/{}", stored.symbols,
                        stored.price_levels, stored.handles, stored.max_quantity, core.symbols,
                        core.price_levels, core.handles, core.max_quantity);
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
    if (post_only > 1 || padding != 0) {
      error = "engine state: a resting order has a bad flag byte";
      return false;
    }
    order.post_only = post_only == 1;
  }
  const std::uint64_t bands = in.u64();
  if (!in.ok() || bands > in.remaining() / kEncodedBandSize) {
    error = "engine state: truncated";
    return false;
  }
  decoded.bands.resize(bands);
  for (BandBase& band : decoded.bands) {
    band.symbol = in.u16();
    const std::uint16_t padding = in.u16();
    band.base = in.u32();
    if (padding != 0) {
      error = "engine state: a band has a bad padding";
      return false;
    }
  }
  state = std::move(decoded);
  return true;
}

std::vector<std::byte> encode_state(const CoreConfig& core, const EngineState& engine,
                                    const Settlement& ledger) {
  std::vector<std::byte> payload;
  payload.reserve(64 + engine.orders.size() * kEncodedOrderSize);
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
