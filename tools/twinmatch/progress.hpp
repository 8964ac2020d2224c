// Progress of a long subcommand on stderr: one line rewritten in place, shown from two seconds
// in and updated about once a second, so short runs and scripts see nothing. By default only
// when stderr is a terminal; --progress always|never overrides.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "twinmatch/tools/stream_io.hpp"

namespace twinmatch::cli {

// The --progress value (auto, always or never) as on/off; nothing if it is none of those.
std::optional<bool> progress_wanted(std::optional<std::string_view> option);

class Progress {
public:
  Progress(std::string label, std::uint64_t total, bool enabled);
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::uint64_t done);
  // Clears the line, if one was shown.
  void finish();

private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point next_;
};

// Commands passed through to a run, counted for a Progress as each chunk is taken.
class CountedInput final : public tools::CommandInput {
public:
  CountedInput(tools::CommandInput& input, Progress& progress)
      : input_(input), progress_(progress) {}
  std::span<const Command> next_chunk() override;
  std::uint64_t total() const override { return input_.total(); }

private:
  tools::CommandInput& input_;
  Progress& progress_;
  std::uint64_t taken_ = 0;
};

} // namespace twinmatch::cli
