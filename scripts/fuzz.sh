#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 (ASan + UBSan) into build-fuzz/ and runs each for a
# bounded time, starting from the seed corpus in tests/fuzz/corpus. Fails on any crash, leak,
# sanitizer report or divergence; the failing input is left in build-fuzz/findings/TARGET/.
# Copy it into tests/fuzz/regressions/TARGET/ so the normal build replays it from then on.
#   scripts/fuzz.sh [seconds per target, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
build=build-fuzz
targets=(fuzz_stream_decoder fuzz_reference_invariants fuzz_engines_agree fuzz_host_rings
         fuzz_compact_events)

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DTWINMATCH_FUZZ=ON
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

for target in "${targets[@]}"; do
  work="$build/corpus/$target"
  findings="$build/findings/$target"
  mkdir -p "$work" "$findings"
  echo "fuzz: $target for ${seconds}s"
  "$build/bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 "$work" "tests/fuzz/corpus/$target" \
    2>"$build/$target.log" || { tail -40 "$build/$target.log"; exit 1; }
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$build/$target.log" || true
done
echo "fuzz: all targets ran clean"
