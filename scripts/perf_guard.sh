#!/usr/bin/env bash
# CI performance guard: instructions per command of each backend listed in the baseline file,
# counted by callgrind on a fixed generated stream (bench/suite/instruction_probe.cpp), must stay
# within the baseline's tolerance. Instruction counts do not depend on the clock or on other
# jobs, so the guard is stable on a shared 2-core machine where wall time is not.
#
# usage: perf_guard.sh PROBE_BINARY BASELINE_FILE [--update]
#   BASELINE_FILE lines: "tolerance_percent T", "commands N", "BACKEND INSTRUCTIONS_PER_COMMAND"
#   --update rewrites the backends' figures with the measured ones (after a deliberate change).
set -euo pipefail

probe=$1
baseline=$2
update=${3:-}
command -v valgrind >/dev/null || { echo "perf_guard: valgrind is not installed" >&2; exit 1; }

tolerance=$(awk '$1 == "tolerance_percent" { print $2 }' "$baseline")
commands=$(awk '$1 == "commands" { print $2 }' "$baseline")
backends=$(awk '$1 !~ /^#/ && $1 != "tolerance_percent" && $1 != "commands" && NF == 2 { print $1 }' "$baseline")
[ -n "$tolerance" ] && [ -n "$commands" ] && [ -n "$backends" ] \
  || { echo "perf_guard: $baseline needs tolerance_percent, commands and backend lines" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for backend in $backends; do
  valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$work/$backend.out" \
    "$probe" "$backend" "$commands" >"$work/$backend.log" 2>&1 \
    || { cat "$work/$backend.log" >&2; echo "perf_guard: $backend: the probe failed" >&2; exit 1; }
  # Dumps: <file>.1 is the empty run, <file>.2 the full stream.
  empty=$(awk '$1 == "summary:" || $1 == "totals:" { print $2; exit }' "$work/$backend.out.1")
  full=$(awk '$1 == "summary:" || $1 == "totals:" { print $2; exit }' "$work/$backend.out.2")
  measured=$(awk -v e="$empty" -v f="$full" -v n="$commands" 'BEGIN { printf "%.1f", (f - e) / n }')
  expected=$(awk -v b="$backend" '$1 == b { print $2 }' "$baseline")
  verdict=$(awk -v m="$measured" -v x="$expected" -v t="$tolerance" 'BEGIN {
    change = (m - x) / x * 100
    printf "%+.2f%% %s", change, (change > t || change < -t) ? "FAIL" : "ok" }')
  echo "perf_guard: $backend: $measured instructions/command (baseline $expected, tolerance +-$tolerance%): $verdict"
  case $verdict in
    *FAIL)
      status=1
      echo "perf_guard: $backend moved beyond the tolerance. If the change is deliberate (or an" \
           "improvement), update the baseline: $0 $probe $baseline --update" >&2 ;;
  esac
  if [ "$update" = "--update" ]; then
    sed -i "s/^$backend .*/$backend $measured/" "$baseline"
  fi
done
[ "$update" = "--update" ] && { echo "perf_guard: baseline updated"; exit 0; }
exit $status
