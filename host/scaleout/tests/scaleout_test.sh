#!/usr/bin/env bash
# The scale-out against the real thing (docs/scale-out.md "Tests"): nats-server with JetStream on
# loopback in a temporary directory (one node, or a 3-node cluster with R3 streams), two shards,
# each served by a primary and a hot standby (one on the sw backend, one on the reference model:
# a failover may change backend), a generated session sent through the gateway, and
# kill -9 under load: of the NATS node(s), of a shard's primary engine, and of both at once.
# Then every acknowledged command must be in its shard's command stream, and each shard's event
# stream must equal, byte for byte, `twinmatch run` of that command stream: every command's
# events exactly once, no gap, no duplicate. Every engine keeps a local journal (--journal): a
# killed engine restarts on it and must resume from it (recover a position > 0 and read the
# command stream only after it), and the shard's primary is later killed again, so the resumed
# engine is promoted and publishes.
#
# usage: scaleout_test.sh TWINMATCH NATS_SERVER single|cluster
set -euo pipefail
twinmatch=$1 nats_server=$2 mode=$3
work=$(mktemp -d)
declare -A pid
cleanup() {
  # Children first: the gateway runs under `timeout`, which cannot pass a SIGKILL on.
  for name in "${!pid[@]}"; do
    pkill -9 -P "${pid[$name]}" 2>/dev/null || true
    kill -9 "${pid[$name]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -5 "$f" >&2; done; exit 1; }

# Ports from the process id, so two runs on one machine (other worktrees) do not meet.
base=$(( 21000 + ($$ % 400) * 20 ))
# The load is paced (--rate) so that it outlasts the faults on a fast machine too.
# The sessions hold mass cancels (by symbol and by account) and snapshots; the banded one band moves too.
if [[ $mode == cluster ]]; then nodes=3 replicas=3 count=9000 scenario=banded; else nodes=1 replicas=1 count=12000 scenario=volatile; fi
urls=$(for i in $(seq 0 $((nodes - 1))); do printf 'nats://127.0.0.1:%d,' $((base + i)); done); urls=${urls%,}
routes=$(for i in $(seq 0 $((nodes - 1))); do printf 'nats://127.0.0.1:%d,' $((base + 10 + i)); done); routes=${routes%,}

start_node() { # start_node I
  local i=$1
  local args=(-js -sd "$work/node$i" -p $((base + i)) -n "node$i" -a 127.0.0.1)
  [[ $mode == cluster ]] && args+=(--cluster_name tm --cluster "nats://127.0.0.1:$((base + 10 + i))" --routes "$routes")
  "$nats_server" "${args[@]}" >>"$work/node$i.log" 2>&1 &
  pid[node$i]=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$((base + i))) 2>/dev/null && return; sleep 0.05; done
  fail "node$i did not listen"
}
start_engine() { # start_engine SHARD NAME: e<shard>a runs the sw backend, e<shard>b the reference model
  local backend=sw; [[ $2 == *b ]] && backend=ref
  "$twinmatch" serve --nats "$urls" --shard "$1" --name "$2" --backend $backend --lease-ms 1000 --replicas $replicas \
    --journal "$work/journal-$2" --snapshot-every 300 >>"$work/$2.log" 2>&1 &
  pid[$2]=$!
}
role_of() { grep -oE '(primary|standby) \('"$1"'\)' "$work/$1.log" 2>/dev/null | tail -1 | cut -d' ' -f1; }
primary_of() { # the live engine of shard $1 whose last word was "primary"
  for name in "e$1a" "e$1b"; do
    if kill -0 "${pid[$name]:-0}" 2>/dev/null && [[ $(role_of "$name") == primary ]]; then echo "$name"; return; fi
  done
}
wait_primary() {
  for _ in $(seq 200); do [[ -n $(primary_of "$1") ]] && return; sleep 0.05; done
  fail "shard $1 has no primary"
}
kill_engine() { # kill -9 the primary of shard $1; once the standby took over, start it again
  wait_primary "$1"
  local victim; victim=$(primary_of "$1")
  [[ -n $victim ]] || fail "shard $1 has no primary to kill"
  echo "kill -9 engine $victim"; kill -9 "${pid[$victim]}"; wait "${pid[$victim]}" 2>/dev/null || true
  wait_primary "$1"; echo "shard $1: $(primary_of "$1") promoted"
  local starts; starts=$(grep -c ': recovered ' "$work/$victim.log")
  start_engine "$1" "$victim"
  check_resumed "$victim" "$starts"
}
check_resumed() { # the restarted engine $1 (started $2 times before) recovered its journal and reads after it
  local line
  for _ in $(seq 200); do
    line=$(grep ': recovered ' "$work/$1.log" | sed -n "$(( $2 + 1 ))p")
    [[ -n $line ]] && break; sleep 0.05
  done
  [[ $line =~ through\ command\ ([0-9]+)\ .*reading\ the\ command\ stream\ from\ command\ ([0-9]+)$ ]] ||
    fail "$1 did not report its recovery: '$line'"
  (( BASH_REMATCH[1] > 0 && BASH_REMATCH[2] == BASH_REMATCH[1] + 1 )) || fail "$1 did not resume from its journal: $line"
  echo "$1 restarted: ${line#*: }"
}
kill_node() { # kill -9 NATS node $1, start it again after $2 s
  echo "kill -9 node$1"; kill -9 "${pid[node$1]}"; wait "${pid[node$1]}" 2>/dev/null || true
  sleep "$2"; start_node "$1"
}
load_running() { kill -0 "${pid[gateway]}" 2>/dev/null || fail "the load ended before the faults were all injected"; }

for i in $(seq 0 $((nodes - 1))); do start_node "$i"; done
"$twinmatch" gen --scenario $scenario --seed 25 --count $count --progress never -o "$work/session.tms" >/dev/null
for shard in 0 1; do start_engine $shard "e${shard}a"; wait_primary $shard; start_engine $shard "e${shard}b"; done

timeout 90 "$twinmatch" gateway --nats "$urls" --shards 2 --input "$work/session.tms" --window 8 --rate 1000 --replicas $replicas \
  >"$work/gateway.log" 2>&1 &
pid[gateway]=$!
sleep 1
if [[ $mode == cluster ]]; then
  load_running; kill_node 1 1                    # a NATS node (streams keep a quorum of 2)
  sleep 1; load_running; kill_engine 0           # a primary engine
  sleep 1.5; load_running; kill_engine 1; kill_node 2 1  # both at once
  sleep 1; load_running; kill_engine 0           # again: the engine resumed from its journal is promoted
else
  load_running; kill_engine 0                    # a primary engine
  sleep 1.5; load_running; kill_node 0 0.5       # the only NATS node (restarted on its store)
  sleep 1.5; load_running; kill_engine 1; kill_node 0 0.5  # both at once
  sleep 1; load_running; kill_engine 0           # again: the engine resumed from its journal is promoted
fi
wait "${pid[gateway]}" || fail "the gateway did not see every command acknowledged and answered"
unset 'pid[gateway]'
cat "$work/gateway.log"
# The session's mass cancels, snapshots and band moves went through the gateway too (so the
# comparison with twinmatch run below covers their routing and the handles they release).
symbol_wide=$(sed -nE 's/.* ([0-9]+) symbol-wide .* sent;.*/\1/p' "$work/gateway.log")
(( ${symbol_wide:-0} > 0 )) || fail "no symbol-wide command was sent"

# The command streams are final (the gateway was their only writer); the event streams are
# complete once they hold as many events as the single-process run of the same commands makes.
mkdir "$work/dump"
"$twinmatch" gateway --nats "$urls" --shards 2 --dump "$work/dump" || fail "dump"
for shard in 0 1; do
  acknowledged=$(sed -nE "s/^shard $shard: ([0-9]+) commands acknowledged.*/\\1/p" "$work/gateway.log")
  held=$(( ($(stat -c %s "$work/dump/shard$shard.commands") - 64) / 32 ))
  [[ $held == "$acknowledged" ]] || fail "shard $shard: $acknowledged commands acknowledged, the stream holds $held"
  "$twinmatch" run --backend sw --input "$work/dump/shard$shard.commands" --events "$work/ref$shard.events" >/dev/null
  for _ in $(seq 50); do
    cmp -s "$work/dump/shard$shard.events" "$work/ref$shard.events" && break
    [[ $(stat -c %s "$work/dump/shard$shard.events") -ge $(stat -c %s "$work/ref$shard.events") ]] && break
    sleep 0.1; "$twinmatch" gateway --nats "$urls" --shards 2 --dump "$work/dump" || fail "dump"
  done
  cmp "$work/dump/shard$shard.events" "$work/ref$shard.events" ||
    fail "shard $shard: the event stream differs from twinmatch run of its command stream"
  echo "shard $shard: $acknowledged commands, $(( ($(stat -c %s "$work/ref$shard.events") - 64) / 64 )) events, identical to twinmatch run"
done
echo PASS
