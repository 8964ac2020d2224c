// The process the crash test kills: runs a generated session through a durable engine (the
// reference model or the sw engine's core, --engine ref|sw; --sync group (default) or pipelined),
// recovering first from whatever the last one left in the journal.
// stdout, one line each, flushed at once (the driver reads them through a pipe):
//   recovered <last journaled seq> <snapshot seq> <replayed> <tail bytes zeroed>   after recovery
//   ack <seq>                        after each batch: the last command synced (under pipelined
//                                    sync it may lag behind the batches submitted)
//   done <state hash, hex>                                  after command --until
// Every event it emits (replayed ones included) is appended to --events, 64 bytes each.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <unistd.h>

#include "generated_runs.hpp"
#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/durable/sw_core_engine.hpp"
#include "twinmatch/tools/generator.hpp"

namespace {

using namespace twinmatch;

struct Options {
  std::string journal;
  std::string events;
  std::string engine = "ref";
  std::uint64_t commands = 0; // the generated stream's length
  std::uint64_t until = 0;    // stop after this command; 0: the end of the stream
  std::uint64_t seed = 1;
  std::uint64_t batch = 16;
  std::uint64_t snapshot_every = 0;
  std::uint32_t segment_records = durable::kDefaultSegmentRecords;
  durable::SyncPolicy sync = durable::SyncPolicy::Group;
};

bool parse(int argc, char** argv, Options& options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--journal") options.journal = value;
    else if (name == "--events") options.events = value;
    else if (name == "--engine") options.engine = value;
    else if (name == "--commands") options.commands = std::stoull(value);
    else if (name == "--until") options.until = std::stoull(value);
    else if (name == "--seed") options.seed = std::stoull(value);
    else if (name == "--batch") options.batch = std::stoull(value);
    else if (name == "--snapshot-every") options.snapshot_every = std::stoull(value);
    else if (name == "--sync" && durable::sync_policy_from_name(value)) {
      options.sync = *durable::sync_policy_from_name(value);
    } else if (name == "--segment-records") {
      options.segment_records = static_cast<std::uint32_t>(std::stoul(value));
    } else {
      return false;
    }
  }
  return argc % 2 == 1 && !options.journal.empty() && !options.events.empty() &&
         options.commands > 0 && options.batch > 0 &&
         (options.engine == "ref" || options.engine == "sw");
}

bool append_events(int fd, std::span<const Event> events) {
  const auto* bytes = reinterpret_cast<const char*>(events.data());
  std::size_t left = events.size_bytes();
  while (left > 0) {
    const ssize_t written = ::write(fd, bytes, left);
    if (written <= 0) return false;
    bytes += written;
    left -= static_cast<std::size_t>(written);
  }
  return true;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "durable_crash_child: %s\n", message.c_str());
  return 1;
}

} // namespace

template <class Engine>
int run(const Options& options) {
  const CoreConfig core = kHardwareConfig;
  const std::vector<Command> commands =
      tools::generate(core, tools::Scenario::Volatile, options.seed, options.commands);
  const int events_fd = ::open(options.events.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (events_fd < 0) return fail("cannot open " + options.events);

  durable::RecoveryReport report;
  std::vector<Event> events;
  std::string error;
  const durable::DurableOptions durable_options{.sync = options.sync,
                                                .snapshot_every = options.snapshot_every,
                                                .segment_records = options.segment_records};
  auto engine = durable::DurableEngine<Engine>::open(options.journal, core, test::test_terms(core),
                                                     durable_options, report, &events, error);
  if (!engine) return fail(error);
  for (const std::string& note : report.notes) std::fprintf(stderr, "recovery: %s\n", note.c_str());
  if (!append_events(events_fd, events)) return fail("cannot write events");
  std::printf("recovered %llu %llu %llu %llu\n",
              static_cast<unsigned long long>(report.journal_first + report.journal_commands - 1),
              static_cast<unsigned long long>(report.snapshot_seq),
              static_cast<unsigned long long>(report.replayed),
              static_cast<unsigned long long>(report.truncated_bytes));
  std::fflush(stdout);

  const std::uint64_t until =
      options.until == 0 ? commands.size() : std::min<std::uint64_t>(options.until, commands.size());
  for (std::uint64_t next = engine->acknowledged_seq(); next < until;) {
    const std::uint64_t size = std::min<std::uint64_t>(options.batch, until - next);
    events.clear();
    if (!engine->submit(std::span(commands).subspan(next, size), events, error)) return fail(error);
    next += size;
    // Acknowledge only what is fdatasync'ed: all of this batch under group commit.
    std::printf("ack %llu\n", static_cast<unsigned long long>(engine->acknowledged_seq()));
    std::fflush(stdout);
    if (!append_events(events_fd, events)) return fail("cannot write events");
  }
  if (!engine->wait_acknowledged(engine->applied_seq(), error)) return fail(error);
  std::printf("ack %llu\n", static_cast<unsigned long long>(engine->acknowledged_seq()));
  std::printf("done %016llx\n", static_cast<unsigned long long>(engine->state_hash()));
  std::fflush(stdout);
  ::close(events_fd);
  return 0;
}

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    return fail("usage: --journal DIR --events FILE --commands N [--until N] [--seed S] "
                "[--batch B] [--snapshot-every K] [--segment-records R] [--engine ref|sw] "
                "[--sync group|pipelined]");
  }
  return options.engine == "sw" ? run<durable::SwCoreEngine>(options)
                                : run<durable::ReferenceEngine>(options);
}
