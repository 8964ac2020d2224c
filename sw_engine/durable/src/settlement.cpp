#include "twinmatch/durable/settlement.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace twinmatch::durable {
namespace {

bool is(const Event& event, EventType type) { return event.type == static_cast<std::uint8_t>(type); }

// The largest notional of one trade under `terms`, or nullopt if it does not fit in 64 bits.
std::optional<std::int64_t> largest_notional(const CoreConfig& core, const SymbolTerms& terms) {
  std::int64_t top_price = 0;
  std::int64_t largest = 0;
  if (__builtin_mul_overflow(terms.tick_value, std::int64_t{core.price_levels} - 1, &top_price) ||
      __builtin_add_overflow(top_price, terms.base_price, &top_price) ||
      __builtin_mul_overflow(top_price, std::int64_t{core.max_quantity}, &largest)) {
    return std::nullopt;
  }
  return largest;
}

} // namespace

std::int64_t notional(const SymbolTerms& terms, std::uint32_t price_ticks, std::uint32_t quantity) {
  return std::int64_t{quantity} * (terms.base_price + std::int64_t{price_ticks} * terms.tick_value);
}

std::int64_t fee(std::int64_t notional, std::int32_t bps) {
  if (bps >= 0) return (notional * bps + kBasisPointsPerUnit - 1) / kBasisPointsPerUnit;
  return -(notional * -std::int64_t{bps} / kBasisPointsPerUnit);
}

std::optional<Settlement> Settlement::create(const CoreConfig& core, const SettlementConfig& config,
                                             std::string& error) {
  if (config.symbols.size() != core.symbols) {
    error = fmt::format("settlement terms for {} symbols, the core has {}", config.symbols.size(),
                        core.symbols);
    return std::nullopt;
  }
  for (std::size_t symbol = 0; symbol < config.symbols.size(); ++symbol) {
    const SymbolTerms& terms = config.symbols[symbol];
    const auto problem = [&]() -> std::optional<std::string> {
      if (terms.base_price < 0 || terms.tick_value < 1) return "base_price < 0 or tick_value < 1";
      if (terms.taker_bps < 0 || terms.taker_bps > kBasisPointsPerUnit) return "taker_bps out of 0..10000";
      if (terms.maker_bps < -terms.taker_bps || terms.maker_bps > kBasisPointsPerUnit) {
        return "maker_bps out of -taker_bps..10000 (a rebate may not exceed the taker fee)";
      }
      const auto largest = largest_notional(core, terms);
      std::int64_t scaled = 0;
      if (!largest || __builtin_mul_overflow(*largest, kBasisPointsPerUnit, &scaled)) {
        return "the largest trade's notional times 10000 overflows 64 bits";
      }
      return std::nullopt;
    }();
    if (problem) {
      error = fmt::format("settlement terms of symbol {}: {}", symbol, *problem);
      return std::nullopt;
    }
  }
  return Settlement(core, config);
}

Settlement::Settlement(const CoreConfig& core, const SettlementConfig& config)
    : core_(core), terms_(config.symbols), assets_(1 + core.symbols),
      handle_account_(core.handles, kUnknownHandle) {}

bool Settlement::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

std::int64_t* Settlement::row(AccountKey account) {
  const auto [entry, inserted] = rows_.try_emplace(account, balances_.size());
  if (inserted) balances_.resize(balances_.size() + assets_, 0);
  return &balances_[entry->second];
}

bool Settlement::post(std::uint64_t trade, AccountKey from, AccountKey to, std::uint32_t asset,
                      std::int64_t amount, std::vector<Posting>* postings) {
  if (amount == 0) return true;
  row(from);
  row(to); // both rows exist now: the pointers below stay valid (and coincide for a self trade)
  std::int64_t* debit = &row(from)[asset];
  std::int64_t* credit = &row(to)[asset];
  if (__builtin_sub_overflow(*debit, amount, debit) ||
      __builtin_add_overflow(*credit, amount, credit)) {
    return fail(fmt::format("trade {}: a balance of asset {} overflows 64 bits", trade, asset));
  }
  if (postings != nullptr) postings->push_back({trade, from, to, asset, amount});
  return true;
}

bool Settlement::fill(const Event& event, std::vector<Posting>* postings) {
  if (event.symbol >= core_.symbols || event.quantity == 0 || event.quantity > core_.max_quantity || event.side > 1 ||
      event.handle >= core_.handles || event.maker_handle >= core_.handles) {
    return fail(fmt::format("fill seq {} lies outside the core configuration", event.seq));
  }
  const AccountKey taker = handle_account_[event.handle];
  const AccountKey maker = handle_account_[event.maker_handle];
  if (taker == kUnknownHandle || maker == kUnknownHandle) {
    return fail(fmt::format("fill seq {}: no Accepted order seen for handle {}", event.seq,
                            taker == kUnknownHandle ? event.handle : event.maker_handle));
  }
  const SymbolTerms& terms = terms_[event.symbol];
  const bool taker_buys = event.side == static_cast<std::uint8_t>(Side::Buy);
  const AccountKey buyer = taker_buys ? taker : maker;
  const AccountKey seller = taker_buys ? maker : taker;
  // Prices are absolute ticks (any 32-bit value once a band has moved): the terms were checked
  // for the band at base 0, so a fill above it is checked here.
  std::int64_t value = 0, scaled = 0;
  if (__builtin_mul_overflow(std::int64_t{event.price}, terms.tick_value, &value) ||
      __builtin_add_overflow(value, terms.base_price, &value) ||
      __builtin_mul_overflow(value, std::int64_t{event.quantity}, &value) ||
      __builtin_mul_overflow(value, kBasisPointsPerUnit, &scaled)) {
    return fail(fmt::format("fill seq {}: the notional times 10000 overflows 64 bits", event.seq));
  }
  const std::int64_t maker_fee = fee(value, terms.maker_bps);
  const std::uint64_t trade = ++trades_;

  bool ok = post(trade, seller, buyer, position_asset(event.symbol), event.quantity, postings) &&
            post(trade, buyer, seller, kCashAsset, value, postings) &&
            post(trade, taker, kFeeAccount, kCashAsset, fee(value, terms.taker_bps), postings);
  if (maker_fee >= 0) {
    ok = ok && post(trade, maker, kFeeAccount, kCashAsset, maker_fee, postings);
  } else {
    ok = ok && post(trade, kFeeAccount, maker, kCashAsset, -maker_fee, postings);
  }
  return ok;
}

bool Settlement::settle(const Command& command, std::span<const Event> events,
                        std::vector<Posting>* postings) {
  if (failed()) return false;
  for (const Event& event : events) {
    // A stop order's account is learnt when it is placed: its fills come once it triggers.
    if ((is(event, EventType::Accepted) || is(event, EventType::StopAccepted)) &&
        command.opcode == static_cast<std::uint8_t>(Opcode::NewOrder)) {
      if (event.handle >= core_.handles) {
        return fail(fmt::format("accepted seq {}: handle {} out of range", event.seq, event.handle));
      }
      handle_account_[event.handle] = command.account;
    } else if (is(event, EventType::Fill)) {
      if (!fill(event, postings)) return false;
    }
  }
  return true;
}

bool Settlement::settle_batch(std::span<const Command> commands, std::span<const Event> events,
                              std::vector<Posting>* postings) {
  std::size_t first = 0;
  for (const Command& command : commands) {
    std::size_t end = first;
    while (end < events.size() && (events[end].flags & kEventLast) == 0) ++end;
    if (end == events.size()) return fail("a batch's events end inside a command");
    if (!settle(command, events.subspan(first, end + 1 - first), postings)) return false;
    first = end + 1;
  }
  if (first != events.size()) return fail("a batch has events beyond its commands");
  return true;
}

std::int64_t Settlement::balance(AccountKey account, std::uint32_t asset) const {
  const auto entry = rows_.find(account);
  if (entry == rows_.end() || asset >= assets_) return 0;
  return balances_[entry->second + asset];
}

std::vector<AccountKey> Settlement::accounts() const {
  std::vector<AccountKey> keys;
  keys.reserve(rows_.size());
  for (const auto& entry : rows_) keys.push_back(entry.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}

void Settlement::export_state(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(terms_.size()));
  for (const SymbolTerms& terms : terms_) {
    out.i64(terms.base_price);
    out.i64(terms.tick_value);
    out.i32(terms.taker_bps);
    out.i32(terms.maker_bps);
  }
  out.u64(trades_);
  const std::vector<AccountKey> keys = accounts();
  out.u64(keys.size());
  for (const AccountKey account : keys) {
    out.u64(account);
    for (std::uint32_t asset = 0; asset < assets_; ++asset) out.i64(balance(account, asset));
  }
}

bool Settlement::import_state(ByteReader& in, const EngineState& engine, std::string& error) {
  Settlement imported(core_, {terms_});
  const std::uint32_t symbols = in.u32();
  if (!in.ok() || symbols != terms_.size()) {
    error = "ledger state: terms for another number of symbols";
    return false;
  }
  for (const SymbolTerms& terms : terms_) {
    const SymbolTerms stored{in.i64(), in.i64(), in.i32(), in.i32()};
    if (!in.ok() || !(stored == terms)) {
      error = "ledger state was made under other settlement terms (prices or fees)";
      return false;
    }
  }
  imported.trades_ = in.u64();
  const std::uint64_t account_count = in.u64();
  if (!in.ok() || account_count > in.remaining() / (8 * (1 + std::uint64_t{assets_}))) {
    error = "ledger state: truncated account table";
    return false;
  }
  AccountKey previous = 0;
  for (std::uint64_t i = 0; i < account_count; ++i) {
    const AccountKey account = in.u64();
    if (account > kFeeAccount || (i > 0 && account <= previous)) {
      error = "ledger state: accounts out of order or out of range";
      return false;
    }
    previous = account;
    std::int64_t* balances = imported.row(account);
    for (std::uint32_t asset = 0; asset < assets_; ++asset) balances[asset] = in.i64();
  }
  if (!in.ok()) {
    error = "ledger state: truncated";
    return false;
  }
  for (const RestingOrder& order : engine.orders) {
    if (order.handle >= core_.handles) {
      error = "ledger state: a resting order's handle is out of range";
      return false;
    }
    imported.handle_account_[order.handle] = order.account;
  }
  for (const PendingStop& stop : engine.stops) {
    if (stop.handle >= core_.handles) {
      error = "ledger state: a pending stop's handle is out of range";
      return false;
    }
    imported.handle_account_[stop.handle] = stop.account;
  }
  *this = std::move(imported);
  return true;
}

} // namespace twinmatch::durable
