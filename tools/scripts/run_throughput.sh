#!/bin/sh
# Whole-process throughput of `twinmatch run --backend sw`, file to file, beside its floors:
# the same run with the events thrown away (/dev/null), the input read with cat, and writing the
# same number of event bytes with dd (O_DIRECT, 1 MiB blocks one at a time as one dd, and two dd
# writing the two halves at once in 8 MiB blocks, as run's two writer threads keep two in flight). Interleaved repetitions; prints
# each one (wall seconds, and the run's CPU seconds, user + system, which a busy machine does not
# inflate as much) and the medians. Needs GNU time (/usr/bin/time).
# Usage: tools/scripts/run_throughput.sh [BUILD_DIR] [COUNT] [REPS]
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
blocks=$(( (event_bytes + 1048575) / 1048576 ))

seconds() { # "wall cpu" seconds of a command, from GNU time
  /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%s %.2f", $1, $2 + $3 }'
}
median() { # of column $1
  cut -d' ' -f"$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

: >"$dir/file"; : >"$dir/null"; : >"$dir/dd"; : >"$dir/dd2"; : >"$dir/cat"
half=$(( (blocks + 15) / 16 ))
i=0
while [ $i -lt "$reps" ]; do
  rm -f "$dir/n.evts" "$dir/dd.out"
  f=$(seconds "$twinmatch" run --backend sw --input "$dir/n.cmds" --events "$dir/n.evts")
  n=$(seconds "$twinmatch" run --backend sw --input "$dir/n.cmds" --events /dev/null)
  d=$(seconds dd if=/dev/zero of="$dir/dd.out" bs=1M count="$blocks" oflag=direct status=none)
  rm -f "$dir/dd.out"
  d2=$(seconds sh -c "dd if=/dev/zero of='$dir/dd.out' bs=8M count=$half oflag=direct status=none &
    dd if=/dev/zero of='$dir/dd.out' bs=8M count=$half seek=$half oflag=direct conv=notrunc status=none &
    wait")
  c=$(seconds cat "$dir/n.cmds")
  echo "rep $i (wall, cpu s): run to a file $f, run to /dev/null $n, dd of the event bytes $d," \
       "two dd at once $d2, cat of the commands $c"
  echo "$f" >>"$dir/file"; echo "$n" >>"$dir/null"; echo "$d" >>"$dir/dd"; echo "$d2" >>"$dir/dd2"
  echo "$c" >>"$dir/cat"
  i=$((i + 1))
done
rm -f "$dir/n.evts" "$dir/dd.out"
rate() { awk -v c="$count" -v s="$1" 'BEGIN { printf "%.1f", c / s / 1e6 }'; }
for what in file null dd dd2 cat; do
  wall=$(median 1 <"$dir/$what")
  cpu=$(median 2 <"$dir/$what")
  echo "median $what: $wall s wall ($(rate "$wall") M commands/s), $cpu s cpu ($(rate "$cpu") M commands per cpu second)"
done
echo "($count commands, $event_bytes bytes of events)"
