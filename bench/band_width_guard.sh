#!/usr/bin/env bash
# The band-width guard: the same venue session through the C ABI (bench/venue/drop_in_probe.cpp)
# on a 2^14-tick band and on a 2^32 - 1 tick band must cost the same, by callgrind's counts of
# the measured pass (instructions, and the misses of a modelled 48 KiB L1 and 2 MiB last-level
# data cache): the book's working set follows its live levels, not the band's width. Counts do
# not depend on the clock or on other jobs; the timed form is BM_DropInBand.
#
# usage: band_width_guard.sh PROBE_BINARY [TOLERANCE_PERCENT] [MESSAGES]
set -euo pipefail

probe=$1
tolerance=${2:-5}
messages=${3:-20000}
command -v valgrind >/dev/null || { echo "band_width_guard: valgrind is not installed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "instructions D1-misses LL-misses" per message of the measured pass (dump 2 minus dump 1).
per_message() {
  local session=$1 width=$2 out="$work/$1.$2"
  valgrind --tool=callgrind --collect-atstart=no --cache-sim=yes --D1=49152,12,64 --LL=2097152,16,64 \
    --callgrind-out-file="$out" "$probe" "c_abi.$session" "$messages" "$width" >"$out.log" 2>&1 \
    || { cat "$out.log" >&2; echo "band_width_guard: $session at $width ticks: the probe failed" >&2; exit 1; }
  # Events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
  awk -v n="$messages" '($1 == "summary:" || $1 == "totals:") && !(FILENAME in seen) {
      seen[FILENAME] = 1; for (i = 2; i <= 10; ++i) v[FILENAME, i] = $i; files[++k] = FILENAME }
    END { a = files[1]; b = files[2]
      printf "%.1f %.3f %.3f\n", (v[b,2] - v[a,2]) / n, (v[b,6] + v[b,7] - v[a,6] - v[a,7]) / n,
             (v[b,9] + v[b,10] - v[a,9] - v[a,10]) / n }' "$out.1" "$out.2"
}

status=0
for session in deep_static steady_drift; do
  per_message "$session" 16384 >"$work/narrow"
  per_message "$session" 4294967295 >"$work/wide"
  read -r narrow_ir narrow_d1 narrow_ll <"$work/narrow"
  read -r wide_ir wide_d1 wide_ll <"$work/wide"
  for metric in ir d1 ll; do
    narrow_var="narrow_$metric"; wide_var="wide_$metric"
    verdict=$(awk -v a="${!narrow_var}" -v b="${!wide_var}" -v t="$tolerance" 'BEGIN {
      change = (b - a) / (a < 0.05 ? 0.05 : a) * 100 # misses near zero: compared to 0.05
      printf "%+.2f%% %s", change, (change > t) ? "FAIL" : "ok" }')
    echo "band_width_guard: $session $metric per message: 2^14 band ${!narrow_var}, 2^32 - 1 band ${!wide_var}: $verdict"
    case $verdict in *FAIL) status=1 ;; esac
  done
done
exit $status
