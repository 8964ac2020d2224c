// Settlement over generated sessions: after every batch, every asset sums to zero over all
// accounts (fee account included), and each balance equals an independent recomputation from
// the fills.
#include <map>

#include <catch2/catch.hpp>

#include "generated_runs.hpp"
#include "twinmatch/tools/generator.hpp"

namespace twinmatch::durable {
namespace {

// Cash and positions recomputed from fills with nothing shared with Settlement but the terms.
struct IndependentBooks {
  std::map<std::uint32_t, std::uint32_t> account_of; // handle -> account
  std::map<std::pair<AccountKey, std::uint32_t>, std::int64_t> balance;
  std::uint64_t trades = 0;

  static std::int64_t charge(std::int64_t value, std::int64_t bps) { // rounds up
    const std::int64_t scaled = value * bps;
    return scaled / 10000 + (scaled % 10000 != 0 ? 1 : 0);
  }
  static std::int64_t rebate(std::int64_t value, std::int64_t bps) { return value * bps / 10000; }

  void follow(const Command& command, std::span<const Event> events, const SettlementConfig& terms) {
    for (const Event& event : events) {
      // A stop order's account from its placing; its fills come once it triggers.
      if ((event.type == static_cast<std::uint8_t>(EventType::Accepted) ||
           event.type == static_cast<std::uint8_t>(EventType::StopAccepted)) &&
          command.opcode == static_cast<std::uint8_t>(Opcode::NewOrder)) {
        account_of[event.handle] = command.account;
      }
      if (event.type != static_cast<std::uint8_t>(EventType::Fill)) continue;
      ++trades;
      const SymbolTerms& t = terms.symbols[event.symbol];
      const AccountKey taker = account_of.at(event.handle);
      const AccountKey maker = account_of.at(event.maker_handle);
      const bool taker_buys = event.side == 0;
      const std::int64_t quantity = event.quantity;
      const std::int64_t value = quantity * t.base_price + quantity * event.price * t.tick_value;
      const std::uint32_t position = position_asset(event.symbol);
      balance[{taker, position}] += taker_buys ? quantity : -quantity;
      balance[{maker, position}] += taker_buys ? -quantity : quantity;
      balance[{taker, kCashAsset}] += taker_buys ? -value : value;
      balance[{maker, kCashAsset}] += taker_buys ? value : -value;
      balance[{taker, kCashAsset}] -= charge(value, t.taker_bps);
      balance[{kFeeAccount, kCashAsset}] += charge(value, t.taker_bps);
      const std::int64_t maker_fee =
          t.maker_bps >= 0 ? charge(value, t.maker_bps) : -rebate(value, -t.maker_bps);
      balance[{maker, kCashAsset}] -= maker_fee;
      balance[{kFeeAccount, kCashAsset}] += maker_fee;
    }
  }
};

} // namespace

TEST_CASE("Every asset is conserved after every batch of a generated session") {
  const CoreConfig core = kHardwareConfig;
  const SettlementConfig terms = test::test_terms(core);
  for (const tools::Scenario scenario : tools::kScenarios) {
    DYNAMIC_SECTION("scenario " << tools::scenario_name(scenario)) {
      const std::vector<Command> commands = tools::generate(core, scenario, 77, 12000);
      REQUIRE(commands.size() == 12000);
      ReferenceEngine engine(core);
      std::string error;
      Settlement ledger = *Settlement::create(core, terms, error);
      IndependentBooks books;
      std::vector<Posting> postings;
      constexpr std::size_t kBatch = 64;
      for (std::size_t start = 0; start < commands.size(); start += kBatch) {
        const auto batch = std::span(commands).subspan(start, std::min(kBatch, commands.size() - start));
        std::vector<Event> events;
        for (const Command& command : batch) {
          const std::size_t first = events.size();
          engine.apply(command, events);
          books.follow(command, std::span(events).subspan(first), terms);
        }
        postings.clear();
        REQUIRE(ledger.settle_batch(batch, events, &postings));
        for (const Posting& posting : postings) REQUIRE(posting.amount > 0);

        std::vector<std::int64_t> sums(ledger.asset_count(), 0);
        for (const AccountKey account : ledger.accounts()) {
          for (std::uint32_t asset = 0; asset < ledger.asset_count(); ++asset) {
            sums[asset] += ledger.balance(account, asset);
            const auto expected = books.balance.find({account, asset});
            REQUIRE(ledger.balance(account, asset) ==
                    (expected == books.balance.end() ? 0 : expected->second));
          }
        }
        for (const auto& [key, amount] : books.balance) {
          REQUIRE(ledger.balance(key.first, key.second) == amount);
        }
        for (std::uint32_t asset = 0; asset < ledger.asset_count(); ++asset) {
          INFO("asset " << asset << " after command " << start + batch.size());
          REQUIRE(sums[asset] == 0);
        }
        REQUIRE(ledger.trades() == books.trades);
      }
      // The session must have traded, or conservation was never put to the test.
      CHECK(ledger.trades() > 100);
      CHECK(ledger.balance(kFeeAccount, kCashAsset) > 0);
    }
  }
}

} // namespace twinmatch::durable
