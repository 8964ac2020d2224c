// The crash test: starts durable_crash_child again and again, with the sw engine and the
// reference model in turn, kills it with SIGKILL at random moments, and checks that
//   - every command a child acknowledged (fdatasync'ed under the group policy, or by the flusher
//     thread of the pipelined policy, which every third child uses) is in the journal the next
//     child recovers, and the journal is exactly the generated stream's prefix;
//   - every event any child emitted, replayed or new, equals the uninterrupted run's event with
//     that sequence number, byte for byte;
//   - the last child, left to run to a command a little past the last acknowledged one, ends
//     with the uninterrupted run's state hash there and emitted, from its recovery point on,
//     exactly the uninterrupted run's events.
// Exit status 0 when all holds; the summary goes to stdout.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "generated_runs.hpp"
#include "temp_dir.hpp"
#include "twinmatch/durable/durable_engine.hpp"
#include "twinmatch/tools/generator.hpp"

namespace {

using namespace twinmatch;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kCommands = 100000; // more than the killed children ever get through
constexpr std::uint64_t kFinalStretch = 2000;  // commands the last child runs past the last ack
constexpr std::uint64_t kSeed = 2024;
constexpr std::uint64_t kBatch = 16;
constexpr std::uint64_t kSnapshotEvery = 500;
constexpr std::uint64_t kSegmentRecords = 1000; // small: kills land in rotations and compactions
constexpr std::chrono::milliseconds kChildLimit{60000}; // killed (and failed) if it takes longer

struct ChildRun {
  bool recovered = false;
  std::uint64_t journal_commands = 0;
  std::uint64_t snapshot_seq = 0;
  std::uint64_t tail_bytes_cut = 0;
  std::uint64_t last_ack = 0;
  std::string done_hash;
  bool exited_cleanly = false;
};

void parse_line(const std::string& line, ChildRun& run) {
  unsigned long long a = 0, b = 0, c = 0, d = 0;
  char hash[17] = {};
  if (std::sscanf(line.c_str(), "recovered %llu %llu %llu %llu", &a, &b, &c, &d) == 4) {
    run.recovered = true;
    run.journal_commands = a;
    run.snapshot_seq = b;
    run.tail_bytes_cut = d;
  } else if (std::sscanf(line.c_str(), "ack %llu", &a) == 1) {
    run.last_ack = a;
  } else if (std::sscanf(line.c_str(), "done %16s", hash) == 1) {
    run.done_hash = hash;
  }
}

// When to kill a child: during its start-up and recovery (`delay` after it started), or once it
// has acknowledged `commands` more commands than it recovered, `delay` later. Counting commands
// rather than time keeps every child's progress bounded however fast the disk syncs.
struct KillPlan {
  bool during_startup;
  std::chrono::milliseconds delay;
  std::uint64_t commands = 0;
};

// Runs the child and kills it with SIGKILL as planned unless it ends first.
ChildRun run_child(const std::string& binary, const std::vector<std::string>& args,
                   const KillPlan& plan) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) std::abort();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    std::_Exit(127);
  }
  ::close(pipe_fds[1]);
  auto deadline = Clock::now() + (plan.during_startup ? plan.delay : kChildLimit);
  bool armed = plan.during_startup;
  ChildRun run;
  std::string pending;
  bool killed = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (!killed && left.count() <= 0) {
      ::kill(pid, SIGKILL); // then read what it wrote before it died, up to end of file
      killed = true;
    }
    pollfd poll_fd{pipe_fds[0], POLLIN, 0};
    ::poll(&poll_fd, 1, killed ? 1000 : static_cast<int>(std::max<long>(left.count(), 0)));
    if ((poll_fd.revents & (POLLIN | POLLHUP)) == 0) continue;
    char buffer[4096];
    const ssize_t got = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (got <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(got));
    for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
      parse_line(pending.substr(0, end), run);
      pending.erase(0, end + 1);
      if (!armed && run.recovered && run.last_ack >= run.journal_commands + plan.commands) {
        deadline = Clock::now() + plan.delay;
        armed = true;
      }
    }
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.exited_cleanly = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return run;
}

std::vector<Event> read_events(const std::string& path) {
  std::vector<Event> events;
  if (FILE* file = std::fopen(path.c_str(), "rb")) {
    Event event;
    while (std::fread(&event, sizeof event, 1, file) == 1) events.push_back(event); // drops a torn tail
    std::fclose(file);
  }
  return events;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: durable_crash_test CHILD_BINARY [KILLS]\n");
    return 2;
  }
  const std::string child = argv[1];
  const int kills = argc > 2 ? std::atoi(argv[2]) : 30;
  const auto started = Clock::now();

  const std::vector<Command> commands =
      tools::generate(kHardwareConfig, tools::Scenario::Volatile, kSeed, kCommands);

  test::TempDir dir;
  const std::string journal = dir.file("journal");
  std::mt19937_64 random(kSeed);
  std::uniform_int_distribution<int> startup_ms(1, 40);
  std::uniform_int_distribution<int> extra_ms(0, 5);
  std::uniform_int_distribution<std::uint64_t> progress(1, 40 * kBatch);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<std::string> failures;
  std::uint64_t acknowledged = 0; // the highest seq any child acknowledged
  int kills_done = 0;
  std::uint64_t until = kCommands;
  std::string final_hash = "none";
  std::uint64_t final_recovered = 0;
  std::uint64_t final_snapshot = 0;
  std::uint64_t acknowledged_before_final = 0;
  int recoveries_checked = 0; // starts that reported a recovery, each checked against the acks
  int found_unacknowledged = 0; // of those, how many found commands journaled but never acknowledged
  int torn_tails = 0;           // and how many cut a torn tail
  std::vector<std::string> event_files;

  for (int attempt = 0; attempt <= kills; ++attempt) {
    const bool last = attempt == kills;
    if (last) until = std::min(kCommands, acknowledged + kFinalStretch);
    event_files.push_back(dir.file(fmt::format("events-{}.bin", attempt)));
    // The engines take turns: each recovers what the other journaled and snapshotted.
    const std::vector<std::string> args{"--engine", attempt % 2 == 0 ? "sw" : "ref", "--until", std::to_string(until),
        "--journal", journal, "--events", event_files.back(), "--commands", std::to_string(kCommands),
        "--seed", std::to_string(kSeed), "--batch", std::to_string(kBatch), "--snapshot-every",
        std::to_string(kSnapshotEvery), "--segment-records", std::to_string(kSegmentRecords),
        "--sync", attempt % 3 == 2 ? "pipelined" : "group"};
    // One kill in five lands during start-up and recovery, the rest while it journals batches.
    KillPlan plan{false, kChildLimit, kCommands}; // the last child is left to finish
    if (!last && percent(random) < 20) plan = {true, std::chrono::milliseconds(startup_ms(random))};
    if (!last && !plan.during_startup) {
      plan = {false, std::chrono::milliseconds(extra_ms(random)), progress(random)};
    }
    const std::uint64_t acknowledged_before = acknowledged;
    const ChildRun run = run_child(child, args, plan);
    if (!run.recovered) {
      // Killed before it could even report recovery: nothing to check but the next start.
      fmt::print("start {:2}: SIGKILL before it reported its recovery\n", attempt);
      if (last) failures.push_back("the last child never reported its recovery");
      ++kills_done;
      continue;
    }
    ++recoveries_checked;
    if (run.journal_commands > acknowledged_before) ++found_unacknowledged;
    if (run.tail_bytes_cut > 0) ++torn_tails;
    if (run.journal_commands < acknowledged_before) {
      failures.push_back(fmt::format("start {}: recovered {} commands but {} were acknowledged",
                                     attempt, run.journal_commands, acknowledged_before));
    }
    fmt::print("start {:2}: recovered {:6} commands (snapshot {:6}), acknowledged up to {:6}{}\n",
               attempt, run.journal_commands, run.snapshot_seq, run.last_ack,
               last ? ", ran to the end" : ", then SIGKILL");
    acknowledged = std::max(acknowledged, run.last_ack);
    if (!last) {
      if (!run.done_hash.empty()) failures.push_back("a child finished before its kill: raise kCommands");
      ++kills_done;
      continue;
    }
    if (!run.exited_cleanly) failures.push_back("the last child failed");
    final_recovered = run.journal_commands;
    final_snapshot = run.snapshot_seq;
    acknowledged_before_final = acknowledged_before;
    final_hash = run.done_hash;
  }

  // The uninterrupted run, up to where the last child stopped.
  const test::UninterruptedRun uninterrupted(kHardwareConfig, std::span(commands).first(until));
  const std::string expected_hash = fmt::format("{:016x}", uninterrupted.hash_after.at(until));
  if (final_hash != expected_hash) {
    failures.push_back(fmt::format("final state hash {} != uninterrupted {}", final_hash, expected_hash));
  }
  const std::vector<Event> tail = read_events(event_files.back());
  const auto expected = uninterrupted.events_of(final_snapshot, until);
  if (tail.size() != expected.size() ||
      std::memcmp(tail.data(), expected.data(), expected.size_bytes()) != 0) {
    failures.push_back("the last child's events differ from the uninterrupted run's");
  }

  durable::JournalScan scan;
  std::string error;
  if (!durable::scan_journal(journal, scan, error)) {
    failures.push_back(error);
  } else if (scan.next_seq() != until + 1 ||
             std::memcmp(scan.commands.data(), commands.data() + (scan.first_seq - 1),
                         scan.commands.size() * sizeof(Command)) != 0) {
    failures.push_back("the final journal is not the generated stream's first commands");
  }
  std::size_t events_checked = 0;
  for (const std::string& file : event_files) {
    for (const Event& event : read_events(file)) {
      ++events_checked;
      if (event.cmd_seq > until) continue; // beyond the uninterrupted run computed here
      if (event.seq == 0 || event.seq > uninterrupted.events.size() ||
          std::memcmp(&event, &uninterrupted.events[event.seq - 1], sizeof event) != 0) {
        failures.push_back(fmt::format("{}: event seq {} differs from the uninterrupted run", file,
                                       event.seq));
        break;
      }
    }
  }

  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  fmt::print("{} SIGKILLs; {} restarts checked to recover every command acknowledged before them "
             "({} found journaled but unacknowledged commands, {} cut a torn tail; last: {} "
             "acknowledged, {} recovered); {} emitted events compared byte for byte; "
             "final state hash after command {} {} (uninterrupted {}); {:.1f} s: {}\n",
             kills_done, recoveries_checked, found_unacknowledged, torn_tails,
             acknowledged_before_final, final_recovered,
             events_checked, until, final_hash, expected_hash, seconds, failures.empty() ? "PASS" : "FAIL");
  for (const std::string& failure : failures) fmt::print("FAIL: {}\n", failure);
  return failures.empty() ? 0 : 1;
}
