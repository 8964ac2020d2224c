// The C ABI over MatchingEngine. Nothing may throw across it: creation catches, the calls after
// it do not throw.
#include "twinmatch/twinmatch_c.h"

#include <cstddef>
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

struct twinmatch_engine {
  MatchingEngine engine;
};

namespace {

int code(Status status) { return static_cast<int>(status); }

int optional_out(std::optional<std::uint32_t> value, std::uint32_t* out) {
  if (!value || out == nullptr) return 0;
  *out = *value;
  return 1;
}

} // namespace

extern "C" {

twinmatch_engine* twinmatch_create(const twinmatch_config* config) {
  const twinmatch::CoreConfig core_config =
      config == nullptr ? twinmatch::kCpuConfig
                        : twinmatch::CoreConfig{config->symbols, config->price_levels, config->handles,
                                                config->max_quantity};
  try {
    return new twinmatch_engine{MatchingEngine(core_config)};
  } catch (const std::exception&) {
    return nullptr;
  }
}

void twinmatch_destroy(twinmatch_engine* engine) { delete engine; }

int twinmatch_submit(twinmatch_engine* engine, const twinmatch_order* order) {
  if (engine == nullptr || order == nullptr || order->reserved != 0 || order->post_only > 1)
    return TWINMATCH_MALFORMED;
  twinmatch::sw::OrderRequest request;
  request.order_id = order->order_id;
  request.symbol = order->symbol;
  request.side = static_cast<twinmatch::Side>(order->side);
  request.type = static_cast<twinmatch::OrderType>(order->order_type);
  request.tif = static_cast<twinmatch::TimeInForce>(order->tif);
  request.price = order->price;
  request.quantity = order->quantity;
  request.account = order->account;
  request.stp = static_cast<twinmatch::StpMode>(order->stp);
  request.post_only = order->post_only != 0;
  return code(engine->engine.submit(request));
}

int twinmatch_cancel(twinmatch_engine* engine, uint64_t order_id) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(engine->engine.cancel(order_id));
}

int twinmatch_modify(twinmatch_engine* engine, uint64_t order_id, uint32_t price, uint32_t quantity) {
  if (engine == nullptr) return TWINMATCH_MALFORMED;
  return code(engine->engine.modify(order_id, price, quantity));
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

int twinmatch_open_quantity(const twinmatch_engine* engine, uint64_t order_id, uint32_t* quantity) {
  return engine == nullptr ? 0 : optional_out(engine->engine.open_quantity(order_id), quantity);
}

} // extern "C"
