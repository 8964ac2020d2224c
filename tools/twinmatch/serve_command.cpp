// twinmatch serve: one shard's engine on NATS JetStream, primary or hot standby
// (host/scaleout, docs/scale-out.md).
#include <csignal>
#include <unistd.h>

#include <fmt/format.h>

#include "arguments.hpp"
#include "subcommands.hpp"
#include "twinmatch/scaleout/shard_server.hpp"

namespace twinmatch::cli {
namespace {

constexpr std::string_view kUsage =
    "  twinmatch serve --nats URL[,URL...] --shard N [--backend NAME] [--opt KEY=VALUE ...]\n"
    "                  [--config hw|cpu] [--name ID] [--lease-ms N] [--replicas N]\n"
    "                  [--journal DIR [--snapshot-every N]]\n"
    "  Replays shard N's command stream (TM_CMD_<N>, subject tm.cmd.<N>) from its first command\n"
    "  through the backend (default sw) and publishes the events to TM_EVT_<N> (tm.evt.<N>) while\n"
    "  it holds the shard's lease (KV bucket tm_leases, TTL --lease-ms, default 2000); otherwise\n"
    "  it is a hot standby. --replicas: of the streams and the bucket if this creates them (1).\n"
    "  --journal DIR (backends ref and sw): journals what the engine applies and snapshots every\n"
    "  N commands (65536); a restart recovers from DIR and reads the command stream from the\n"
    "  command after the last one recovered.\n"
    "  Stops cleanly on SIGTERM or SIGINT.\n";

std::atomic<bool> g_stop{false};

extern "C" void request_stop(int) { g_stop.store(true); }

} // namespace

int serve_main(std::span<const std::string_view> args) {
  int exit_code = 0;
  const auto arguments = parse_subcommand(
      args, {"--nats", "--shard", "--backend", "--opt", "--config", "--name", "--lease-ms", "--replicas",
             "--journal", "--snapshot-every"},
      0,
      kUsage, exit_code);
  if (!arguments) return exit_code;
  if (const std::string missing = missing_options(*arguments, {"--nats", "--shard"}); !missing.empty()) {
    return usage_error(missing, kUsage);
  }
  scaleout::ServeOptions options;
  options.servers = std::string(*arguments->value("--nats"));
  const auto shard = parse_unsigned(*arguments->value("--shard"));
  const auto lease_ms = parse_unsigned(arguments->value("--lease-ms").value_or("2000"));
  const auto replicas = parse_unsigned(arguments->value("--replicas").value_or("1"));
  const auto snapshot_every = parse_unsigned(arguments->value("--snapshot-every").value_or("65536"));
  const auto config = config_from_name(arguments->value("--config").value_or("hw"));
  if (!shard || *shard > 65535) return usage_error("--shard takes a number 0..65535", kUsage);
  if (!lease_ms || *lease_ms < 100) return usage_error("--lease-ms takes a number of ms >= 100", kUsage);
  if (!replicas || *replicas < 1 || *replicas > 5) return usage_error("--replicas takes 1..5", kUsage);
  if (!config) return usage_error("--config takes hw or cpu", kUsage);
  if (!snapshot_every || *snapshot_every == 0) return usage_error("--snapshot-every takes a number >= 1", kUsage);
  if (arguments->has("--snapshot-every") && !arguments->has("--journal")) {
    return usage_error("--snapshot-every needs --journal", kUsage);
  }
  std::string error;
  if (!parse_backend_options(arguments->values("--opt"), options.backend_options, error)) {
    return usage_error(error, kUsage);
  }
  if (arguments->has("--journal") && !options.backend_options.empty()) {
    return usage_error("--journal runs the durable engine of ref or sw, which takes no --opt", kUsage);
  }
  options.shard = static_cast<std::uint32_t>(*shard);
  options.backend = std::string(arguments->value("--backend").value_or("sw"));
  options.config = *config;
  options.holder = std::string(arguments->value("--name").value_or(fmt::format("pid{}", getpid())));
  options.lease_ttl = std::chrono::milliseconds(*lease_ms);
  options.replicas = static_cast<int>(*replicas);
  options.journal_dir = std::string(arguments->value("--journal").value_or(""));
  options.snapshot_every = *snapshot_every;
  options.log = [](const std::string& line) {
    fmt::print("{}\n", line);
    std::fflush(stdout);
  };
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  const int status = scaleout::serve(options, g_stop, error);
  if (status != 0) fmt::print(stderr, "twinmatch serve: {}\n", error);
  return status;
}

} // namespace twinmatch::cli
