// The drop-in benchmark (bench/venue): every venue session through the C ABI and through
// MatchingEngine, for the Google Benchmark suite (BM_DropIn/<session>/<api>) and for
// `twinmatch report` (the C ABI, judged against bench/targets.json's dropin_* targets).
#pragma once

#include <span>

#include "twinmatch/bench/report.hpp"
#include "venue_session.hpp"

namespace twinmatch::bench {

// Messages per session: every session is this long.
inline constexpr std::size_t kDropInMessages = 2'000'000;
inline constexpr std::uint64_t kDropInSeed = 16;

// The session's messages, generated once per process.
std::span<const venue::Message> drop_in_session(venue::Session session);

void register_drop_in_benchmarks();

// Adds the sw backend's dropin_* results: per session, and the worst session of each repetition
// (dropin_min_messages_per_s, dropin_max_p50_ns, ...), which the targets judge.
void measure_drop_in_sessions(int repetitions, ReportData& report, std::FILE* progress);

std::string describe_drop_in();

} // namespace twinmatch::bench
