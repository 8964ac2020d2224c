#include "workloads.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "reference_model.hpp"
#include "twinmatch/tools/command_builders.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::bench {
namespace {

constexpr std::uint64_t kThroughputSeed = 1;
constexpr std::uint64_t kBookSeed = 2;
constexpr std::size_t kThroughputCommands = 20000;
constexpr std::size_t kBookCommands = 400;
constexpr std::size_t kPlacements = 2048;
constexpr std::size_t kScans = 64;
constexpr std::size_t kDeepScans = 512;

Command limit_order(std::uint32_t handle, std::uint16_t symbol, Side side, std::uint32_t price,
                    std::uint32_t quantity) {
  return tools::new_order_command({.symbol = symbol, .handle = handle, .side = side,
                                   .price = price, .quantity = quantity, .account = 7});
}

// The book a stream leaves, as far as building further valid commands needs it.
struct BookState {
  explicit BookState(const CoreConfig& config, const std::vector<Command>& stream) : model(config) {
    std::vector<Event> events;
    for (const Command& command : stream) {
      model.apply(command, events);
      events.clear();
    }
  }
  // The lowest handle at or after `from` that no resting order or pending stop holds.
  std::uint32_t free_handle(std::uint32_t from) const {
    while (from < model.config().handles && (model.is_resting(from) || model.is_pending(from))) ++from;
    return from;
  }
  void apply(const Command& command) {
    std::vector<Event> events;
    model.apply(command, events);
  }
  ref::ReferenceModel model;
};

std::vector<Command> quiet_book(const CoreConfig& config) {
  return tools::generate(config, tools::Scenario::Quiet, kBookSeed, kBookCommands);
}

// Resting placements on free handles, near the touch on each side, never crossing: a buy goes
// below the best ask and a sell above the best bid as they stand when it arrives.
std::vector<Command> placements(const CoreConfig& config, BookState& book, std::size_t count) {
  std::vector<Command> orders;
  std::uint32_t handle = 0;
  for (std::size_t i = 0; i < count; ++i) {
    handle = book.free_handle(handle);
    if (handle >= config.handles) break;
    const auto symbol = static_cast<std::uint16_t>(i % config.symbols);
    const auto offset = static_cast<std::uint32_t>((i * 7) % 16);
    const auto best_ask = book.model.best_price(symbol, Side::Sell);
    const auto best_bid = book.model.best_price(symbol, Side::Buy);
    const std::uint32_t top = config.price_levels - 1;
    const bool can_buy = !best_ask || *best_ask > 0;
    const bool can_sell = !best_bid || *best_bid < top;
    const bool buy = can_buy && (i % 2 == 0 || !can_sell);
    if (!buy && !can_sell) continue;
    const std::uint32_t ask_bound = best_ask ? *best_ask - 1 : top / 2;
    const std::uint32_t bid_bound = best_bid ? *best_bid + 1 : top / 2 + 1;
    const std::uint32_t price = buy ? ask_bound - std::min(offset, ask_bound)
                                    : std::min(bid_bound + offset, top);
    const auto quantity = static_cast<std::uint32_t>(1 + (i * 13) % 100);
    const Command order = limit_order(handle, symbol, buy ? Side::Buy : Side::Sell, price,
                                      std::min(quantity, config.max_quantity));
    book.apply(order);
    orders.push_back(order);
    ++handle;
  }
  return orders;
}

Probe make_probe(std::string metric, std::string benchmark, std::string note,
                 const CoreConfig& config, std::vector<Command> base,
                 const std::vector<Command>& ops) {
  Probe probe{std::move(metric), std::move(benchmark), std::move(note), config, {}, {}, ops.size()};
  probe.full = base;
  probe.full.insert(probe.full.end(), ops.begin(), ops.end());
  probe.base = std::move(base);
  return probe;
}

} // namespace

Probe throughput_probe(const CoreConfig& config) {
  const auto stream =
      tools::generate(config, tools::Scenario::Volatile, kThroughputSeed, kThroughputCommands);
  return make_probe("match_throughput", "BM_MatchThroughput",
                    fmt::format("the generator's volatile session, {} commands, seed {}, from an "
                                "empty book",
                                stream.size(), kThroughputSeed),
                    config, {}, stream);
}

Probe placement_probe(const CoreConfig& config) {
  std::vector<Command> base = quiet_book(config);
  BookState book(config, base);
  const std::vector<Command> orders = placements(config, book, kPlacements);
  std::string note = fmt::format("a batch of {} resting GTC limit placements near the "
                                 "touch, on the quiet book ({} generated commands, seed {})",
                                 orders.size(), base.size(), kBookSeed);
  return make_probe("place_order", "BM_PlaceOrder", std::move(note), config, std::move(base),
                    orders);
}

Probe cancel_probe(const CoreConfig& config) {
  std::vector<Command> base = quiet_book(config);
  BookState book(config, base);
  const std::vector<Command> orders = placements(config, book, kPlacements);
  base.insert(base.end(), orders.begin(), orders.end());
  std::vector<Command> cancels;
  // Interleaved (even positions, then odd ones), so consecutive cancels hit different levels.
  for (std::size_t start : {0, 1}) {
    for (std::size_t i = start; i < orders.size(); i += 2) {
      cancels.push_back(tools::cancel_command(orders[i].handle));
    }
  }
  return make_probe("cancel_order", "BM_CancelOrder",
                    fmt::format("a batch of {} cancels of resting orders on the quiet "
                                "book plus the placement batch",
                                cancels.size()),
                    config, std::move(base), cancels);
}

Probe scan_probe(const CoreConfig& config, std::uint32_t levels, std::string metric,
                 std::string benchmark) {
  std::vector<Command> base = quiet_book(config);
  BookState book(config, base);
  constexpr std::uint16_t kSymbol = 0;
  // Bids below `split`, asks from it: never crossing whatever the quiet book holds.
  const auto best_ask = book.model.best_price(kSymbol, Side::Sell);
  const auto best_bid = book.model.best_price(kSymbol, Side::Buy);
  const std::uint32_t split = best_ask ? *best_ask : best_bid ? *best_bid + 1 : config.price_levels / 2;
  const std::uint32_t window = std::min(levels, config.price_levels);
  const std::uint32_t first =
      std::min(split - std::min(split, window / 2), config.price_levels - window);
  std::uint32_t handle = 0;
  for (std::uint32_t price = first; price < first + window; ++price) {
    const Side side = price < split ? Side::Buy : Side::Sell;
    const auto rows = book.model.levels(kSymbol, side);
    const bool empty = std::none_of(rows.begin(), rows.end(),
                                    [&](const ref::LevelView& row) { return row.price == price; });
    if (!empty) continue;
    handle = book.free_handle(handle);
    if (handle >= config.handles) break;
    const Command order = limit_order(handle, kSymbol, side, price, 10);
    book.apply(order);
    base.push_back(order);
  }
  const std::size_t book_levels =
      book.model.levels(kSymbol, Side::Buy).size() + book.model.levels(kSymbol, Side::Sell).size();
  const Command snapshot = tools::snapshot_command(kSymbol, 0); // depth 0: every level
  const std::size_t scans = levels > 256 ? kDeepScans : kScans;
  std::string note = fmt::format("a batch of {} full-depth snapshots of a book with {} "
                                 "non-empty levels ({} price levels configured)",
                                 scans, book_levels, config.price_levels);
  return make_probe(std::move(metric), std::move(benchmark), std::move(note), config,
                    std::move(base), std::vector<Command>(scans, snapshot));
}

std::vector<Probe> standard_probes() {
  const CoreConfig& config = kHardwareConfig;
  std::vector<Probe> probes;
  probes.push_back(throughput_probe(config));
  probes.push_back(placement_probe(config));
  probes.push_back(cancel_probe(config));
  probes.push_back(scan_probe(config, config.price_levels, "book_scan", "BM_BookScan"));
  return probes;
}

Probe deep_scan_probe() {
  return scan_probe(kCpuConfig, 1000, "book_scan_1000", "BM_BookScan1000");
}

std::string describe_workloads() {
  return fmt::format("tools::generate streams with fixed seeds: volatile session of {} commands "
                     "(seed {}) for throughput; quiet book of {} commands (seed {}) under "
                     "batches of {} placements, their cancels, and {} full snapshots; on "
                     "kCpuConfig a 1,000-level book under {} snapshots",
                     kThroughputCommands, kThroughputSeed, kBookCommands, kBookSeed, kPlacements,
                     kScans, kDeepScans);
}

} // namespace twinmatch::bench
