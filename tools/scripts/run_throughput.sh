#!/bin/sh
# Whole-process throughput of `twinmatch run --backend sw`, file to file, beside its floors:
# the same run with the events thrown away (/dev/null), and writing the same number of event
# bytes with dd the way run writes them (O_DIRECT, 4 MiB blocks). Interleaved repetitions; prints
# each one and the medians. Usage: tools/scripts/run_throughput.sh [BUILD_DIR] [COUNT] [REPS]
set -eu
build=${1:-build}
count=${2:-10000000}
reps=${3:-5}
twinmatch="$build/bin/twinmatch"
dir=${TMPDIR:-/tmp}/twinmatch_throughput
mkdir -p "$dir"
[ -f "$dir/n.cmds" ] && [ "$(cat "$dir/count" 2>/dev/null)" = "$count" ] ||
  { "$twinmatch" gen --scenario normal --seed 1 --count "$count" -o "$dir/n.cmds" >/dev/null &&
    echo "$count" >"$dir/count"; }
"$twinmatch" run --backend sw --input "$dir/n.cmds" --events "$dir/n.evts" --report "$dir/r.json" >/dev/null
event_bytes=$(stat -c %s "$dir/n.evts")
blocks=$(( (event_bytes + 4194303) / 4194304 ))

seconds() { # the wall seconds of a command, from GNU time's format
  /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$dir/file"; : >"$dir/null"; : >"$dir/dd"
i=0
while [ $i -lt "$reps" ]; do
  rm -f "$dir/n.evts" "$dir/dd.out"
  f=$(seconds "$twinmatch" run --backend sw --input "$dir/n.cmds" --events "$dir/n.evts")
  n=$(seconds "$twinmatch" run --backend sw --input "$dir/n.cmds" --events /dev/null)
  d=$(seconds dd if=/dev/zero of="$dir/dd.out" bs=4M count="$blocks" oflag=direct status=none)
  echo "rep $i: run to a file $f s, run to /dev/null $n s, dd of the event bytes $d s"
  echo "$f" >>"$dir/file"; echo "$n" >>"$dir/null"; echo "$d" >>"$dir/dd"
  i=$((i + 1))
done
rm -f "$dir/n.evts" "$dir/dd.out"
for what in file null dd; do
  m=$(median <"$dir/$what")
  echo "median $what: $m s, $(awk -v c="$count" -v s="$m" 'BEGIN { printf "%.1f", c / s / 1e6 }') M commands/s"
done
echo "($count commands, $event_bytes bytes of events)"
