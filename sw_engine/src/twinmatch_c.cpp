// The C ABI over MatchingEngine. Nothing may throw across it: creation catches, the calls after
// it do not throw. Arguments only C can get wrong (NULL, post_only 2, reserved bits) are refused
// here, with the same single Rejected event as the engine's own refusals, left in the engine's
// event arrays.
#include "twinmatch/twinmatch_c.h"

#include <cstddef>
#include <cstring>
#include <exception>
#include <type_traits>

#include "twinmatch/sw/engine.hpp"

using twinmatch::sw::MatchingEngine;
using twinmatch::sw::Status;

static_assert(sizeof(twinmatch_event) == sizeof(twinmatch::Event));
static_assert(offsetof(twinmatch_event, level_quantity) == offsetof(twinmatch::Event, level_quantity));
static_assert(offsetof(twinmatch_event, order_count) == offsetof(twinmatch::Event, order_count));
static_assert(sizeof(twinmatch_event_ids) == sizeof(twinmatch::sw::EventOrderIds));
static_assert(sizeof(twinmatch_level) == sizeof(twinmatch::sw::LevelView));
static_assert(offsetof(twinmatch_level, quantity) == offsetof(twinmatch::sw::LevelView, quantity));

// The C constants are the protocol's values.
static_assert(TWINMATCH_DUPLICATE_ORDER_ID == static_cast<int>(Status::DuplicateOrderId));
static_assert(TWINMATCH_SELL == static_cast<int>(twinmatch::Side::Sell));
static_assert(TWINMATCH_MARKET == static_cast<int>(twinmatch::OrderType::Market));
static_assert(TWINMATCH_FOK == static_cast<int>(twinmatch::TimeInForce::Fok));
static_assert(TWINMATCH_STP_CANCEL_BOTH == static_cast<int>(twinmatch::StpMode::CancelBoth));
static_assert(TWINMATCH_EVENT_REJECTED == static_cast<int>(twinmatch::EventType::Rejected));
static_assert(TWINMATCH_EVENT_MASS_CANCEL_DONE == static_cast<int>(twinmatch::EventType::MassCancelDone));
static_assert(TWINMATCH_EVENT_FLAG_LAST == twinmatch::kEventLast);
static_assert(TWINMATCH_CANCEL_SELF_TRADE == static_cast<int>(twinmatch::CancelReason::SelfTrade));
static_assert(TWINMATCH_OP_SNAPSHOT == static_cast<int>(twinmatch::Opcode::Snapshot));
static_assert(TWINMATCH_OP_SET_BAND == static_cast<int>(twinmatch::Opcode::SetBand));
static_assert(TWINMATCH_EVENT_BAND_SET == static_cast<int>(twinmatch::EventType::BandSet));
static_assert(TWINMATCH_CANCEL_BAND_MOVED == static_cast<int>(twinmatch::CancelReason::BandMoved));
static_assert(TWINMATCH_PRICE_OUTSIDE_BAND == static_cast<int>(Status::PriceOutsideBand));
static_assert(TWINMATCH_STOP_CAPACITY == static_cast<int>(Status::StopCapacity));
static_assert(TWINMATCH_STOP_LIMIT == static_cast<int>(twinmatch::OrderType::StopLimit));
static_assert(TWINMATCH_EVENT_STOP_ACCEPTED == static_cast<int>(twinmatch::EventType::StopAccepted));
static_assert(TWINMATCH_EVENT_REPLENISHED == static_cast<int>(twinmatch::EventType::Replenished));

struct twinmatch_engine {
  MatchingEngine engine;
};

namespace twinmatch::sw {

// The C calls' way past MatchingEngine's typed API (engine.hpp says why).
struct CAbi {
  // `flags` and `aux` are the protocol-3 extras: the iceberg flag, a stop price or display quantity.
  static Status submit(MatchingEngine& engine, const twinmatch_order& order, std::uint8_t flags = 0,
                       std::uint32_t aux = 0) {
    Command c{};
    c.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
    c.version = kProtocolVersion;
    c.side = order.side;
    c.order_type = order.order_type;
    c.tif = order.tif;
    c.flags = static_cast<std::uint8_t>(order.post_only | flags); // post_only 0 or 1 (checked): kFlagPostOnly
    c.stp = order.stp;
    c.symbol = order.symbol;
    c.price = order.price;
    c.quantity = order.quantity;
    c.account = order.account;
    c.aux = aux;
    return engine.submit_command(order.order_id, c);
  }
  static int refuse(MatchingEngine& engine, Opcode opcode, std::uint16_t symbol, std::uint64_t order_id) {
    return static_cast<int>(engine.refuse(Status::Malformed, opcode, symbol, order_id));
  }
};

} // namespace twinmatch::sw

namespace {

using twinmatch::sw::CAbi;

static_assert(twinmatch::kFlagPostOnly == 1);

int code(Status status) { return static_cast<int>(status); }

// twinmatch_submit's own checks as one masked test of the struct's bytes 8-15 (symbol, side,
// order_type, tif, stp, post_only, reserved): an order type other than limit or market (a stop
// needs twinmatch_submit_stop), post_only other than 0 or 1, reserved other than 0.
static_assert(offsetof(twinmatch_order, symbol) == 8 && offsetof(twinmatch_order, order_type) == 11 &&
              offsetof(twinmatch_order, post_only) == 14 && offsetof(twinmatch_order, reserved) == 15);
constexpr std::uint64_t kRefusedSubmitBits = std::uint64_t{0xFE} << 24 | std::uint64_t{0xFE} << 48 |
                                             std::uint64_t{0xFF} << 56;

bool refused_submit(const twinmatch_order& order) {
  std::uint64_t bytes;
  std::memcpy(&bytes, reinterpret_cast<const unsigned char*>(&order) + 8, sizeof bytes);
  return (bytes & kRefusedSubmitBits) != 0;
}

int optional_out(std::optional<std::uint32_t> value, std::uint32_t* out) {
  if (!value || out == nullptr) return 0;
  *out = *value;
  return 1;
}

} // namespace

extern "C" {

twinmatch_engine* twinmatch_create(const twinmatch_config* config) {
  return twinmatch_create_with_stop_orders(config, twinmatch::kCpuConfig.stop_orders);
}

twinmatch_engine* twinmatch_create_with_stop_orders(const twinmatch_config* config, uint32_t stop_orders) {
  twinmatch::CoreConfig core_config =
      config == nullptr ? twinmatch::kCpuConfig
                        : twinmatch::CoreConfig{config->symbols, config->price_levels, config->handles,
                                                config->max_quantity};
  core_config.stop_orders = stop_orders;
  try {
    return new twinmatch_engine{MatchingEngine(core_config)};
  } catch (const std::exception&) {
    return nullptr;
  }
}

void twinmatch_destroy(twinmatch_engine* engine) { delete engine; }

const char* twinmatch_version(void) { return TWINMATCH_VERSION_STRING; }

const char* twinmatch_status_name(int status) {
  if (status < 0 || status > 0xFF) return "Unknown";
  return twinmatch::sw::status_name(static_cast<Status>(status));
}

int twinmatch_submit(twinmatch_engine* engine, const twinmatch_order* order) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  if (order == nullptr) return CAbi::refuse(engine->engine, twinmatch::Opcode::NewOrder, 0, 0);
  if (refused_submit(*order))
    return CAbi::refuse(engine->engine, twinmatch::Opcode::NewOrder, order->symbol, order->order_id);
  return code(CAbi::submit(engine->engine, *order));
}

int twinmatch_submit_stop(twinmatch_engine* engine, const twinmatch_order* order, uint32_t stop_price) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  if (order == nullptr) return CAbi::refuse(engine->engine, twinmatch::Opcode::NewOrder, 0, 0);
  if (order->reserved != 0 || order->post_only > 1 ||
      (order->order_type != TWINMATCH_STOP && order->order_type != TWINMATCH_STOP_LIMIT))
    return CAbi::refuse(engine->engine, twinmatch::Opcode::NewOrder, order->symbol, order->order_id);
  return code(CAbi::submit(engine->engine, *order, 0, stop_price));
}

int twinmatch_submit_iceberg(twinmatch_engine* engine, const twinmatch_order* order, uint32_t display_quantity) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  if (order == nullptr) return CAbi::refuse(engine->engine, twinmatch::Opcode::NewOrder, 0, 0);
  if (order->reserved != 0 || order->post_only > 1)
    return CAbi::refuse(engine->engine, twinmatch::Opcode::NewOrder, order->symbol, order->order_id);
  return code(CAbi::submit(engine->engine, *order, twinmatch::kFlagIceberg, display_quantity));
}

int twinmatch_cancel(twinmatch_engine* engine, uint64_t order_id) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(engine->engine.cancel(order_id));
}

int twinmatch_modify(twinmatch_engine* engine, uint64_t order_id, uint32_t price, uint32_t quantity) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(engine->engine.modify(order_id, price, quantity));
}

int twinmatch_modify_stop(twinmatch_engine* engine, uint64_t order_id, uint32_t price, uint32_t quantity,
                          uint32_t stop_price) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(engine->engine.modify_stop(order_id, price, quantity, stop_price));
}

int twinmatch_mass_cancel(twinmatch_engine* engine, uint16_t symbol, int by_account, uint32_t account) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(by_account ? engine->engine.mass_cancel(symbol, account) : engine->engine.mass_cancel(symbol));
}

int twinmatch_snapshot(twinmatch_engine* engine, uint16_t symbol, uint16_t depth) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(engine->engine.snapshot(symbol, depth));
}

int twinmatch_set_band(twinmatch_engine* engine, uint16_t symbol, uint32_t base) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(engine->engine.set_band(symbol, base));
}

size_t twinmatch_event_count(const twinmatch_engine* engine) {
  return engine == nullptr ? 0 : engine->engine.events().size();
}

const twinmatch_event* twinmatch_events(const twinmatch_engine* engine) {
  if (engine == nullptr) return nullptr;
  return reinterpret_cast<const twinmatch_event*>(engine->engine.events().data());
}

const twinmatch_event_ids* twinmatch_event_order_ids(const twinmatch_engine* engine) {
  if (engine == nullptr) return nullptr;
  return reinterpret_cast<const twinmatch_event_ids*>(engine->engine.event_order_ids().data());
}

int twinmatch_best_bid(const twinmatch_engine* engine, uint16_t symbol, uint32_t* price) {
  return engine == nullptr ? 0 : optional_out(engine->engine.best_bid(symbol), price);
}

int twinmatch_best_ask(const twinmatch_engine* engine, uint16_t symbol, uint32_t* price) {
  return engine == nullptr ? 0 : optional_out(engine->engine.best_ask(symbol), price);
}

size_t twinmatch_depth(const twinmatch_engine* engine, uint16_t symbol, uint8_t side, twinmatch_level* levels,
                       size_t capacity) {
  if (engine == nullptr || levels == nullptr || side > 1) return 0;
  std::span<twinmatch::sw::LevelView> out(reinterpret_cast<twinmatch::sw::LevelView*>(levels), capacity);
  return engine->engine.depth(symbol, static_cast<twinmatch::Side>(side), out);
}

int twinmatch_level_at(const twinmatch_engine* engine, uint16_t symbol, uint8_t side, uint32_t price,
                       twinmatch_level* level) {
  if (engine == nullptr || level == nullptr) return 0;
  const twinmatch::sw::LevelView view = engine->engine.level_at(symbol, static_cast<twinmatch::Side>(side), price);
  *level = twinmatch_level{view.price, view.orders, view.quantity};
  return view.orders != 0 ? 1 : 0;
}

int twinmatch_open_quantity(const twinmatch_engine* engine, uint64_t order_id, uint32_t* quantity) {
  return engine == nullptr ? 0 : optional_out(engine->engine.open_quantity(order_id), quantity);
}

} // extern "C"
