// Trade settlement: a stage that follows the commands and events of any backend and keeps
// per-account balances, charging maker and taker fees into one fee account. Every trade is
// booked as balanced double entries (postings), so for every asset the sum of all balances, fee
// account included, stays zero. Integer money only. docs/durability.md "The ledger".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/durable/byte_codec.hpp"
#include "twinmatch/durable/engine_state.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::durable {

// Client accounts are the 32-bit `account` of NewOrder; the fee account sits outside that range.
using AccountKey = std::uint64_t;
inline constexpr AccountKey kFeeAccount = AccountKey{1} << 32;

// Assets: 0 is cash (the one quote currency, in minor units), 1 + s is the position in symbol s
// (in order quantity units).
inline constexpr std::uint32_t kCashAsset = 0;
constexpr std::uint32_t position_asset(std::uint16_t symbol) { return 1u + symbol; }

inline constexpr std::int64_t kBasisPointsPerUnit = 10000;

// How one symbol's trades turn into cash and fees.
struct SymbolTerms {
  std::int64_t base_price = 0; // cash minor units per quantity unit at tick 0, >= 0
  std::int64_t tick_value = 1; // cash minor units per quantity unit per tick, >= 1
  std::int32_t taker_bps = 0;  // taker fee on the notional, 0 .. 10000 basis points
  std::int32_t maker_bps = 0;  // maker fee; negative is a rebate, -taker_bps .. 10000

  bool operator==(const SymbolTerms&) const = default;
};

// One SymbolTerms per symbol of the core.
struct SettlementConfig {
  std::vector<SymbolTerms> symbols;

  static SettlementConfig uniform(const CoreConfig& core, const SymbolTerms& terms) {
    return {std::vector<SymbolTerms>(core.symbols, terms)};
  }
};

// Cash value of `quantity` at `price_ticks`: quantity * (base_price + ticks * tick_value).
std::int64_t notional(const SymbolTerms& terms, std::uint32_t price_ticks, std::uint32_t quantity);
// The fee on `notional` at `bps`: a charge (bps > 0) rounds up, a rebate (bps < 0) rounds down in
// magnitude, so rounding never costs the fee account. Negative result = rebate paid.
std::int64_t fee(std::int64_t notional, std::int32_t bps);

// One double entry: `amount` (> 0) of `asset` leaves `from` and reaches `to`.
struct Posting {
  std::uint64_t trade; // trade number, from 1
  AccountKey from;
  AccountKey to;
  std::uint32_t asset;
  std::int64_t amount;

  bool operator==(const Posting&) const = default;
};

class Settlement {
public:
  // Refuses (nullopt, `error`) terms of the wrong count, out of range, or whose largest trade's
  // fee computation could overflow 64 bits.
  static std::optional<Settlement> create(const CoreConfig& core, const SettlementConfig& config,
                                          std::string& error);

  // Feeds one command and every event it caused, in order; appends the postings of its trades
  // to `postings` if given. False (and failed() from then on) if a fill names a maker whose
  // account the stage never learnt, or a balance would overflow.
  bool settle(const Command& command, std::span<const Event> events,
              std::vector<Posting>* postings = nullptr);
  // A batch: commands[i] caused the i-th run of events that ends with the kEventLast flag.
  bool settle_batch(std::span<const Command> commands, std::span<const Event> events,
                    std::vector<Posting>* postings = nullptr);

  std::int64_t balance(AccountKey account, std::uint32_t asset) const;
  std::vector<AccountKey> accounts() const; // every account with a balance row, ascending
  std::uint32_t asset_count() const { return assets_; }
  std::uint64_t trades() const { return trades_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  // Canonical state for snapshots: the terms (checked again on import), the trade count and
  // every balance row in account order. Import re-learns the accounts of resting orders and
  // pending stops from the engine state that goes with it.
  void export_state(ByteWriter& out) const;
  bool import_state(ByteReader& in, const EngineState& engine, std::string& error);

private:
  static constexpr AccountKey kUnknownHandle = ~AccountKey{0};

  Settlement(const CoreConfig& core, const SettlementConfig& config);
  bool fill(const Event& event, std::vector<Posting>* postings);
  bool post(std::uint64_t trade, AccountKey from, AccountKey to, std::uint32_t asset,
            std::int64_t amount, std::vector<Posting>* postings);
  std::int64_t* row(AccountKey account);
  bool fail(std::string message);

  CoreConfig core_;
  std::vector<SymbolTerms> terms_;
  std::uint32_t assets_;
  std::vector<AccountKey> handle_account_;             // by handle, from its Accepted or StopAccepted
  std::unordered_map<AccountKey, std::size_t> rows_;   // account -> first balance in balances_
  std::vector<std::int64_t> balances_;                 // assets_ per row
  std::uint64_t trades_ = 0;
  std::string error_;
};

} // namespace twinmatch::durable
