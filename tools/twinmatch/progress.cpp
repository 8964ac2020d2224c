#include "progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace twinmatch::cli {
namespace {

constexpr auto kQuietFor = std::chrono::seconds(2);
constexpr auto kEvery = std::chrono::seconds(1);

} // namespace

std::optional<bool> progress_wanted(std::optional<std::string_view> option) {
  const std::string_view value = option.value_or("auto");
  if (value == "auto") return ::isatty(STDERR_FILENO) == 1;
  if (value == "always") return true;
  if (value == "never") return false;
  return std::nullopt;
}

Progress::Progress(std::string label, std::uint64_t total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      next_(start_ + kQuietFor) {}

void Progress::update(std::uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_) return;
  next_ = now + kEvery;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double percent = total_ == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total_);
  fmt::print(stderr, "\r{}: {} of {} commands ({:.0f}%), {:.0f} s", label_, done, total_, percent,
             seconds);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::finish() {
  if (!shown_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

std::span<const Command> CountedInput::next_chunk() {
  const std::span<const Command> chunk = input_.next_chunk();
  progress_.update(taken_);
  taken_ += chunk.size();
  return chunk;
}

} // namespace twinmatch::cli
