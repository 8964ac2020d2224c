// Fee math and hand-worked trades: every figure below is computed by hand in the comments.
#include <catch2/catch.hpp>

#include "support/commands.hpp"
#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/durable/settlement.hpp"

namespace twinmatch::durable {
namespace {

using test::buy;
using test::sell;

constexpr std::uint32_t kSymbol0 = position_asset(0);

// Runs `commands` through a fresh reference model and settles every one of them.
struct SettledRun {
  explicit SettledRun(const SymbolTerms& terms)
      : engine(kHardwareConfig), settlement(make(SettlementConfig::uniform(kHardwareConfig, terms))) {}

  static Settlement make(const SettlementConfig& config) {
    std::string error;
    auto created = Settlement::create(kHardwareConfig, config, error);
    REQUIRE(created);
    return *created;
  }

  void run(std::initializer_list<Command> commands) {
    for (const Command& command : commands) {
      std::vector<Event> events;
      engine.apply(command, events);
      REQUIRE(settlement.settle(command, events, &postings));
    }
  }

  ReferenceEngine engine;
  Settlement settlement;
  std::vector<Posting> postings;
};

} // namespace

TEST_CASE("Fees: charges round up, rebates round down, exact amounts stay exact") {
  CHECK(fee(10000, 30) == 30);
  CHECK(fee(3600, 30) == 11);    // 10.8 -> 11
  CHECK(fee(1, 1) == 1);         // 0.0001 -> 1
  CHECK(fee(0, 30) == 0);
  CHECK(fee(3600, 0) == 0);
  CHECK(fee(3600, -10) == -3);   // rebate 3.6 -> 3
  CHECK(fee(999, -10) == 0);     // rebate 0.999 -> 0
  CHECK(fee(20000, -10) == -20); // exact rebate
  CHECK(notional({1000, 10, 0, 0}, 20, 3) == 3 * (1000 + 20 * 10));
}

TEST_CASE("Settlement refuses terms it cannot honour") {
  std::string error;
  const SymbolTerms good{0, 1, 20, -5};
  CHECK(Settlement::create(kHardwareConfig, SettlementConfig::uniform(kHardwareConfig, good), error));
  CHECK_FALSE(Settlement::create(kHardwareConfig, {{good}}, error)); // 1 set of terms, 4 symbols
  CHECK(error.find("4") != std::string::npos);
  CHECK_FALSE(Settlement::create(kHardwareConfig,
                                 SettlementConfig::uniform(kHardwareConfig, {0, 1, 20, -21}), error));
  CHECK(error.find("rebate") != std::string::npos);
  CHECK_FALSE(Settlement::create(kHardwareConfig,
                                 SettlementConfig::uniform(kHardwareConfig, {0, 0, 20, 0}), error));
  CHECK_FALSE(Settlement::create(kHardwareConfig,
                                 SettlementConfig::uniform(kHardwareConfig, {0, 1, -1, 0}), error));
  // 1e6 units at (255 ticks * 1e11) overflows once multiplied by 10000.
  CHECK_FALSE(Settlement::create(kHardwareConfig,
                                 SettlementConfig::uniform(kHardwareConfig, {0, 100000000000, 1, 0}),
                                 error));
  CHECK(error.find("overflows") != std::string::npos);
}

TEST_CASE("A trade books position, cash and both fees as balanced postings") {
  // Price = 1000 + 10 per tick; taker pays 30 bps, maker gets a 10 bps rebate.
  SettledRun run({1000, 10, 30, -10});
  run.run({sell(1, 20, 5, /*account=*/7), buy(2, 25, 3, /*account=*/9)});
  // 3 units at tick 20: notional 3 * 1200 = 3600; taker fee ceil(10.8) = 11; rebate floor(3.6) = 3.
  const std::vector<Posting> expected{
      {1, 7, 9, kSymbol0, 3},
      {1, 9, 7, kCashAsset, 3600},
      {1, 9, kFeeAccount, kCashAsset, 11},
      {1, kFeeAccount, 7, kCashAsset, 3},
  };
  CHECK(run.postings == expected);
  const Settlement& ledger = run.settlement;
  CHECK(ledger.trades() == 1);
  CHECK(ledger.balance(9, kSymbol0) == 3);
  CHECK(ledger.balance(9, kCashAsset) == -3611);
  CHECK(ledger.balance(7, kSymbol0) == -3);
  CHECK(ledger.balance(7, kCashAsset) == 3603);
  CHECK(ledger.balance(kFeeAccount, kCashAsset) == 8);
  CHECK(ledger.accounts() == std::vector<AccountKey>{7, 9, kFeeAccount});
}

TEST_CASE("A sweep settles each fill at its maker's price, the taker selling") {
  SettledRun run({0, 1, 10, 10});
  run.run({buy(1, 100, 2, 1), buy(2, 99, 4, 2), sell(3, 90, 5, 3)});
  // Fills: 2 @ 100 with account 1 (notional 200), 3 @ 99 with account 2 (notional 297).
  // Fees 10 bps each side: ceil(0.2) = 1 and ceil(0.297) = 1, per side per trade.
  CHECK(run.settlement.trades() == 2);
  CHECK(run.settlement.balance(1, kSymbol0) == 2);
  CHECK(run.settlement.balance(1, kCashAsset) == -201);
  CHECK(run.settlement.balance(2, kSymbol0) == 3);
  CHECK(run.settlement.balance(2, kCashAsset) == -298);
  CHECK(run.settlement.balance(3, kSymbol0) == -5);
  CHECK(run.settlement.balance(3, kCashAsset) == 200 + 297 - 2);
  CHECK(run.settlement.balance(kFeeAccount, kCashAsset) == 4);
}

TEST_CASE("A self trade moves nothing but the fees") {
  SettledRun run({0, 1, 25, 5});
  run.run({sell(1, 40, 10, 4), buy(2, 40, 10, 4)});
  // Notional 400: taker fee ceil(1.0) = 1, maker fee ceil(0.2) = 1.
  CHECK(run.settlement.balance(4, kSymbol0) == 0);
  CHECK(run.settlement.balance(4, kCashAsset) == -2);
  CHECK(run.settlement.balance(kFeeAccount, kCashAsset) == 2);
  CHECK(run.postings.size() == 4);
}

TEST_CASE("A modified order trades under the account of its original NewOrder") {
  SettledRun run({0, 1, 0, 0});
  run.run({buy(1, 10, 5, 11), sell(2, 20, 5, 12), test::modify(1, 20, 5)});
  CHECK(run.settlement.balance(11, kSymbol0) == 5);
  CHECK(run.settlement.balance(11, kCashAsset) == -100);
  CHECK(run.settlement.balance(12, kCashAsset) == 100);
}

TEST_CASE("A fill whose maker was never accepted fails the stage instead of guessing") {
  std::string error;
  auto settlement = Settlement::create(
      kHardwareConfig, SettlementConfig::uniform(kHardwareConfig, {0, 1, 0, 0}), error);
  REQUIRE(settlement);
  Event fill{};
  fill.type = static_cast<std::uint8_t>(EventType::Fill);
  fill.flags = kEventLast;
  fill.handle = 3;
  fill.maker_handle = 4;
  fill.quantity = 1;
  CHECK_FALSE(settlement->settle(test::cancel(3), std::span(&fill, 1)));
  CHECK(settlement->failed());
  CHECK(settlement->error().find("handle 3") != std::string::npos);
}

} // namespace twinmatch::durable
