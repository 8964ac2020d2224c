// The machine and build a report was made on.
#include <chrono>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "build_info.hpp"
#include "git_commit.hpp"
#include "twinmatch/bench/report.hpp"

namespace twinmatch::bench {
namespace {

std::string cpu_model_from_proc() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) break;
    const auto start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? std::string{} : line.substr(start);
  }
  return "unknown (no model name in /proc/cpuinfo)";
}

} // namespace

MachineInfo probe_machine() {
  MachineInfo machine;
  machine.cpu_model = cpu_model_from_proc();
  machine.cores = std::thread::hardware_concurrency();
  machine.compiler = TWINMATCH_BUILD_COMPILER;
  machine.build_type = TWINMATCH_BUILD_TYPE;
  machine.flags = TWINMATCH_BUILD_FLAGS;
  machine.commit = TWINMATCH_GIT_COMMIT;
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  machine.timestamp_utc = fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(now));
  return machine;
}

} // namespace twinmatch::bench
