// The durable drop-in engine: the same statuses, events and client ids as sw::MatchingEngine for
// the same calls, and recovery (from the journal alone, from snapshots, across dropped segments)
// that restores the client ids of resting orders and the handles later orders get.
#include <chrono>
#include <csignal>
#include <cstring>
#include <random>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "generated_runs.hpp"
#include "temp_dir.hpp"
#include "twinmatch/durable/durable_matching_engine.hpp"
#include "twinmatch/sw/engine.hpp"

namespace twinmatch::durable {
namespace {

// Few handles, so that capacity runs out and handles are reused all the time.
constexpr CoreConfig kCore{2, 64, 24, 1000};

struct Call {
  enum class Kind { Submit, Cancel, Modify, ModifyStop, MassCancel, MassCancelAccount } kind;
  sw::OrderRequest order;
  std::uint64_t order_id = 0; // cancel, modify
  std::uint32_t price = 0;
  std::uint32_t quantity = 0;
  std::uint32_t stop_price = 0; // modify of a pending stop
};

// Random calls: new ids (some reused: DuplicateOrderId), cancels and modifies of ids old and
// live, market and IOC orders, self-trade modes, mass cancels; stop and stop-limit orders near
// the touch (some triggered at once), icebergs, modifies of pending stops (and of orders that are
// none), and now and then a stop price on an order that is no stop.
std::vector<Call> random_calls(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  const auto pick = [&](std::uint64_t n) { return random() % n; };
  std::vector<std::uint64_t> used;
  std::vector<Call> calls;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t roll = pick(100);
    Call call{};
    if (roll < 55 || used.empty()) {
      call.kind = Call::Kind::Submit;
      sw::OrderRequest& order = call.order;
      order.order_id = used.empty() || pick(4) != 0 ? (random() | 1) : used[pick(used.size())];
      used.push_back(order.order_id);
      order.symbol = static_cast<std::uint16_t>(pick(kCore.symbols));
      order.side = pick(2) == 0 ? Side::Buy : Side::Sell;
      order.type = pick(12) == 0 ? OrderType::Market : OrderType::Limit;
      order.tif = order.type == OrderType::Market ? TimeInForce::Ioc
                                                  : (pick(8) == 0 ? TimeInForce::Ioc : TimeInForce::Gtc);
      order.price = order.type == OrderType::Market
                        ? 0
                        : static_cast<std::uint32_t>(order.side == Side::Buy ? 24 + pick(12) : 30 + pick(12));
      order.quantity = static_cast<std::uint32_t>(1 + pick(40));
      order.account = static_cast<std::uint32_t>(1 + pick(4));
      order.stp = static_cast<StpMode>(pick(4));
      const std::uint64_t special = pick(10);
      if (special < 2) { // a stop or stop-limit near the touch (some already triggered)
        order.type = special == 0 ? OrderType::Stop : OrderType::StopLimit;
        order.tif = order.type == OrderType::Stop ? TimeInForce::Ioc : TimeInForce::Gtc;
        order.price = order.type == OrderType::Stop ? 0 : static_cast<std::uint32_t>(26 + pick(14));
        order.stop_price = static_cast<std::uint32_t>(28 + pick(10));
      } else if (special == 2 && order.type == OrderType::Limit && order.tif == TimeInForce::Gtc) {
        order.display_quantity = static_cast<std::uint32_t>(1 + pick(order.quantity));
      } else if (special == 3 && pick(8) == 0) {
        order.stop_price = 30; // on an order that is no stop: the id layer refuses it
      }
    } else if (roll < 80) {
      call.kind = Call::Kind::Cancel;
      call.order_id = used[pick(used.size())];
    } else if (roll < 91) {
      call.kind = Call::Kind::Modify;
      call.order_id = used[pick(used.size())];
      call.price = static_cast<std::uint32_t>(26 + pick(14));
      call.quantity = static_cast<std::uint32_t>(1 + pick(40));
    } else if (roll < 96) {
      call.kind = Call::Kind::ModifyStop;
      call.order_id = used[pick(used.size())];
      call.price = static_cast<std::uint32_t>(pick(2) == 0 ? 0 : 26 + pick(14));
      call.quantity = static_cast<std::uint32_t>(1 + pick(40));
      call.stop_price = static_cast<std::uint32_t>(28 + pick(10));
    } else {
      call.kind = roll < 98 ? Call::Kind::MassCancel : Call::Kind::MassCancelAccount;
      call.order.symbol = static_cast<std::uint16_t>(pick(kCore.symbols));
      call.order.account = static_cast<std::uint32_t>(1 + pick(4));
    }
    calls.push_back(call);
  }
  return calls;
}

template <class Engine>
sw::Status make_call(Engine& engine, const Call& call) {
  switch (call.kind) {
  case Call::Kind::Submit: return engine.submit(call.order);
  case Call::Kind::Cancel: return engine.cancel(call.order_id);
  case Call::Kind::Modify: return engine.modify(call.order_id, call.price, call.quantity);
  case Call::Kind::ModifyStop:
    return engine.modify_stop(call.order_id, call.price, call.quantity, call.stop_price);
  case Call::Kind::MassCancel: return engine.mass_cancel(call.order.symbol);
  case Call::Kind::MassCancelAccount: return engine.mass_cancel(call.order.symbol, call.order.account);
  }
  return sw::Status::Malformed;
}

// What one call returned: its status, events and their client ids, as bytes.
struct Outcome {
  sw::Status status;
  std::vector<Event> events;
  std::vector<sw::EventOrderIds> ids;

  template <class Engine>
  static Outcome of(Engine& engine, const Call& call) {
    Outcome outcome{make_call(engine, call), {}, {}};
    outcome.events.assign(engine.events().begin(), engine.events().end());
    outcome.ids.assign(engine.event_order_ids().begin(), engine.event_order_ids().end());
    return outcome;
  }
  bool operator==(const Outcome& other) const {
    return status == other.status && events.size() == other.events.size() &&
           ids.size() == other.ids.size() &&
           (events.empty() || std::memcmp(events.data(), other.events.data(),
                                          events.size() * sizeof(Event)) == 0) &&
           (ids.empty() ||
            std::memcmp(ids.data(), other.ids.data(), ids.size() * sizeof(sw::EventOrderIds)) == 0);
  }
};

// The volatile drop-in engine's outcome of every call.
std::vector<Outcome> volatile_run(std::span<const Call> calls) {
  sw::MatchingEngine engine(kCore);
  std::vector<Outcome> outcomes;
  for (const Call& call : calls) outcomes.push_back(Outcome::of(engine, call));
  return outcomes;
}

std::unique_ptr<DurableMatchingEngine> open_engine(const std::string& dir,
                                                   const DurableOptions& options,
                                                   RecoveryReport& report) {
  std::string error;
  auto engine = DurableMatchingEngine::open(dir, kCore, test::test_terms(kCore), options, report,
                                            nullptr, error);
  INFO(error);
  REQUIRE(engine);
  return engine;
}

// Makes calls[from, to) and checks each outcome against the volatile engine's.
void check_calls(DurableMatchingEngine& engine, std::span<const Call> calls,
                 std::span<const Outcome> expected, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    INFO("call " << i);
    const Outcome outcome = Outcome::of(engine, calls[i]);
    REQUIRE_FALSE(engine.failed());
    REQUIRE(outcome == expected[i]);
  }
}

// A call the id layer refused (never journaled): its one Rejected event has no core numbering.
bool refused_by_id_layer(const Outcome& outcome) {
  return outcome.status != sw::Status::Ok && outcome.events.size() == 1 &&
         outcome.events[0].cmd_seq == 0;
}

// The child of the SIGKILL test: recovers `dir`, resumes at the first call whose command is not
// journaled, checks each outcome, and writes the number of calls done to `ack_fd` after each
// call returns (acknowledged: synced under group commit). No Catch2 here: exit status 3 on a
// wrong outcome, 4 if recovery fails.
[[noreturn]] void drop_in_child(const std::string& dir, const DurableOptions& options,
                                std::span<const Call> calls, std::span<const Outcome> expected,
                                std::span<const std::uint64_t> journaled, int ack_fd) {
  RecoveryReport report;
  std::string error;
  auto engine = DurableMatchingEngine::open(dir, kCore, test::test_terms(kCore), options, report,
                                            nullptr, error);
  if (!engine) ::_exit(4);
  std::size_t next = 0;
  while (journaled[next] < engine->acknowledged_seq()) ++next;
  for (; next < calls.size(); ++next) {
    if (!(Outcome::of(*engine, calls[next]) == expected[next])) ::_exit(3);
    const auto done = static_cast<std::uint32_t>(next + 1);
    if (::write(ack_fd, &done, sizeof done) != sizeof done) ::_exit(5);
  }
  ::_exit(0);
}

} // namespace

TEST_CASE("The durable drop-in engine answers every call as sw::MatchingEngine does") {
  const std::vector<Call> calls = random_calls(3000, 11);
  const std::vector<Outcome> expected = volatile_run(calls);
  // The session exercises every refusal of the id layer and many rejects of the core.
  const auto count = [&](sw::Status status) {
    return std::count_if(expected.begin(), expected.end(),
                         [&](const Outcome& o) { return o.status == status; });
  };
  REQUIRE(count(sw::Status::DuplicateOrderId) > 10);
  REQUIRE(count(sw::Status::UnknownHandle) > 10);
  REQUIRE(count(sw::Status::CapacityExhausted) > 10);
  REQUIRE(count(sw::Status::Ok) > 1000);
  REQUIRE(std::count_if(expected.begin(), expected.end(), [](const Outcome& o) {
            return o.status == sw::Status::Malformed && refused_by_id_layer(o);
          }) > 0); // a stop price on an order that is no stop
  // And stops placed, triggered (by other calls too) and icebergs replenished.
  const auto events_of = [&](EventType type) {
    std::size_t n = 0;
    for (const Outcome& o : expected) {
      n += static_cast<std::size_t>(std::count_if(o.events.begin(), o.events.end(), [&](const Event& e) {
        return e.type == static_cast<std::uint8_t>(type);
      }));
    }
    return n;
  };
  REQUIRE(events_of(EventType::StopAccepted) > 50);
  REQUIRE(events_of(EventType::StopTriggered) > 50);
  REQUIRE(events_of(EventType::Replenished) > 10);

  test::TempDir dir;
  RecoveryReport report;
  auto engine = open_engine(dir.path(), {.sync = SyncPolicy::None, .segment_records = 512}, report);
  check_calls(*engine, calls, expected, 0, calls.size());
  CHECK(engine->settlement().trades() > 100);
}

TEST_CASE("The durable drop-in engine recovers its client ids and handle order from any point") {
  const std::vector<Call> calls = random_calls(2400, 12);
  const std::vector<Outcome> expected = volatile_run(calls);
  const auto snapshot_every = GENERATE(std::uint64_t{0}, std::uint64_t{300});
  const DurableOptions options{.sync = SyncPolicy::None, .snapshot_every = snapshot_every,
                               .snapshots_kept = 2, .segment_records = 256};
  for (const std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{333}, std::size_t{1200},
                                std::size_t{2399}}) {
    INFO("cut after call " << cut << ", snapshot every " << snapshot_every);
    test::TempDir dir;
    RecoveryReport report;
    std::uint64_t hash = 0;
    {
      auto engine = open_engine(dir.path(), options, report);
      check_calls(*engine, calls, expected, 0, cut);
      hash = engine->state_hash();
    } // the process "dies" here
    auto recovered = open_engine(dir.path(), options, report);
    CHECK(recovered->state_hash() == hash);
    if (snapshot_every != 0 && cut >= 1200) {
      CHECK(report.snapshot_seq > 0);
      CHECK(report.journal_first > 1); // segments before the older snapshot were dropped
    }
    // Every live id answers as in the volatile engine, and later calls go on identically.
    sw::MatchingEngine reference(kCore);
    for (std::size_t i = 0; i < cut; ++i) make_call(reference, calls[i]);
    CHECK(recovered->live_orders() == reference.live_orders());
    for (std::size_t i = 0; i < cut; ++i) {
      if (calls[i].kind != Call::Kind::Submit) continue;
      CHECK(recovered->open_quantity(calls[i].order.order_id) ==
            reference.open_quantity(calls[i].order.order_id));
    }
    check_calls(*recovered, calls, expected, cut, calls.size());
  }
}

TEST_CASE("A drop-in journal under group commit survives a reopen, refused calls not journaled") {
  const std::vector<Call> calls = random_calls(120, 13);
  const std::vector<Outcome> expected = volatile_run(calls);
  test::TempDir dir;
  RecoveryReport report;
  const DurableOptions options{.sync = SyncPolicy::Group, .segment_records = 64};
  std::size_t refused = 0;
  {
    auto engine = open_engine(dir.path(), options, report);
    check_calls(*engine, calls, expected, 0, 60);
    for (std::size_t i = 0; i < 60; ++i) refused += refused_by_id_layer(expected[i]) ? 1 : 0;
    CHECK(engine->acknowledged_seq() == 60 - refused);
  }
  auto recovered = open_engine(dir.path(), options, report);
  CHECK(report.journal_commands == 60 - refused);
  check_calls(*recovered, calls, expected, 60, calls.size());
}

TEST_CASE("A journal not written through the drop-in API is refused by it") {
  test::TempDir dir;
  RecoveryReport report;
  std::string error;
  {
    auto plain = DurableEngine<SwCoreEngine>::open(dir.path(), kCore, test::test_terms(kCore),
                                                   {.segment_records = 64}, report, nullptr, error);
    REQUIRE(plain);
    Command order{};
    order.opcode = static_cast<std::uint8_t>(Opcode::NewOrder);
    order.version = kProtocolVersion;
    order.handle = 5; // the id layer would hand out handle 0 first
    order.price = 10;
    order.quantity = 3;
    std::vector<Event> events;
    REQUIRE(plain->submit(std::span(&order, 1), events, error));
  }
  CHECK_FALSE(DurableMatchingEngine::open(dir.path(), kCore, test::test_terms(kCore),
                                          {.segment_records = 64}, report, nullptr, error));
  CHECK(error.find("not written through the drop-in API") != std::string::npos);
}

TEST_CASE("Calls acknowledged by the durable drop-in engine survive SIGKILL") {
  const std::vector<Call> calls = random_calls(20000, 14);
  const std::vector<Outcome> expected = volatile_run(calls);
  std::vector<std::uint64_t> journaled{0}; // commands journaled by calls [0, i)
  for (const Outcome& outcome : expected) {
    journaled.push_back(journaled.back() + (refused_by_id_layer(outcome) ? 0 : 1));
  }
  test::TempDir dir;
  const DurableOptions options{.sync = SyncPolicy::Group, .snapshot_every = 40,
                               .snapshots_kept = 2, .segment_records = 32};
  std::mt19937_64 random(14);
  std::uint64_t acknowledged_calls = 0;
  int kills = 0;
  for (int round = 0; round < 6; ++round) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      drop_in_child(dir.path(), options, calls, expected, journaled, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    // Read acknowledgements until the child is 1..80 calls further, then SIGKILL it 0-3 ms later
    // (anywhere in a call: journaling, syncing, applying, snapshotting, rotating).
    const std::uint64_t target = acknowledged_calls + 1 + random() % 80;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool armed = false;
    bool open_pipe = true;
    while (open_pipe && std::chrono::steady_clock::now() < deadline) {
      pollfd wait{pipe_fds[0], POLLIN, 0};
      if (::poll(&wait, 1, 1) <= 0) continue;
      std::uint32_t done = 0;
      const ssize_t got = ::read(pipe_fds[0], &done, sizeof done);
      if (got == sizeof done) acknowledged_calls = std::max<std::uint64_t>(acknowledged_calls, done);
      open_pipe = got > 0;
      if (!armed && acknowledged_calls >= target) {
        armed = true;
        deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(random() % 3000);
      }
    }
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    ::close(pipe_fds[0]);
    INFO("round " << round << ": child exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    ++kills;

    RecoveryReport report;
    auto recovered = open_engine(dir.path(), options, report);
    INFO("round " << round << ": " << acknowledged_calls << " calls acknowledged");
    CHECK(recovered->acknowledged_seq() >= journaled[acknowledged_calls]);
  }
  // The last start runs to the end: every outcome as the volatile engine's.
  RecoveryReport report;
  auto engine = open_engine(dir.path(), options, report);
  INFO(acknowledged_calls << " calls acknowledged before the last start");
  CHECK(report.journal_first > 1); // segments were dropped along the way
  CHECK(engine->acknowledged_seq() >= journaled[acknowledged_calls]);
  std::size_t next = 0; // the first call not journaled (refused calls before it change nothing)
  while (journaled[next] < engine->acknowledged_seq()) ++next;
  check_calls(*engine, calls, expected, next, std::min<std::size_t>(calls.size(), next + 300));
  CHECK(kills == 6);
}

} // namespace twinmatch::durable
