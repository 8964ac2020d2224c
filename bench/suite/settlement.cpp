#include "settlement.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "twinmatch/durable/settlement.hpp"

namespace twinmatch::bench {
namespace {

constexpr durable::SymbolTerms kTerms{.base_price = 10000, .tick_value = 5, .taker_bps = 20,
                                      .maker_bps = -5};

double nearest_rank(std::vector<double>& values, double quantile) {
  if (values.empty()) return 0;
  auto rank = static_cast<std::size_t>(quantile * static_cast<double>(values.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank - 1), values.end());
  return values[rank - 1];
}

} // namespace

SettlementRunner::SettlementRunner(const CoreConfig& config, std::span<const Command> commands,
                                   std::vector<Event> events, std::string journal_dir)
    : config_(config), commands_(commands), events_(std::move(events)),
      journal_dir_(std::move(journal_dir)) {
  // Cut at every kSettlementBatchCommands-th command's last event.
  batch_first_event_.push_back(0);
  std::size_t command = 0;
  std::size_t trades = 0;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (events_[i].type == static_cast<std::uint8_t>(EventType::Fill)) ++trades;
    if ((events_[i].flags & kEventLast) == 0) continue;
    if (++command % kSettlementBatchCommands == 0) {
      batch_first_event_.push_back(i + 1);
      batch_trades_.push_back(trades);
      trades = 0;
    }
  }
  if (command != commands_.size()) {
    error_ = fmt::format("settlement: {} commands but {} runs of events ending with kEventLast",
                         commands_.size(), command);
  }
}

SettlementSample SettlementRunner::sample(durable::SyncPolicy sync, std::size_t max_batches) {
  SettlementSample sample;
  std::error_code ignored;
  std::filesystem::remove_all(journal_dir_, ignored);
  std::filesystem::create_directories(journal_dir_, ignored);
  durable::JournalScan empty;
  empty.config = config_;
  auto journal = durable::JournalWriter::open(journal_dir_, config_, empty, sync,
                                              durable::kDefaultSegmentRecords, error_);
  auto ledger = durable::Settlement::create(config_, durable::SettlementConfig::uniform(config_, kTerms),
                                            error_);
  if (!journal || !ledger) return sample;
  const std::size_t batches = std::min(max_batches, batch_trades_.size());
  std::vector<double> latencies;
  latencies.reserve(batches);
  std::size_t trades = 0;
  for (std::size_t b = 0; b < batches; ++b) {
    const auto commands = commands_.subspan(b * kSettlementBatchCommands, kSettlementBatchCommands);
    const auto events = std::span<const Event>(events_).subspan(
        batch_first_event_[b], batch_first_event_[b + 1] - batch_first_event_[b]);
    const auto start = std::chrono::steady_clock::now();
    const bool ok = journal->append(commands, error_) && ledger->settle_batch(commands, events);
    const auto end = std::chrono::steady_clock::now();
    if (!ok) {
      if (error_.empty()) error_ = "settlement: " + ledger->error();
      break;
    }
    latencies.push_back(std::chrono::duration<double, std::nano>(end - start).count());
    trades += batch_trades_[b];
  }
  journal.reset();
  std::filesystem::remove_all(journal_dir_, ignored);
  sample.batches = latencies.size();
  sample.trades_per_batch =
      latencies.empty() ? 0 : static_cast<double>(trades) / static_cast<double>(latencies.size());
  sample.p50_ns = nearest_rank(latencies, 0.50);
  sample.p99_ns = nearest_rank(latencies, 0.99);
  return sample;
}

std::string describe_settlement() {
  return fmt::format("batches of {} commands; every symbol: base price {}, tick value {}, taker "
                     "fee {} bps, maker fee {} bps",
                     kSettlementBatchCommands, kTerms.base_price, kTerms.tick_value,
                     kTerms.taker_bps, kTerms.maker_bps);
}

} // namespace twinmatch::bench
