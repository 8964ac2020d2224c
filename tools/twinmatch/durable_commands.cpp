// twinmatch run --journal DIR and twinmatch recover: durable runs through the write-ahead
// journal, snapshots and the settlement ledger of sw_engine/durable (docs/durability.md).
#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <limits>
#include <type_traits>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/durable/reference_engine.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"
#include "twinmatch/tools/stream_file.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kRunUsage =
    "  twinmatch run --backend ref|sw --input FILE --events OUT --journal DIR\n"
    "                [--sync group|none|pipelined] [--snapshot-every N] [--batch N]\n"
    "                [--base-price N] [--tick-value N] [--taker-bps N] [--maker-bps N]\n"
    "  A journal that already holds a prefix of FILE is recovered and the run resumes after it;\n"
    "  OUT receives the events of the commands this run submits.\n";

constexpr std::string_view kRecoverUsage =
    "  twinmatch recover --journal DIR [--backend ref|sw] [--events OUT]\n"
    "  Recovers DIR (zeroing a torn tail), reports what it found, and writes the events of the\n"
    "  replayed commands (those after the snapshot it started from) to OUT.\n";

constexpr std::string_view kJournaledBackends = "ref, sw";

int failure(std::string_view subcommand, std::string_view message) {
  fmt::print(stderr, "twinmatch {}: {}\n", subcommand, message);
  return kExitUsage;
}

std::optional<std::int64_t> parse_signed(std::string_view text) {
  std::int64_t number = 0;
  const char* end = text.data() + text.size();
  const auto [stop, status] = std::from_chars(text.data(), end, number);
  if (text.empty() || status != std::errc{} || stop != end) return std::nullopt;
  return number;
}

// Calls `visit(std::type_identity<Engine>{})` with the durable engine of `backend`.
template <class Visit>
int with_engine(std::string_view subcommand, std::string_view backend, Visit&& visit) {
  if (backend == "ref") return visit(std::type_identity<durable::ReferenceEngine>{});
  if (backend == "sw") return visit(std::type_identity<durable::SwCoreEngine>{});
  return failure(subcommand, fmt::format("backend '{}' has no durable engine (journaled backends: {})",
                                         backend, kJournaledBackends));
}

void print_recovery(const std::string& dir, const durable::RecoveryReport& report) {
  for (const std::string& note : report.notes) fmt::print("{}: {}\n", dir, note);
  fmt::print("{}: {} journaled commands (from command {}); started from {}; replayed {}\n", dir,
             report.journal_commands, report.journal_first,
             report.snapshot_seq == 0 ? std::string("an empty engine")
                                      : fmt::format("the snapshot after command {}", report.snapshot_seq),
             report.replayed);
}

// Prints the state line; false if some asset does not sum to zero over all accounts (the
// ledger's invariant), which a sound journal and ledger never show.
template <class Engine>
bool print_state(const durable::DurableEngine<Engine>& engine) {
  const durable::Settlement& ledger = engine.settlement();
  std::vector<std::int64_t> sums(ledger.asset_count(), 0);
  for (const durable::AccountKey account : ledger.accounts()) {
    for (std::uint32_t asset = 0; asset < ledger.asset_count(); ++asset) {
      sums[asset] += ledger.balance(account, asset);
    }
  }
  const bool balanced = std::all_of(sums.begin(), sums.end(), [](std::int64_t sum) { return sum == 0; });
  fmt::print("acknowledged through command {}; {} trades settled over {} accounts (fee account "
             "included), {}; fee account holds {} cash; state hash {:016x}\n",
             engine.acknowledged_seq(), ledger.trades(), ledger.accounts().size(),
             balanced ? "every asset sums to zero" : "LEDGER UNBALANCED",
             ledger.balance(durable::kFeeAccount, durable::kCashAsset), engine.state_hash());
  return balanced;
}

// The settlement terms: from the options if any is given, else those the directory recorded,
// else the defaults (no price offset, one cash unit per tick, no fees).
bool settlement_terms(const Arguments& arguments, const std::string& dir, const CoreConfig& core,
                      durable::SettlementConfig& terms, std::string& error) {
  const bool given = arguments.has("--base-price") || arguments.has("--tick-value") ||
                     arguments.has("--taker-bps") || arguments.has("--maker-bps");
  if (!given && durable::read_terms_file(dir, terms, error)) return true;
  durable::SymbolTerms symbol;
  const auto set = [&](std::string_view option, auto& field) {
    const auto text = arguments.value(option);
    if (!text) return true;
    const auto number = parse_signed(*text);
    if (!number || *number < std::numeric_limits<std::remove_reference_t<decltype(field)>>::min() ||
        *number > std::numeric_limits<std::remove_reference_t<decltype(field)>>::max()) {
      error = fmt::format("{} '{}' is not a whole number in range", option, *text);
      return false;
    }
    field = static_cast<std::remove_reference_t<decltype(field)>>(*number);
    return true;
  };
  if (!set("--base-price", symbol.base_price) || !set("--tick-value", symbol.tick_value) ||
      !set("--taker-bps", symbol.taker_bps) || !set("--maker-bps", symbol.maker_bps)) {
    return false;
  }
  terms = durable::SettlementConfig::uniform(core, symbol);
  return true;
}

// The first commands of `input` must be those the journal holds (from scan.first_seq on).
bool journal_is_prefix(tools::CommandFileReader& input, const durable::JournalScan& scan,
                       std::uint64_t resumed, std::span<const Command>& rest) {
  std::uint64_t position = 0; // of the chunk's first command in the stream, from 0
  for (std::span<const Command> chunk = input.next_chunk(); !chunk.empty();
       position += chunk.size(), chunk = input.next_chunk()) {
    // The part of this chunk that the journal holds: stream positions first_seq - 1 .. resumed.
    const std::uint64_t from = std::max(position, scan.first_seq - 1);
    const std::uint64_t to = std::min<std::uint64_t>(position + chunk.size(), resumed);
    if (from < to && std::memcmp(chunk.data() + (from - position),
                                 scan.commands.data() + (from - (scan.first_seq - 1)),
                                 (to - from) * sizeof(Command)) != 0) {
      return false;
    }
    if (position + chunk.size() > resumed) {
      rest = chunk.subspan(static_cast<std::size_t>(std::max(resumed, position) - position));
      return true;
    }
  }
  return true; // the whole input is journaled already
}

// Streams the input: each chunk's commands are submitted in batches and the events written out
// as they come, so memory stays bounded whatever the input's length (the journal's own scan of
// the commands it holds aside).
template <class Engine>
int run_journaled(const Arguments& arguments, tools::CommandFileReader& input,
                  const std::string& dir, const durable::SettlementConfig& terms,
                  const durable::DurableOptions& options, std::uint64_t batch_size) {
  std::string error;
  durable::RecoveryReport report;
  auto engine = durable::DurableEngine<Engine>::open(dir, input.config(), terms, options, report,
                                                     nullptr, error);
  if (!engine) return failure("run", error);
  print_recovery(dir, report);

  // Resume only a journal that holds a prefix of this input.
  durable::JournalScan scan;
  if (!durable::scan_journal(dir, scan, error)) return failure("run", error);
  const std::uint64_t resumed = scan.next_seq() - 1;
  std::span<const Command> rest;
  if (resumed > input.total() || !journal_is_prefix(input, scan, resumed, rest)) {
    return failure("run", fmt::format("{} holds {} commands that are not the first commands of {}",
                                      dir, resumed, *arguments.value("--input")));
  }
  const std::string events_path(*arguments.value("--events"));
  tools::EventFileWriter out;
  if (!out.open(events_path, input.config(), error)) return failure("run", error);
  std::vector<Event> events;
  std::uint64_t batches = 0;
  for (; !rest.empty(); rest = input.next_chunk()) {
    for (std::size_t next = 0; next < rest.size(); next += batch_size) {
      const std::size_t size = std::min<std::size_t>(batch_size, rest.size() - next);
      if (!engine->submit(rest.subspan(next, size), events, error)) return failure("run", error);
      ++batches;
    }
    out.push(events);
    events.clear();
  }
  // Under pipelined sync the last batches may still be on their way to the disk: the event file
  // is complete (its header counts its records) only once they are durable.
  if (!engine->wait_acknowledged(engine->applied_seq(), error)) return failure("run", error);
  if (!out.close(error)) return failure("run", error);
  fmt::print("submitted {} commands after the {} already journaled, in {} batches (sync {}) -> "
             "{} events, written to {}\n",
             input.total() - resumed, resumed, batches, durable::sync_policy_name(options.sync),
             out.count(), events_path);
  return print_state(*engine) ? 0 : 1;
}

} // namespace

int journaled_run_main(std::span<const std::string_view> args) {
  std::string error;
  const auto arguments = Arguments::parse(
      args,
      {"--backend", "--input", "--events", "--journal", "--sync", "--snapshot-every", "--batch",
       "--base-price", "--tick-value", "--taker-bps", "--maker-bps"},
      error);
  if (!arguments) return usage_error(error, kRunUsage);
  if (arguments->wants_help()) {
    fmt::print("usage:\n{}", kRunUsage);
    return 0;
  }
  const auto backend = arguments->value("--backend");
  const auto input = arguments->value("--input");
  const auto journal = arguments->value("--journal");
  if (const std::string missing =
          missing_options(*arguments, {"--backend", "--input", "--events", "--journal"});
      !missing.empty()) {
    return usage_error(missing, kRunUsage);
  }
  durable::DurableOptions options;
  if (const auto sync = arguments->value("--sync")) {
    const auto policy = durable::sync_policy_from_name(*sync);
    if (!policy) return usage_error(fmt::format("--sync '{}' is not group, none or pipelined", *sync), kRunUsage);
    options.sync = *policy;
  }
  if (const auto every = arguments->value("--snapshot-every")) {
    const auto number = parse_unsigned(*every);
    if (!number) return usage_error("--snapshot-every needs a whole number", kRunUsage);
    options.snapshot_every = *number;
  }
  std::uint64_t batch_size = 64;
  if (const auto batch = arguments->value("--batch")) {
    const auto number = parse_unsigned(*batch);
    if (!number || *number == 0) return usage_error("--batch needs a number from 1", kRunUsage);
    batch_size = *number;
  }
  tools::CommandFileReader stream;
  if (!stream.open(std::string(*input), error)) return failure("run", error);
  const std::string dir(*journal);
  durable::SettlementConfig terms;
  if (!settlement_terms(*arguments, dir, stream.config(), terms, error)) {
    return usage_error(error, kRunUsage);
  }
  return with_engine("run", *backend, [&]<class Engine>(std::type_identity<Engine>) {
    return run_journaled<Engine>(*arguments, stream, dir, terms, options, batch_size);
  });
}

int recover_main(std::span<const std::string_view> args) {
  std::string error;
  const auto arguments = Arguments::parse(args, {"--journal", "--backend", "--events"}, error);
  if (!arguments) return usage_error(error, kRecoverUsage);
  if (arguments->wants_help()) {
    fmt::print("usage:\n{}", kRecoverUsage);
    return 0;
  }
  const auto journal = arguments->value("--journal");
  if (!journal) return usage_error("--journal is required", kRecoverUsage);
  const std::string dir(*journal);
  std::error_code status;
  if (!std::filesystem::is_directory(dir, status)) {
    return failure("recover", std::filesystem::exists(dir, status)
                                  ? fmt::format("{}: is not a directory", dir)
                                  : fmt::format("{}: no such directory", dir));
  }
  durable::JournalScan scan;
  durable::SettlementConfig terms;
  if (!durable::scan_journal(dir, scan, error) || !durable::read_terms_file(dir, terms, error)) {
    return failure("recover", error);
  }
  if (scan.segments.empty()) return failure("recover", fmt::format("{}: holds no journal", dir));
  const std::string_view backend = arguments->value("--backend").value_or("ref");
  return with_engine("recover", backend, [&]<class Engine>(std::type_identity<Engine>) {
    durable::RecoveryReport report;
    std::vector<Event> replayed;
    auto engine = durable::DurableEngine<Engine>::open(dir, scan.config, terms, {}, report,
                                                       &replayed, error);
    if (!engine) return failure("recover", error);
    print_recovery(dir, report);
    if (report.truncated_bytes != 0) {
      fmt::print("{}: zeroed {} bytes of torn or corrupt tail\n", dir, report.truncated_bytes);
    }
    const bool balanced = print_state(*engine);
    if (const auto events = arguments->value("--events")) {
      if (!tools::write_event_stream(std::string(*events), scan.config, replayed, error)) {
        return failure("recover", error);
      }
      fmt::print("{} replayed events written to {}\n", replayed.size(), *events);
    }
    return balanced ? 0 : 1;
  });
}

} // namespace twinmatch::cli
