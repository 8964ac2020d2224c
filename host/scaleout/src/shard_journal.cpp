#include "twinmatch/scaleout/shard_journal.hpp"

#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"

namespace twinmatch::scaleout {
namespace {

template <class Engine>
class ShardJournalOf final : public ShardJournal {
public:
  ShardJournalOf(std::unique_ptr<durable::DurableEngine<Engine>> engine, std::uint64_t last_event)
      : engine_(std::move(engine)), last_snapshot_(engine_->applied_seq()), last_event_(last_event) {}

  bool submit(std::span<const Command> commands, std::vector<Event>& events, std::string& error) override {
    const std::size_t first = events.size();
    if (!engine_->submit(commands, events, error)) return false;
    if (events.size() > first) last_event_ = events.back().seq;
    return true;
  }
  std::uint64_t applied_seq() const override { return engine_->applied_seq(); }
  std::uint64_t last_event() const override { return last_event_; }
  bool snapshot_due(std::uint64_t every) const override { return applied_seq() - last_snapshot_ >= every; }
  bool snapshot(std::string& error) override {
    if (!engine_->snapshot_now(error)) return false;
    last_snapshot_ = applied_seq();
    return true;
  }

private:
  std::unique_ptr<durable::DurableEngine<Engine>> engine_;
  std::uint64_t last_snapshot_;
  std::uint64_t last_event_; // the last event made
};

template <class Engine>
std::unique_ptr<ShardJournal> open_as(const std::string& dir, const CoreConfig& config,
                                      ShardRecovery& recovery, std::string& error) {
  // Default terms (no fees): serve has no use for the ledger's figures, but the durable layer
  // keeps one, and the directory records its terms.
  const auto terms = durable::SettlementConfig::uniform(config, durable::SymbolTerms{});
  durable::DurableOptions options;
  options.sync = durable::SyncPolicy::None;
  options.snapshot_every = 0; // snapshots only when the event stream has their events
  durable::RecoveryReport report;
  auto engine = durable::DurableEngine<Engine>::open(dir, config, terms, options, report,
                                                     &recovery.replayed_events, error);
  if (!engine) return nullptr;
  durable::EngineState state;
  engine->engine().export_state(state);
  recovery.commands = engine->applied_seq();
  recovery.snapshot_seq = report.snapshot_seq;
  recovery.replayed = report.replayed;
  recovery.events_before = recovery.replayed_events.empty() ? state.next_event_seq - 1
                                                            : recovery.replayed_events.front().seq - 1;
  recovery.notes = report.notes;
  return std::make_unique<ShardJournalOf<Engine>>(std::move(engine), state.next_event_seq - 1);
}

} // namespace

std::unique_ptr<ShardJournal> ShardJournal::open(const std::string& dir, const std::string& backend,
                                                 const CoreConfig& config, ShardRecovery& recovery,
                                                 std::string& error) {
  if (backend == "ref") return open_as<durable::ReferenceEngine>(dir, config, recovery, error);
  if (backend == "sw") return open_as<durable::SwCoreEngine>(dir, config, recovery, error);
  error = "--journal needs a backend with a durable engine: ref or sw, not '" + backend + "'";
  return nullptr;
}

} // namespace twinmatch::scaleout
