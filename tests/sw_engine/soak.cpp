// Long differential run for manual use: every scenario, new seeds, until time is up.
//   sw_engine_soak [seconds=60] [commands_per_run=100000] [first_seed=1000]
// Exits 1 with the first difference, 0 after the time with a count of commands compared.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "differential.hpp"
#include "scenarios.hpp"

int main(int argc, char** argv) {
  using namespace twinmatch::sw_test;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
  const std::size_t per_run = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
  std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000;
  if (seconds <= 0 || per_run == 0) {
    std::fprintf(stderr, "usage: %s [seconds>0] [commands_per_run>0] [first_seed]\n", argv[0]);
    return 2;
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::uint64_t commands = 0;
  std::uint64_t events = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    for (const Scenario& scenario : scenarios()) {
      RandomStream stream(scenario.config, scenario.shape, seed);
      const auto batch = stream.take(per_run);
      const DiffResult result = diff_against_reference(scenario.config, batch);
      if (result.mismatch) {
        std::printf("FAIL scenario %s seed %llu\n%s", std::string(scenario.name).c_str(),
                    static_cast<unsigned long long>(seed), result.mismatch->c_str());
        return 1;
      }
      commands += batch.size();
      events += result.events;
    }
    ++seed;
  }
  std::printf("ok: %llu commands, %llu events identical to the reference model (seeds up to %llu)\n",
              static_cast<unsigned long long>(commands), static_cast<unsigned long long>(events),
              static_cast<unsigned long long>(seed - 1));
  return 0;
}
