#include "twinmatch/tools/coverage.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace twinmatch::tools::coverage {
namespace {

constexpr std::array<std::string_view, 7> kOpcodeNames{"invalid opcode", "NewOrder", "Cancel", "Modify",
                                                       "MassCancel", "Snapshot", "SetBand"};
constexpr std::array<std::string_view, 15> kRejectNames{
    "?", "Malformed", "UnknownSymbol", "HandleOutOfRange", "HandleInUse", "UnknownHandle",
    "ZeroQuantity", "QuantityTooLarge", "PriceOutOfRange", "InvalidCombination",
    "PostOnlyWouldCross", "CapacityExhausted", "DuplicateOrderId", "PriceOutsideBand", "StopCapacity"};
constexpr std::array<std::string_view, 8> kCancelNames{"?", "User", "ImmediateOrCancel", "FillOrKill",
                                                       "MarketRemainder", "Mass", "SelfTrade", "BandMoved"};
constexpr std::array<std::string_view, 4> kTypeNames{"Limit", "Market", "Stop", "StopLimit"};
constexpr std::array<std::string_view, 3> kTifNames{"Gtc", "Ioc", "Fok"};
constexpr std::array<std::string_view, 4> kStpNames{"None", "CancelResting", "CancelIncoming", "CancelBoth"};

constexpr std::string_view kOutcome = "opcode x outcome";
constexpr std::string_view kMalformed = "malformed cause (one rule broken)";
constexpr std::string_view kShape = "order type x tif x post-only x stp";
constexpr std::string_view kFills = "fills per command";
constexpr std::string_view kCrossed = "levels crossed per command";
constexpr std::string_view kLevels = "level emptied / created";
constexpr std::string_view kBoundary = "boundaries";
constexpr std::string_view kBand = "band moves";
constexpr std::string_view kOther = "mass cancel, snapshot, modify";
constexpr std::string_view kStops = "stop orders";
constexpr std::string_view kIcebergs = "iceberg orders";
constexpr std::string_view kPorts = "port phases (rtl)";

constexpr std::uint64_t kTwoTo31 = 1ULL << 31;
constexpr std::uint64_t kTwoTo32 = 1ULL << 32;

std::string_view opcode_name(std::uint8_t opcode) {
  return opcode >= 1 && opcode <= 6 ? kOpcodeNames[opcode] : kOpcodeNames[0];
}

bool legal_shape(unsigned type, unsigned tif, bool post_only, unsigned stp) {
  const bool unpriced = type == 1 || type == 2; // market, stop
  if (unpriced && tif == 0) return false;
  if (type != 0 && post_only) return false;
  if (post_only && tif != 0) return false;
  if (tif == 2 && stp != 0) return false;
  return true;
}

std::string shape_name(unsigned type, unsigned tif, bool post_only, unsigned stp) {
  return fmt::format("{} {} {} {} -> {}", kTypeNames[type], kTifNames[tif],
                     post_only ? "post-only" : "plain", kStpNames[stp],
                     legal_shape(type, tif, post_only, stp) ? "accepted" : "InvalidCombination");
}

std::string bucket(std::uint64_t n, std::span<const std::uint64_t> lower_bounds) {
  // lower_bounds ascending, starting at 0; the last bucket is open-ended.
  for (std::size_t i = lower_bounds.size(); i-- > 0;) {
    if (n < lower_bounds[i]) continue;
    if (i + 1 == lower_bounds.size()) return fmt::format("{}+", lower_bounds[i]);
    const std::uint64_t high = lower_bounds[i + 1] - 1;
    return high == lower_bounds[i] ? fmt::format("{}", high) : fmt::format("{}-{}", lower_bounds[i], high);
  }
  return "?";
}

constexpr std::array<std::uint64_t, 5> kFillBuckets{0, 1, 2, 4, 16};
constexpr std::array<std::uint64_t, 5> kCrossedBuckets{0, 1, 2, 3, 5};

std::uint64_t level_key(std::uint16_t symbol, std::uint8_t side, std::uint32_t price) {
  return (static_cast<std::uint64_t>(symbol) << 33) | (static_cast<std::uint64_t>(side & 1) << 32) | price;
}

// Why a command of opcode 1..6 is Malformed (docs/matching.md "Validation"): every rule it
// breaks, by the names of the plan's bins.
std::vector<std::string_view> malformed_causes(const Command& command) {
  std::vector<std::string_view> causes;
  const auto op = static_cast<Opcode>(command.opcode);
  const bool new_order = op == Opcode::NewOrder;
  const bool iceberg = new_order && (command.flags & kFlagIceberg) != 0;
  const bool stop_type = new_order && (command.order_type == static_cast<std::uint8_t>(OrderType::Stop) ||
                                       command.order_type == static_cast<std::uint8_t>(OrderType::StopLimit));
  if (command.version < kOldestProtocolVersion || command.version > kProtocolVersion) causes.push_back("bad version");
  if (command.version == kOldestProtocolVersion &&
      (command.order_type >= static_cast<std::uint8_t>(OrderType::Stop) || (command.flags & kFlagIceberg) != 0 ||
       command.aux != 0)) {
    causes.push_back("version 2 with a protocol-3 feature");
  }
  if (command.reserved0 != 0) causes.push_back("reserved0 set");
  if (command.aux != 0 && !(op == Opcode::Modify || iceberg || stop_type)) causes.push_back("aux set");
  const std::uint8_t allowed_flags = new_order ? kFlagPostOnly | kFlagIceberg : op == Opcode::MassCancel ? kFlagByAccount : 0;
  const std::uint8_t stray = static_cast<std::uint8_t>(command.flags & ~allowed_flags);
  if ((stray & ~(kFlagPostOnly | kFlagByAccount | kFlagIceberg)) != 0) {
    causes.push_back("a flag bit no opcode defines");
  } else if (stray != 0) {
    causes.push_back("another opcode's flag");
  }
  const bool unpriced = new_order && (command.order_type == static_cast<std::uint8_t>(OrderType::Market) ||
                                      command.order_type == static_cast<std::uint8_t>(OrderType::Stop));
  const bool by_account = op == Opcode::MassCancel && (command.flags & kFlagByAccount) != 0;
  if (new_order) {
    if (command.side > 1) causes.push_back("side undefined");
    if (command.order_type > 3) causes.push_back("order_type undefined");
    if (command.tif > 2) causes.push_back("tif undefined");
    if (command.stp > 3) causes.push_back("stp undefined");
  }
  const bool uses_symbol = op != Opcode::Cancel && op != Opcode::Modify;
  const bool uses_handle = op == Opcode::NewOrder || op == Opcode::Cancel || op == Opcode::Modify;
  const bool uses_price = (new_order && !unpriced) || op == Opcode::Modify || op == Opcode::SetBand;
  const bool uses_quantity = new_order || op == Opcode::Modify;
  bool unused = (!new_order && (command.side | command.order_type | command.tif | command.stp) != 0) ||
                (!uses_symbol && command.symbol != 0) || (op != Opcode::Snapshot && command.depth != 0) ||
                (!uses_handle && command.handle != 0) || (!uses_quantity && command.quantity != 0) ||
                (!uses_price && !unpriced && command.price != 0) ||
                (!new_order && op != Opcode::MassCancel && command.account != 0);
  if (unused) causes.push_back("a field the opcode does not use set");
  if (unpriced && command.price != 0) {
    causes.push_back(stop_type ? "a stop order with a price" : "a market order with a price");
  }
  if (op == Opcode::MassCancel && !by_account && command.account != 0) {
    causes.push_back("a whole-symbol MassCancel with an account");
  }
  return causes;
}

constexpr std::array<std::string_view, 14> kMalformedCauses{
    "bad version", "version 2 with a protocol-3 feature", "reserved0 set", "aux set",
    "a flag bit no opcode defines", "another opcode's flag", "side undefined", "order_type undefined",
    "tif undefined", "stp undefined", "a field the opcode does not use set", "a market order with a price",
    "a stop order with a price", "a whole-symbol MassCancel with an account"};

// The port-phase kinds: a command's class as its events show it.
constexpr std::array<std::string_view, 9> kPortKinds{
    "rejected", "order without fill", "order with one fill", "multi-fill sweep", "cancel",
    "modify", "mass cancel", "snapshot walk", "band move"};

} // namespace

Collector::Collector(const CoreConfig& config, bool with_ports) : config_(config), with_ports_(with_ports) {
  plan();
  begin_stream();
}

void Collector::declare(const std::string& group, const std::string& name, const std::string& unreachable) {
  index_.emplace(group + "/" + name, bins_.size());
  bins_.push_back(Bin{group, name, 0, unreachable});
}

void Collector::hit(const std::string& group, const std::string& name) {
  const auto found = index_.find(group + "/" + name);
  if (found == index_.end()) {
    const std::string key = group + "/" + name;
    if (std::find(unplanned_.begin(), unplanned_.end(), key) == unplanned_.end()) unplanned_.push_back(key);
    return;
  }
  ++bins_[found->second].hits;
}

void Collector::plan() {
  const std::string outcome(kOutcome);
  const std::string driver_only = "driver / drop-in API only: the core never emits it (matching.md)";
  struct OpcodePlan {
    std::uint8_t opcode;
    std::vector<RejectReason> rejects;
    std::vector<std::string> cancels;
  };
  using R = RejectReason;
  const std::vector<OpcodePlan> opcodes{
      {1,
       {R::Malformed, R::UnknownSymbol, R::HandleOutOfRange, R::HandleInUse, R::ZeroQuantity,
        R::QuantityTooLarge, R::PriceOutsideBand, R::InvalidCombination, R::PostOnlyWouldCross,
        R::StopCapacity},
       {"ImmediateOrCancel", "FillOrKill", "MarketRemainder", "SelfTrade resting", "SelfTrade incoming"}},
      {2, {R::Malformed, R::HandleOutOfRange, R::UnknownHandle}, {"User"}},
      // A Modify's own order only trades as a GTC limit; the stops it triggers have any tif.
      {3,
       {R::Malformed, R::HandleOutOfRange, R::UnknownHandle, R::ZeroQuantity, R::QuantityTooLarge,
        R::PriceOutsideBand, R::InvalidCombination, R::PostOnlyWouldCross},
       {"ImmediateOrCancel", "FillOrKill", "MarketRemainder", "SelfTrade resting", "SelfTrade incoming"}},
      {4, {R::Malformed, R::UnknownSymbol}, {"Mass"}},
      {5, {R::Malformed, R::UnknownSymbol}, {}},
      {6, {R::Malformed, R::UnknownSymbol, R::PriceOutOfRange}, {"BandMoved"}},
  };
  for (const OpcodePlan& op : opcodes) {
    const std::string name(kOpcodeNames[op.opcode]);
    declare(outcome, name + " accepted");
    for (RejectReason reason : op.rejects) {
      declare(outcome, name + " rejected " + std::string(kRejectNames[static_cast<unsigned>(reason)]));
    }
    for (const std::string& cancel : op.cancels) declare(outcome, name + " cancelled " + cancel);
  }
  declare(outcome, "NewOrder rejected CapacityExhausted", driver_only);
  declare(outcome, "NewOrder rejected DuplicateOrderId", driver_only);
  declare(outcome, "invalid opcode rejected Malformed");

  for (std::string_view cause : kMalformedCauses) declare(std::string(kMalformed), std::string(cause));

  for (unsigned type = 0; type < kTypeNames.size(); ++type) {
    for (unsigned tif = 0; tif < 3; ++tif) {
      for (bool post_only : {false, true}) {
        for (unsigned stp = 0; stp < 4; ++stp) declare(std::string(kShape), shape_name(type, tif, post_only, stp));
      }
    }
  }

  for (std::string_view op : {"NewOrder", "Modify"}) {
    for (std::size_t i = 0; i < kFillBuckets.size(); ++i) {
      declare(std::string(kFills), fmt::format("{} {}", op, bucket(kFillBuckets[i], kFillBuckets)));
    }
    for (std::size_t i = 0; i < kCrossedBuckets.size(); ++i) {
      declare(std::string(kCrossed), fmt::format("{} {}", op, bucket(kCrossedBuckets[i], kCrossedBuckets)));
    }
  }

  const std::string levels(kLevels);
  declare(levels, "created by NewOrder (rests)");
  declare(levels, "created by Modify (rests at its new price)");
  declare(levels, "emptied by NewOrder sweep");
  declare(levels, "emptied by Modify sweep (maker level)");
  declare(levels, "emptied by Modify (its old level)");
  declare(levels, "emptied by Cancel");
  declare(levels, "emptied by MassCancel");
  declare(levels, "emptied by SetBand");

  const std::string boundary(kBoundary);
  declare(boundary, "limit price = band base (low edge)");
  declare(boundary, "limit price = band base + price_levels - 1 (high edge)");
  declare(boundary, "limit price = band base - 1 rejected PriceOutsideBand");
  declare(boundary, "limit price = band base + price_levels rejected PriceOutsideBand");
  declare(boundary, "limit price = 2^32 - 1 (top of the highest band)");
  declare(boundary, "quantity = max_quantity accepted");
  declare(boundary, "quantity = max_quantity + 1 rejected QuantityTooLarge");
  declare(boundary, "handle 0 accepted");
  declare(boundary, "handle = handles - 1 accepted");
  declare(boundary, "handle = handles rejected HandleOutOfRange");
  declare(boundary, "symbol = symbols - 1 accepted");
  declare(boundary, "symbol = symbols rejected UnknownSymbol");
  declare(boundary, "live orders = handles (table full)");
  declare(boundary, "level total > 2^31");
  const std::uint64_t most = static_cast<std::uint64_t>(config_.handles) * config_.max_quantity;
  declare(boundary, "level total >= 2^32",
          most < kTwoTo32 ? fmt::format("handles x max_quantity = {} < 2^32 in this configuration", most)
                          : std::string{});

  const std::string band(kBand);
  declare(band, "same base (cancels nothing)");
  declare(band, "up by less than a band width");
  declare(band, "up by a band width or more");
  declare(band, "down by less than a band width");
  declare(band, "down by a band width or more");
  declare(band, "move cancels resting orders");
  declare(band, "move cancels nothing");
  declare(band, "highest base (band ends at 2^32 - 1)");
  declare(band, "rejected PriceOutOfRange: base not a multiple of 64");
  declare(band, "rejected PriceOutOfRange: band past 2^32 - 1");

  const std::string other(kOther);
  declare(other, "MassCancel all, cancels some");
  declare(other, "MassCancel all, cancels none");
  declare(other, "MassCancel by account, cancels some");
  declare(other, "MassCancel by account, cancels none");
  declare(other, "Snapshot of an empty book");
  declare(other, "Snapshot depth 0 (all levels)");
  declare(other, "Snapshot depth cuts a side short");
  declare(other, "Modify same price, quantity down (keeps priority)");
  declare(other, "Modify same price, same quantity");
  declare(other, "Modify same price, quantity up (loses priority)");
  declare(other, "Modify new price, rests");
  declare(other, "Modify new price, trades");

  const std::string stops(kStops);
  declare(stops, "Stop placed, pending");
  declare(stops, "StopLimit placed, pending");
  declare(stops, "stop triggered as it is placed");
  declare(stops, "stop triggered by a NewOrder's trades");
  declare(stops, "stop triggered by a Modify");
  declare(stops, "buy stop triggered");
  declare(stops, "sell stop triggered");
  declare(stops, "two or more stops run by one command");
  declare(stops, "triggered Stop trades");
  declare(stops, "triggered StopLimit trades");
  declare(stops, "triggered StopLimit rests");
  declare(stops, "triggered stop killed (FillOrKill)");
  declare(stops, "pending stop cancelled by Cancel");
  declare(stops, "pending stop modified, stays pending");
  declare(stops, "pending stop modified, triggers");
  declare(stops, "pending stop cancelled by MassCancel");
  declare(stops, "pending stop-limit cancelled by SetBand");

  const std::string icebergs(kIcebergs);
  declare(icebergs, "accepted, peak = quantity");
  declare(icebergs, "accepted, peak < quantity");
  declare(icebergs, "rests");
  declare(icebergs, "trades as a taker");
  declare(icebergs, "replenished");
  declare(icebergs, "replenished twice or more in one command");
  declare(icebergs, "modified");
  declare(icebergs, "cancelled");

  const std::string ports(kPorts);
  const std::string no_ports = with_ports_ ? std::string{} : "this backend has no ports (rtl runs only)";
  for (std::string_view kind : kPortKinds) {
    const bool one_event = kind == "rejected";
    const std::string k(kind);
    declare(ports, k + ": evt_ready low as it is accepted", no_ports);
    declare(ports, k + ": evt_ready low before its first event", no_ports);
    declare(ports, k + ": evt_ready low between its first and last event",
            one_event ? "a rejection is one event" : no_ports);
    declare(ports, k + ": input gap before its first event", no_ports);
    declare(ports, k + ": input gap between its first and last event",
            one_event ? "a rejection is one event" : no_ports);
  }
}

void Collector::begin_stream() {
  pending_.clear();
  retired_ = 0;
  port_accepted_ = 0;
  band_base_.assign(config_.symbols, 0);
  level_orders_.clear();
  orders_.clear();
  live_orders_ = 0;
  pending_stops_.clear();
  stop_types_.clear();
  icebergs_.clear();
}

void Collector::on_command(const Command& command) {
  Pending pending;
  pending.command = command;
  pending.taker = command.handle;
  pending_.push_back(pending);
}

void Collector::on_port_cycle(const PortSample& sample) {
  const bool cmd_fire = sample.cmd_valid && sample.cmd_ready;
  const bool gap = !sample.cmd_valid && sample.cmd_ready;
  if (cmd_fire) {
    const std::uint64_t index = port_accepted_ - retired_;
    if (index < pending_.size() && !sample.evt_ready) pending_[index].backpressure_accept = true;
    ++port_accepted_;
  }
  // The oldest unfinished command is the one whose events are leaving the core.
  if (pending_.empty() || port_accepted_ <= retired_) return;
  Pending& oldest = pending_.front();
  if (cmd_fire && port_accepted_ == retired_ + 1) return; // its accept cycle, counted above
  if (!sample.evt_ready) (oldest.first_event_seen ? oldest.backpressure_body : oldest.backpressure_wait) = true;
  if (gap) (oldest.first_event_seen ? oldest.gap_body : oldest.gap_wait) = true;
}

void Collector::on_event(const Event& event) {
  if (pending_.empty() || event.cmd_seq != retired_ + 1) {
    hit(std::string(kOutcome), fmt::format("event for command {} out of order", event.cmd_seq));
    return;
  }
  Pending& pending = pending_.front();
  pending.first_event_seen = true;
  ++pending.events;
  const auto type = static_cast<EventType>(event.type);
  stop_or_iceberg_event(pending, event);
  switch (type) {
  case EventType::StopAccepted:
  case EventType::Accepted:
    ++live_orders_;
    orders_[event.handle] = OrderView{event.price, event.quantity};
    break;
  case EventType::Fill:
    ++pending.fills;
    pending.fill_prices.push_back(event.price);
    if (event.remaining == 0) {
      --live_orders_;
      orders_.erase(event.handle);
    } else {
      orders_[event.handle].open = event.remaining;
    }
    if (event.maker_remaining == 0) {
      --live_orders_;
      orders_.erase(event.maker_handle);
    } else {
      orders_[event.maker_handle].open = event.maker_remaining;
    }
    break;
  case EventType::Cancelled: {
    --live_orders_;
    orders_.erase(event.handle);
    std::string reason(event.reason < kCancelNames.size() ? kCancelNames[event.reason] : "?");
    const auto op = static_cast<Opcode>(pending.command.opcode);
    if (event.reason == static_cast<std::uint8_t>(CancelReason::SelfTrade)) {
      reason += (op == Opcode::NewOrder || op == Opcode::Modify) && event.handle == pending.taker
                    ? " incoming"
                    : " resting";
    }
    hit(std::string(kOutcome), fmt::format("{} cancelled {}", opcode_name(pending.command.opcode), reason));
    break;
  }
  case EventType::Modified: {
    if (pending.modified_stop) break;
    const auto found = orders_.find(event.handle);
    if (found != orders_.end()) {
      pending.modified_from = found->second;
      pending.has_modified_from = true;
    }
    orders_[event.handle] = OrderView{event.price, event.quantity};
    pending.order_side = event.side;
    break;
  }
  case EventType::Rejected: pending.rejected = true; break;
  case EventType::LevelUpdate: level_update(pending, event); break;
  case EventType::SnapshotRow:
    ++pending.rows;
    if (event.level_quantity > kTwoTo31) hit(std::string(kBoundary), "level total > 2^31");
    if (event.level_quantity >= kTwoTo32) hit(std::string(kBoundary), "level total >= 2^32");
    break;
  default: break;
  }
  if ((event.flags & kEventLast) != 0) {
    finish(pending, event);
    pending_.pop_front();
    ++retired_;
  }
}

void Collector::level_update(const Pending& pending, const Event& event) {
  const std::string levels(kLevels);
  const std::uint64_t key = level_key(event.symbol, event.side, event.price);
  const auto found = level_orders_.find(key);
  const std::uint32_t before = found == level_orders_.end() ? 0 : found->second;
  const auto op = static_cast<Opcode>(pending.command.opcode);
  const std::string_view name = opcode_name(pending.command.opcode);
  if (event.order_count == 0) {
    if (found != level_orders_.end()) level_orders_.erase(found);
    if (op == Opcode::NewOrder) {
      hit(levels, "emptied by NewOrder sweep");
    } else if (op == Opcode::Modify) {
      hit(levels, event.side == pending.order_side ? "emptied by Modify (its old level)"
                                                   : "emptied by Modify sweep (maker level)");
    } else {
      hit(levels, fmt::format("emptied by {}", name));
    }
  } else {
    level_orders_[key] = event.order_count;
    if (before == 0) {
      hit(levels, op == Opcode::Modify ? "created by Modify (rests at its new price)"
                                       : fmt::format("created by {} (rests)", name));
    }
  }
  if (event.level_quantity > kTwoTo31) hit(std::string(kBoundary), "level total > 2^31");
  if (event.level_quantity >= kTwoTo32) hit(std::string(kBoundary), "level total >= 2^32");
}

void Collector::finish(Pending& pending, const Event& last) {
  const Command& command = pending.command;
  const std::string outcome(kOutcome);
  const std::string_view name = opcode_name(command.opcode);
  const auto op = static_cast<Opcode>(command.opcode);
  const std::string boundary(kBoundary);
  const std::string other(kOther);
  if (live_orders_ == config_.handles) hit(boundary, "live orders = handles (table full)");
  if (pending.rejected) {
    const std::string_view reason = last.reason < kRejectNames.size() ? kRejectNames[last.reason] : "?";
    hit(outcome, fmt::format("{} rejected {}", name, reason));
    const auto why = static_cast<RejectReason>(last.reason);
    if (why == RejectReason::Malformed && command.opcode >= 1 && command.opcode <= 6) {
      const std::vector<std::string_view> causes = malformed_causes(command);
      if (causes.empty()) hit(std::string(kMalformed), fmt::format("{} Malformed breaking no rule", name));
      if (causes.size() == 1) hit(std::string(kMalformed), std::string(causes.front()));
    }
    if (why == RejectReason::HandleOutOfRange && command.handle == config_.handles) {
      hit(boundary, "handle = handles rejected HandleOutOfRange");
    }
    if (why == RejectReason::UnknownSymbol && command.symbol == config_.symbols) {
      hit(boundary, "symbol = symbols rejected UnknownSymbol");
    }
    if (op == Opcode::NewOrder && why == RejectReason::QuantityTooLarge &&
        command.quantity == static_cast<std::uint64_t>(config_.max_quantity) + 1) {
      hit(boundary, "quantity = max_quantity + 1 rejected QuantityTooLarge");
    }
    if (op == Opcode::NewOrder && why == RejectReason::PriceOutsideBand && command.symbol < config_.symbols) {
      const std::uint64_t base = band_base_[command.symbol];
      if (base > 0 && command.price == base - 1) hit(boundary, "limit price = band base - 1 rejected PriceOutsideBand");
      if (command.price == base + config_.price_levels) {
        hit(boundary, "limit price = band base + price_levels rejected PriceOutsideBand");
      }
    }
    if (op == Opcode::NewOrder && why == RejectReason::InvalidCombination && (command.flags & kFlagIceberg) == 0) {
      hit(std::string(kShape), shape_name(command.order_type, command.tif, command.flags & kFlagPostOnly, command.stp));
    }
    if (op == Opcode::SetBand && why == RejectReason::PriceOutOfRange) {
      hit(std::string(kBand), command.price % kBandAlign != 0 ? "rejected PriceOutOfRange: base not a multiple of 64"
                                                              : "rejected PriceOutOfRange: band past 2^32 - 1");
    }
    if (with_ports_) finish_port_phases(pending);
    return;
  }
  hit(outcome, fmt::format("{} accepted", name));
  finish_stops_and_icebergs(pending);
  switch (op) {
  case Opcode::NewOrder: finish_new_order(pending); break;
  case Opcode::Modify: {
    hit(std::string(kFills), fmt::format("Modify {}", bucket(pending.fills, kFillBuckets)));
    std::set<std::uint32_t> prices(pending.fill_prices.begin(), pending.fill_prices.end());
    hit(std::string(kCrossed), fmt::format("Modify {}", bucket(prices.size(), kCrossedBuckets)));
    if (pending.has_modified_from) {
      const OrderView& from = pending.modified_from;
      if (command.price == from.price) {
        hit(other, command.quantity < from.open    ? "Modify same price, quantity down (keeps priority)"
                   : command.quantity == from.open ? "Modify same price, same quantity"
                                                   : "Modify same price, quantity up (loses priority)");
      } else {
        hit(other, pending.fills > 0 ? "Modify new price, trades" : "Modify new price, rests");
      }
    }
    break;
  }
  case Opcode::MassCancel:
    hit(other, fmt::format("MassCancel {}, cancels {}", (command.flags & kFlagByAccount) ? "by account" : "all",
                           last.order_count > 0 ? "some" : "none"));
    break;
  case Opcode::Snapshot: {
    if (pending.rows == 0) {
      hit(other, "Snapshot of an empty book");
    } else if (command.depth == 0) {
      hit(other, "Snapshot depth 0 (all levels)");
    } else {
      std::array<std::uint32_t, 2> per_side{0, 0};
      for (const auto& [key, orders] : level_orders_) {
        if ((key >> 33) == command.symbol && orders > 0) ++per_side[(key >> 32) & 1];
      }
      if (per_side[0] > command.depth || per_side[1] > command.depth) hit(other, "Snapshot depth cuts a side short");
    }
    break;
  }
  case Opcode::SetBand: {
    const std::string band(kBand);
    const std::uint32_t old_base = band_base_[command.symbol];
    const std::uint32_t new_base = command.price;
    const std::uint32_t width = config_.price_levels;
    if (new_base == old_base) {
      hit(band, "same base (cancels nothing)");
    } else {
      const bool up = new_base > old_base;
      const std::uint32_t delta = up ? new_base - old_base : old_base - new_base;
      hit(band, fmt::format("{} by {}", up ? "up" : "down",
                            delta < width ? "less than a band width" : "a band width or more"));
      hit(band, last.order_count > 0 ? "move cancels resting orders" : "move cancels nothing");
    }
    if (static_cast<std::uint64_t>(new_base) + width - 1 == kTwoTo32 - 1) hit(band, "highest base (band ends at 2^32 - 1)");
    band_base_[command.symbol] = new_base;
    break;
  }
  default: break;
  }
  if (with_ports_) finish_port_phases(pending);
}

void Collector::finish_new_order(const Pending& pending) {
  const Command& command = pending.command;
  const std::string boundary(kBoundary);
  hit(std::string(kShape), shape_name(command.order_type, command.tif, command.flags & kFlagPostOnly, command.stp));
  hit(std::string(kFills), fmt::format("NewOrder {}", bucket(pending.fills, kFillBuckets)));
  std::set<std::uint32_t> prices(pending.fill_prices.begin(), pending.fill_prices.end());
  hit(std::string(kCrossed), fmt::format("NewOrder {}", bucket(prices.size(), kCrossedBuckets)));
  if (command.order_type == static_cast<std::uint8_t>(OrderType::Limit)) {
    const std::uint64_t base = band_base_[command.symbol];
    if (command.price == base) hit(boundary, "limit price = band base (low edge)");
    if (command.price == base + config_.price_levels - 1) {
      hit(boundary, "limit price = band base + price_levels - 1 (high edge)");
    }
    if (command.price == 0xFFFFFFFFu) hit(boundary, "limit price = 2^32 - 1 (top of the highest band)");
  }
  if (command.quantity == config_.max_quantity) hit(boundary, "quantity = max_quantity accepted");
  if (command.handle == 0) hit(boundary, "handle 0 accepted");
  if (command.handle == config_.handles - 1) hit(boundary, "handle = handles - 1 accepted");
  if (command.symbol == config_.symbols - 1) hit(boundary, "symbol = symbols - 1 accepted");
}

// The stop and iceberg bins an event hits at once; the rest wait for the command's end.
void Collector::stop_or_iceberg_event(Pending& pending, const Event& event) {
  const std::string stops(kStops);
  const std::string icebergs(kIcebergs);
  const auto op = static_cast<Opcode>(pending.command.opcode);
  switch (static_cast<EventType>(event.type)) {
  case EventType::Accepted:
    if (event.aux != 0) {
      icebergs_[event.handle] = true;
      hit(icebergs, event.aux == event.quantity ? "accepted, peak = quantity" : "accepted, peak < quantity");
    }
    break;
  case EventType::StopAccepted:
    pending_stops_[event.handle] = pending.command.order_type;
    stop_types_[event.handle] = pending.command.order_type;
    hit(stops, pending.command.order_type == static_cast<std::uint8_t>(OrderType::Stop) ? "Stop placed, pending"
                                                                                        : "StopLimit placed, pending");
    break;
  case EventType::StopTriggered:
    pending_stops_.erase(event.handle);
    pending.taker = event.handle;
    pending.triggered.push_back(event.handle);
    if (op == Opcode::NewOrder && event.handle == pending.command.handle) hit(stops, "stop triggered as it is placed");
    hit(stops, op == Opcode::NewOrder ? "stop triggered by a NewOrder's trades" : "stop triggered by a Modify");
    hit(stops, event.side == static_cast<std::uint8_t>(Side::Buy) ? "buy stop triggered" : "sell stop triggered");
    break;
  case EventType::Fill:
    if (icebergs_.contains(event.handle)) hit(icebergs, "trades as a taker");
    if (!pending.triggered.empty() && event.handle == pending.triggered.back()) {
      hit(stops, stop_types_[event.handle] == static_cast<std::uint8_t>(OrderType::Stop) ? "triggered Stop trades"
                                                                                         : "triggered StopLimit trades");
    }
    if (event.remaining == 0) icebergs_.erase(event.handle);
    if (event.maker_remaining == 0) icebergs_.erase(event.maker_handle);
    break;
  case EventType::Replenished:
    ++pending.replenishments;
    hit(icebergs, "replenished");
    break;
  case EventType::Cancelled:
    if (icebergs_.erase(event.handle) > 0) hit(icebergs, "cancelled");
    if (pending_stops_.erase(event.handle) > 0) {
      const auto reason = static_cast<CancelReason>(event.reason);
      hit(stops, reason == CancelReason::User  ? "pending stop cancelled by Cancel"
                 : reason == CancelReason::Mass ? "pending stop cancelled by MassCancel"
                                                : "pending stop-limit cancelled by SetBand");
    }
    if (!pending.triggered.empty() && event.handle == pending.triggered.back() &&
        event.reason == static_cast<std::uint8_t>(CancelReason::FillOrKill)) {
      hit(stops, "triggered stop killed (FillOrKill)");
    }
    break;
  case EventType::Modified:
    pending.modified_stop = pending_stops_.contains(event.handle);
    if (icebergs_.contains(event.handle)) hit(icebergs, "modified");
    break;
  default: break;
  }
}

void Collector::finish_stops_and_icebergs(const Pending& pending) {
  const std::string stops(kStops);
  const Command& command = pending.command;
  if (pending.triggered.size() >= 2) hit(stops, "two or more stops run by one command");
  for (const std::uint32_t handle : pending.triggered) {
    if (orders_.contains(handle)) hit(stops, "triggered StopLimit rests");
  }
  if (pending.modified_stop) {
    const bool ran = std::find(pending.triggered.begin(), pending.triggered.end(), command.handle) !=
                     pending.triggered.end();
    hit(stops, ran ? "pending stop modified, triggers" : "pending stop modified, stays pending");
  }
  if (pending.replenishments >= 2) hit(std::string(kIcebergs), "replenished twice or more in one command");
  if (static_cast<Opcode>(command.opcode) == Opcode::NewOrder && (command.flags & kFlagIceberg) != 0 &&
      orders_.contains(command.handle) && icebergs_.contains(command.handle)) {
    hit(std::string(kIcebergs), "rests");
  }
}

void Collector::finish_port_phases(const Pending& pending) {
  const auto op = static_cast<Opcode>(pending.command.opcode);
  std::string_view kind;
  if (pending.rejected) {
    kind = "rejected";
  } else {
    switch (op) {
    case Opcode::NewOrder:
      kind = pending.fills == 0 ? "order without fill" : pending.fills == 1 ? "order with one fill" : "multi-fill sweep";
      break;
    case Opcode::Modify: kind = pending.fills >= 2 ? "multi-fill sweep" : "modify"; break;
    case Opcode::Cancel: kind = "cancel"; break;
    case Opcode::MassCancel: kind = "mass cancel"; break;
    case Opcode::Snapshot: kind = "snapshot walk"; break;
    case Opcode::SetBand: kind = "band move"; break;
    default: return;
    }
  }
  const std::string ports(kPorts);
  const std::string k(kind);
  if (pending.backpressure_accept) hit(ports, k + ": evt_ready low as it is accepted");
  if (pending.backpressure_wait) hit(ports, k + ": evt_ready low before its first event");
  if (pending.backpressure_body) hit(ports, k + ": evt_ready low between its first and last event");
  if (pending.gap_wait) hit(ports, k + ": input gap before its first event");
  if (pending.gap_body) hit(ports, k + ": input gap between its first and last event");
}

Summary Collector::summary() const {
  Summary summary;
  summary.total = bins_.size();
  for (const Bin& bin : bins_) {
    if (!bin.unreachable.empty()) {
      ++summary.unreachable;
      continue;
    }
    ++summary.reachable;
    if (bin.hits > 0) {
      ++summary.hit;
    } else {
      summary.missed.push_back(bin.group + "/" + bin.name);
    }
  }
  summary.unplanned = unplanned_;
  return summary;
}

std::string Collector::text_report() const {
  std::string out;
  std::string group;
  for (const Bin& bin : bins_) {
    if (bin.group != group) {
      group = bin.group;
      out += fmt::format("\n{}\n", group);
    }
    if (!bin.unreachable.empty()) {
      out += fmt::format("  {:>10}  {}  (unreachable: {})\n", "-", bin.name, bin.unreachable);
    } else {
      out += fmt::format("  {:>10}  {}{}\n", bin.hits, bin.name, bin.hits == 0 ? "   <-- NOT HIT" : "");
    }
  }
  const Summary s = summary();
  for (const std::string& key : s.unplanned) out += fmt::format("\nUNPLANNED (the plan says impossible): {}\n", key);
  out += fmt::format("\nbins {}: reachable {}, hit {} ({:.1f}%), unreachable {}, unplanned outcomes {}\n",
                     s.total, s.reachable, s.hit, s.reachable == 0 ? 100.0 : 100.0 * static_cast<double>(s.hit) / static_cast<double>(s.reachable),
                     s.unreachable, s.unplanned.size());
  return out;
}

std::string Collector::json_report() const {
  nlohmann::json bins = nlohmann::json::array();
  for (const Bin& bin : bins_) {
    nlohmann::json entry{{"group", bin.group}, {"name", bin.name}, {"hits", bin.hits}};
    if (!bin.unreachable.empty()) entry["unreachable"] = bin.unreachable;
    bins.push_back(entry);
  }
  const Summary s = summary();
  const nlohmann::json report{{"bins", bins},
                              {"total", s.total},
                              {"reachable", s.reachable},
                              {"hit", s.hit},
                              {"unreachable", s.unreachable},
                              {"missed", s.missed},
                              {"unplanned", s.unplanned}};
  return report.dump(2) + "\n";
}

} // namespace twinmatch::tools::coverage
