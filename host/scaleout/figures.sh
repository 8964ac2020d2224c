#!/usr/bin/env bash
# The scale-out's figures for docs/scale-out.md: end-to-end latency (the gateway's publish of a
# command to the first event of it received back from the event stream) and throughput, for 1, 2
# and 4 shards, one nats-server with JetStream on loopback (file storage, R1; or with `cluster`,
# three clustered on loopback and R3 streams, each store a Raft quorum), one primary
# `twinmatch serve --backend sw` per shard, no standby. Two loads per shard count:
#   latency:    --window 1  (one command in flight: the unloaded round trip), 5000 commands
#   throughput: --window 64 (64 commands in flight across the shards), 20000 commands
# Each run starts on a fresh server and streams; REPS (default 3) repetitions interleaved; the
# table gives the median of each figure and the CPU seconds the server, the engines and the
# gateway used per 1000 commands (from /proc, so the other load on the machine is not counted).
#
# usage: host/scaleout/figures.sh BUILD_DIR [REPS] [single|cluster]
set -euo pipefail
if [[ ${1:-} == --help || $# -lt 1 ]]; then sed -n '2,/^$/{s/^# \{0,1\}//p}' "$0"; exit $(( $# < 1 ? 2 : 0 )); fi
build=$1 reps=${2:-3} mode=${3:-single}
twinmatch=$build/bin/twinmatch
work=$(mktemp -d)
declare -a pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port=$(( 23000 + ($$ % 500) * 8 ))
if [[ $mode == cluster ]]; then nodes=3 replicas=3; else nodes=1 replicas=1; fi
url=$(for i in $(seq 0 $((nodes - 1))); do printf 'nats://127.0.0.1:%d,' $((port + i)); done); url=${url%,}
routes=$(for i in $(seq 0 $((nodes - 1))); do printf 'nats://127.0.0.1:%d,' $((port + 4 + i)); done); routes=${routes%,}
ticks=$(getconf CLK_TCK)
cpu_of() { local sum=0; for p in "$@"; do read -r -a f <"/proc/$p/stat"; sum=$((sum + f[13] + f[14])); done; echo $sum; }

"$twinmatch" gen --scenario normal --seed 7 --count 5000 --progress never -o "$work/latency.tms" >/dev/null
"$twinmatch" gen --scenario normal --seed 7 --count 20000 --progress never -o "$work/throughput.tms" >/dev/null

run_once() { # run_once SHARDS WINDOW INPUT -> "p50_us p99_us per_shard_cmds_per_s cpu_s_per_1000"
  local shards=$1 window=$2 input=$3
  rm -rf "$work/store"; pids=()
  local servers=()
  for i in $(seq 0 $((nodes - 1))); do
    local args=(-js -sd "$work/store/$i" -p $((port + i)) -a 127.0.0.1 -n "node$i")
    [[ $mode == cluster ]] && args+=(--cluster_name tm --cluster "nats://127.0.0.1:$((port + 4 + i))" --routes "$routes")
    nats-server "${args[@]}" >"$work/server$i.log" 2>&1 & pids+=($!); servers+=($!)
  done
  for i in $(seq 0 $((nodes - 1))); do
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$((port + i))) 2>/dev/null && break; sleep 0.05; done
  done
  local engines=()
  for shard in $(seq 0 $((shards - 1))); do
    "$twinmatch" serve --nats "$url" --shard "$shard" --name "e$shard" --replicas $replicas >"$work/e$shard.log" 2>&1 &
    pids+=($!); engines+=($!)
  done
  for shard in $(seq 0 $((shards - 1))); do
    for _ in $(seq 200); do grep -q primary "$work/e$shard.log" && break; sleep 0.05; done
  done
  local before; before=$(cpu_of "${servers[@]}" "${engines[@]}")
  /usr/bin/time -f "%U %S" -o "$work/gateway.time" \
    "$twinmatch" gateway --nats "$url" --shards "$shards" --input "$input" --window "$window" \
      --replicas $replicas >"$work/gateway.log"
  local after; after=$(cpu_of "${servers[@]}" "${engines[@]}")
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  local line; line=$(grep '^all:' "$work/gateway.log")
  local commands p50 p99 rate
  commands=$(sed -E 's/^all: ([0-9]+) commands.*/\1/' <<<"$line")
  rate=$(sed -E 's/.* s, ([0-9]+) commands\/s.*/\1/' <<<"$line")
  p50=$(sed -E 's/.*p50 ([0-9.]+) us.*/\1/' <<<"$line")
  p99=$(sed -E 's/.*p99 ([0-9.]+) us.*/\1/' <<<"$line")
  read -r gu gs <"$work/gateway.time"
  awk -v c="$commands" -v r="$rate" -v s="$shards" -v p50="$p50" -v p99="$p99" -v t="$((after - before))" \
      -v hz="$ticks" -v gu="$gu" -v gs="$gs" \
      'BEGIN { printf "%s %s %.0f %.3f\n", p50, p99, r / s, (t / hz + gu + gs) * 1000 / c }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A results
for rep in $(seq "$reps"); do
  for shards in 1 2 4; do
    results[lat,$shards]+="$(run_once "$shards" 1 "$work/latency.tms")"$'\n'
    results[thr,$shards]+="$(run_once "$shards" 64 "$work/throughput.tms")"$'\n'
  done
done
echo "| shards | window 1: p50 / p99 (us) | window 1: CPU s / 1000 cmds | window 64: p50 / p99 (us) | window 64: commands/s per shard (all shards) | window 64: CPU s / 1000 cmds |"
echo "|-------:|--------------------------|-----------------------------|---------------------------|--------------------------------------------|------------------------------|"
for shards in 1 2 4; do
  col() { awk -v k="$2" 'NF { print $k }' <<<"${results[$1,$shards]}" | median; }
  printf '| %s | %s / %s | %s | %s / %s | %s (%s) | %s |\n' "$shards" \
    "$(col lat 1)" "$(col lat 2)" "$(col lat 4)" "$(col thr 1)" "$(col thr 2)" "$(col thr 3)" \
    "$(( $(col thr 3) * shards ))" "$(col thr 4)"
done
echo
echo "($mode: $nodes nats-server, R$replicas; $reps repetitions, medians; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ))"
