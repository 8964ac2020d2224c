// Seeded, deterministic command streams for tests, benchmarks and the demo.
// The same (config, scenario, seed, count) gives the same bytes on every compiler and standard
// library: the generator uses its own PRNG and integer arithmetic only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <optional>
#include <string_view>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"
#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::tools {

enum class Scenario {
  Quiet,       // a deep book that rarely trades
  Normal,      // a routine session: adds near the touch, cancels, modifies, some aggression
  Volatile,    // the mid price swings by well over 25% of its level; many sweeps
  Adversarial, // sweeps, cancel storms and every kind of bad input the core must reject
  Banded,      // absolute prices far from zero; the mid travels many band widths, the band follows
  Spread,      // the normal mix over every symbol evenly, each symbol's orders on handles
               // h with h % symbols == symbol (a host that keeps a handle pool per symbol)
};

inline constexpr std::array kScenarios{Scenario::Quiet, Scenario::Normal, Scenario::Volatile,
                                       Scenario::Adversarial, Scenario::Banded};
// Scenarios for particular figures, not in the every-scenario loops of the tests: `spread` is the
// symbol lanes' (docs/rtl.md, "Symbol lanes").
inline constexpr std::array kExtraScenarios{Scenario::Spread};

// How the stream's host hands out handles. By default one LIFO free list, the most recently
// freed handle first, whatever the symbol. `handle_lanes` N > 1 keeps a LIFO list per lane of a
// symbol-lane core (docs/rtl.md, "Symbol lanes"): symbol s gets handles h with
// h % N == s % N, so no handle moves between lanes. 1 gives the default stream, byte for byte;
// `spread` keeps its pools per symbol either way. N must be a power of two, at most 256, that
// divides config.handles.
struct GeneratorOptions {
  std::uint32_t handle_lanes = 1;
};
bool valid_handle_lanes(const CoreConfig& config, std::uint32_t handle_lanes);

std::string_view scenario_name(Scenario scenario);
std::optional<Scenario> scenario_from_name(std::string_view name);

// Prices scale with config.price_levels (the band width) and handles with config.handles, so a
// scenario means the same for kHardwareConfig and kCpuConfig. Every scenario but `banded` keeps
// each book's band at base 0 (the adversarial one moves it now and then). The config needs 1 to 65536 symbols (ids are 16
// bits), at least 8 price levels, 16 handles and a max_quantity of 1; others get an empty stream.
// An invalid options.handle_lanes gives an empty stream.
std::vector<Command> generate(const CoreConfig& config, Scenario scenario, std::uint64_t seed,
                              std::size_t count, GeneratorOptions options = {});

class StreamGenerator;

// The stream generate() returns, made a chunk at a time: memory stays bounded whatever the count.
class GeneratedCommands final : public CommandInput {
public:
  GeneratedCommands(const CoreConfig& config, Scenario scenario, std::uint64_t seed,
                    std::size_t count, GeneratorOptions options = {});
  ~GeneratedCommands() override;
  std::span<const Command> next_chunk() override;
  std::uint64_t total() const override { return total_; }

private:
  std::uint64_t total_;
  std::unique_ptr<StreamGenerator> generator_;
  std::vector<Command> chunk_;
};

} // namespace twinmatch::tools
