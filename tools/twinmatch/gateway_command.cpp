// twinmatch gateway: replays a command stream file as client orders through the scale-out
// gateway (host/scaleout) and measures end-to-end latency and throughput; --dump writes each
// shard's command and event streams, as JetStream holds them, as stream files
// (docs/scale-out.md).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/scaleout/gateway.hpp"
#include "twinmatch/scaleout/nats_link.hpp"
#include "twinmatch/tools/stream_file.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch gateway --nats URL[,URL...] --shards N --input FILE [--window N] [--rate N]\n"
    "                    [--replicas N] [--dump DIR]\n"
    "  twinmatch gateway --nats URL[,URL...] --shards N --dump DIR [--config hw|cpu]\n"
    "  Sends FILE's NewOrder, Cancel and Modify commands as client orders (a client id per NewOrder;\n"
    "  a cancel or modify names the order that last had its handle), and its MassCancel, Snapshot\n"
    "  and SetBand commands as they are, through the gateway, which\n"
    "  routes by symbol % N and numbers commands per shard; at most --window commands (default 1)\n"
    "  await their first event; --rate offers at most N commands a second (default 0: no limit).\n"
    "  Prints acknowledged commands, throughput and latency (publish to first event received) per\n"
    "  shard. --dump DIR writes DIR/shard<K>.commands and .events as\n"
    "  the streams hold them, for twinmatch run and cmp. Starts on empty command streams.\n"
    "  Without --input it only dumps (the stream files' configuration: --config, default hw).\n";

using Clock = std::chrono::steady_clock;

// Completion times: a command is complete when an event of it, or of a later command of its
// shard, has arrived.
class LatencySink final : public scaleout::ShardEventSink {
public:
  explicit LatencySink(std::uint32_t shards) : shards_(shards) {}
  void on_event(std::uint32_t shard, const Event& event, std::optional<std::uint64_t>) override {
    const auto now = Clock::now();
    const std::lock_guard lock(mutex_);
    PerShard& state = shards_[shard];
    while (state.completed < event.cmd_seq) {
      ++state.completed;
      if (state.completed <= state.sent.size()) {
        state.latency_ns.push_back(
            std::chrono::duration<double, std::nano>(now - state.sent[state.completed - 1]).count());
      }
      state.last_completion = now;
      --in_flight_;
    }
    room_.notify_one();
  }
  void sent(std::uint32_t shard, std::uint64_t cmd_seq, Clock::time_point when) {
    const std::lock_guard lock(mutex_);
    auto& sent = shards_[shard].sent;
    if (sent.size() < cmd_seq) sent.resize(cmd_seq);
    sent[cmd_seq - 1] = when;
    ++in_flight_;
  }
  // Blocks (not spinning: the CPU figures count the gateway) while `window` commands are in flight.
  void wait_for_room(std::uint64_t window) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return in_flight_ < static_cast<std::int64_t>(window); });
  }
  std::uint64_t completed(std::uint32_t shard) {
    const std::lock_guard lock(mutex_);
    return shards_[shard].completed;
  }
  struct PerShard {
    std::vector<Clock::time_point> sent;
    std::vector<double> latency_ns;
    std::uint64_t completed = 0;
    Clock::time_point last_completion{};
  };
  std::vector<PerShard> results() {
    const std::lock_guard lock(mutex_);
    return shards_;
  }

private:
  std::mutex mutex_;
  std::vector<PerShard> shards_;
  std::condition_variable room_;
  std::int64_t in_flight_ = 0; // below 0 for a moment when an event beats its sent() call
};

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

bool dump_shard(const std::string& servers, std::uint32_t shard, const CoreConfig& config,
                const std::string& dir, std::string& error) {
  auto link = scaleout::NatsLink::connect(servers, error);
  if (!link) return false;
  std::vector<Command> commands;
  std::vector<Event> events;
  const bool read =
      scaleout::read_stream(link->jetstream(), scaleout::command_stream(shard), scaleout::command_subject(shard),
                            [&](std::uint64_t, std::span<const std::byte> bytes) {
                              Command command{};
                              std::memcpy(&command, bytes.data(), std::min(bytes.size(), sizeof command));
                              commands.push_back(command);
                            }, error) &&
      scaleout::read_stream(link->jetstream(), scaleout::event_stream(shard), scaleout::event_subject(shard),
                            [&](std::uint64_t seq, std::span<const std::byte> bytes) {
                              Event event{};
                              std::memcpy(&event, bytes.data(), std::min(bytes.size(), sizeof event));
                              if (event.seq != seq && error.empty()) {
                                error = fmt::format("event stream {} holds event {} at {}", shard, event.seq, seq);
                              }
                              events.push_back(event);
                            }, error);
  if (!read || !error.empty()) return false;
  return tools::write_command_stream(fmt::format("{}/shard{}.commands", dir, shard), config, commands, error) &&
         tools::write_event_stream(fmt::format("{}/shard{}.events", dir, shard), config, events, error);
}

} // namespace

int gateway_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--nats", "--shards", "--input", "--window", "--rate", "--replicas", "--dump", "--config"}, 0, kUsage, exit_code);
  if (!arguments) return exit_code;
  if (const std::string missing = missing_options(*arguments, {"--nats", "--shards"}); !missing.empty()) {
    return usage_error(missing, kUsage);
  }
  const auto shards = parse_unsigned(*arguments->value("--shards"));
  const auto window = parse_unsigned(arguments->value("--window").value_or("1"));
  const auto replicas = parse_unsigned(arguments->value("--replicas").value_or("1"));
  const auto rate = parse_unsigned(arguments->value("--rate").value_or("0"));
  if (!rate) return usage_error("--rate takes commands per second (0: as fast as the window allows)", kUsage);
  if (!shards || *shards < 1 || *shards > 1024) return usage_error("--shards takes 1..1024", kUsage);
  if (!window || *window < 1) return usage_error("--window takes a number >= 1", kUsage);
  if (!replicas || *replicas < 1 || *replicas > 5) return usage_error("--replicas takes 1..5", kUsage);
  std::string error;
  if (!arguments->has("--input")) {
    const auto config = config_from_name(arguments->value("--config").value_or("hw"));
    if (!config) return usage_error("--config takes hw or cpu", kUsage);
    if (!arguments->has("--dump")) return usage_error("give --input, --dump or both", kUsage);
    for (std::uint32_t shard = 0; shard < *shards; ++shard) {
      if (!dump_shard(std::string(*arguments->value("--nats")), shard, *config,
                      std::string(*arguments->value("--dump")), error)) {
        fmt::print(stderr, "twinmatch gateway: dumping shard {}: {}\n", shard, error);
        return 1;
      }
    }
    return 0;
  }
  tools::CommandStream input;
  if (!tools::read_command_stream(std::string(*arguments->value("--input")), input, error)) {
    fmt::print(stderr, "twinmatch gateway: {}\n", error);
    return kExitUsage;
  }
  scaleout::GatewayOptions options;
  options.servers = std::string(*arguments->value("--nats"));
  options.shards = static_cast<std::uint32_t>(*shards);
  options.config = input.config;
  options.replicas = static_cast<int>(*replicas);
  LatencySink sink(options.shards);
  auto gateway = scaleout::Gateway::open(options, &sink, error);
  if (!gateway) {
    fmt::print(stderr, "twinmatch gateway: {}\n", error);
    return kExitUsage;
  }

  std::unordered_map<std::uint32_t, std::uint64_t> client_of_handle;
  std::uint64_t next_client = 1;
  std::uint64_t refused = 0;
  std::uint64_t symbol_wide = 0;
  std::vector<scaleout::Ticket> last_ticket(options.shards);
  const auto start = Clock::now();
  std::uint64_t offered = 0;
  for (const Command& command : input.commands) {
    if (*rate != 0) {
      const auto due = start + std::chrono::nanoseconds(offered * 1'000'000'000 / *rate);
      while (Clock::now() < due) std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    ++offered;
    sink.wait_for_room(*window);
    scaleout::Ticket ticket;
    const auto opcode = static_cast<Opcode>(command.opcode);
    const auto sent_at = Clock::now();
    if (opcode == Opcode::NewOrder) {
      host::OrderRequest request;
      request.side = static_cast<Side>(command.side);
      request.type = static_cast<OrderType>(command.order_type);
      request.tif = static_cast<TimeInForce>(command.tif);
      request.stp = static_cast<StpMode>(command.stp);
      request.post_only = (command.flags & kFlagPostOnly) != 0;
      request.symbol = command.symbol;
      request.price = command.price;
      request.quantity = command.quantity;
      request.account = command.account;
      // aux is a stop order's stop price or an iceberg's peak (docs/protocol.md).
      const bool stop = request.type == OrderType::Stop || request.type == OrderType::StopLimit;
      request.stop_price = stop ? command.aux : 0;
      request.display_quantity = !stop && (command.flags & kFlagIceberg) != 0 ? command.aux : 0;
      client_of_handle[command.handle] = next_client;
      ticket = gateway->new_order(next_client++, request);
    } else if (opcode == Opcode::Cancel || opcode == Opcode::Modify) {
      const auto client = client_of_handle.find(command.handle);
      if (client == client_of_handle.end()) {
        ++refused;
        continue;
      }
      ticket = opcode == Opcode::Cancel ? gateway->cancel(client->second)
                                        : gateway->modify(client->second, command.price, command.quantity, command.aux);
    } else if (opcode == Opcode::MassCancel) {
      const bool by_account = (command.flags & kFlagByAccount) != 0;
      ticket = gateway->mass_cancel(command.symbol, by_account ? std::optional(command.account) : std::nullopt);
      ++symbol_wide;
    } else if (opcode == Opcode::Snapshot) {
      ticket = gateway->snapshot(command.symbol, command.depth);
      ++symbol_wide;
    } else if (opcode == Opcode::SetBand) {
      ticket = gateway->set_band(command.symbol, command.price);
      ++symbol_wide;
    } else {
      ++refused; // not a client command (an opcode the protocol does not define)
      continue;
    }
    if (ticket.status == host::SubmitStatus::Fault) break;
    if (ticket.status != host::SubmitStatus::Ok) {
      ++refused;
      continue;
    }
    sink.sent(ticket.shard, ticket.cmd_seq, sent_at);
    last_ticket[ticket.shard] = ticket;
  }
  // Every command acknowledged (stored by its stream), then every command's events received.
  bool complete = gateway->failure().empty();
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  for (const scaleout::Ticket& ticket : last_ticket) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (ticket.cmd_seq != 0 && !gateway->acknowledged(ticket, std::max(left, std::chrono::milliseconds(1)))) {
      complete = false;
    }
  }
  for (std::uint32_t shard = 0; complete && shard < options.shards; ++shard) {
    while (sink.completed(shard) < last_ticket[shard].cmd_seq && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (sink.completed(shard) < last_ticket[shard].cmd_seq) complete = false;
  }
  const auto results = sink.results();
  std::vector<double> all;
  fmt::print("{} commands in, {} not sent (the gateway refused: unknown order, duplicate id or no handle; "
             "or not a protocol opcode), "
             "{} symbol-wide (mass cancel, snapshot, band) sent; window {}\n",
             input.commands.size(), refused, symbol_wide, *window);
  std::uint64_t total = 0;
  auto end = start;
  for (std::uint32_t shard = 0; shard < options.shards; ++shard) {
    const auto& state = results[shard];
    end = std::max(end, state.last_completion);
    total += state.completed;
    all.insert(all.end(), state.latency_ns.begin(), state.latency_ns.end());
  }
  const double seconds = std::chrono::duration<double>(end - start).count();
  for (std::uint32_t shard = 0; shard < options.shards; ++shard) {
    const auto& state = results[shard];
    fmt::print("shard {}: {} commands acknowledged, {} completed; {:.0f} commands/s; latency p50 {:.1f} us, "
               "p99 {:.1f} us\n",
               shard, last_ticket[shard].cmd_seq, state.completed,
               seconds > 0 ? static_cast<double>(state.completed) / seconds : 0,
               percentile(state.latency_ns, 0.5) / 1e3, percentile(state.latency_ns, 0.99) / 1e3);
  }
  fmt::print("all: {} commands in {:.3f} s, {:.0f} commands/s; latency p50 {:.1f} us, p99 {:.1f} us\n", total,
             seconds, seconds > 0 ? static_cast<double>(total) / seconds : 0, percentile(all, 0.5) / 1e3,
             percentile(all, 0.99) / 1e3);
  gateway.reset();
  if (!complete) {
    fmt::print(stderr, "twinmatch gateway: not every command was acknowledged and answered{}\n",
               error.empty() ? "" : ": " + error);
    return 1;
  }
  if (const auto dir = arguments->value("--dump")) {
    for (std::uint32_t shard = 0; shard < options.shards; ++shard) {
      if (!dump_shard(options.servers, shard, input.config, std::string(*dir), error)) {
        fmt::print(stderr, "twinmatch gateway: dumping shard {}: {}\n", shard, error);
        return 1;
      }
    }
  }
  return 0;
}

} // namespace twinmatch::cli
