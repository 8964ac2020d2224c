#!/usr/bin/env bash
# CI guard on the sw engine's batch prefetches: in the disassembly of bench/prefetch_probe.cpp,
# the batch call (twinmatch_probe_batch, and sw::Core's batch apply if it calls it) holds a
# command's handling twice (the loop that prefetches ahead, and the rest of a run), so it must
# have at least twice the prefetch instructions of the one-command call (twinmatch_probe_one)
# plus two: the look-ahead hints for a later command's level and order slot. (g++ 12 and
# clang++ 14 both give 6 and 2.)
#
# usage: prefetch_guard.sh PROBE_BINARY
set -euo pipefail

probe=$1
command -v objdump >/dev/null || { echo "prefetch_guard: objdump (binutils) is not installed" >&2; exit 1; }

listing=$(mktemp)
trap 'rm -f "$listing"' EXIT
objdump -d -C --no-show-raw-insn "$probe" >"$listing"

# Prefetch instructions in the functions whose header line matches the pattern.
prefetches() {
  awk -v pattern="$1" '
    /^[0-9a-f]+ <.*>:$/ { inside = $0 ~ pattern; next }
    inside && /\tprefetch/ { n++ }
    END { print n + 0 }' "$listing"
}

one=$(prefetches '<twinmatch_probe_one>:|Core<twinmatch::sw::RingSink>::apply\(twinmatch::Command const&\)')
batch=$(prefetches '<twinmatch_probe_batch>:|Core<twinmatch::sw::RingSink>::apply\(std::span<')
echo "prefetch instructions: batch call $batch, one-command call $one"
if [ "$batch" -lt $((2 * one + 2)) ]; then
  echo "prefetch_guard: the batch call has lost its look-ahead prefetches (see docs/profiling.md," >&2
  echo "'sw_engine on a big book'): objdump -d -C $probe" >&2
  exit 1
fi
