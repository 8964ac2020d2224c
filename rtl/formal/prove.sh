#!/usr/bin/env bash
# The formal proofs of rtl/formal/ (docs/verification.md, "## Formal"): Yosys 0.23 reads each
# harness with -formal, flattens it and writes SMT-LIB 2; yosys-smtbmc with z3 runs a bounded
# model check from reset (-t), k-induction (-i, a full proof where it closes) and the covers (-c).
#
#   rtl/formal/prove.sh [--quick] [--core-depth N] [--out DIR] [--record]
#     --quick       the small instances only (the ctest rtl/formal_quick)
#     --core        the whole-core checks only
#     --core-depth  the depth of the whole-core bounded check (default 10 cycles from reset)
#     --out         where the SMT-LIB files and solver logs go (default: a temporary directory)
#     --record      also write the summary to rtl/formal/results/summary.txt
# Exit status 0 when every check passed, 1 otherwise. Each line of the summary gives the check,
# its result, the depth and the wall and CPU seconds (yosys-smtbmc and the solver).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rtl="$(dirname "$here")"
quick=0
core_only=0
core_depth=10
core_fill_depth=16
out=""
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --core) core_only=1 ;;
    --core-depth) core_depth="$2"; shift ;;
    --out) out="$2"; shift ;;
    --record) record=1 ;;
    *) echo "prove.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || out="$(mktemp -d)"
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"
failures=0

# model NAME TOP SETUP READS...: the flattened SMT-LIB 2 model of TOP. SETUP: Yosys commands run
# after flattening (the `connect -set` that join a harness's probes to the DUT's registers).
model() {
  local name="$1" top="$2" setup="$3"; shift 3
  yosys -q -l "$out/$name.yosys.log" -p "$* ; prep -top $top; flatten; $setup
    memory_map; async2sync; dffunmap; opt_clean; write_smt2 -wires $out/$name.smt2" >/dev/null 2>&1 \
    || { echo "prove.sh: yosys failed on $name, see $out/$name.yosys.log" >&2; exit 1; }
}

# check NAME MODE DEPTH: MODE bmc (assertions, -t DEPTH from reset), induction (-i) or cover (-c).
check() {
  local name="$1" mode="$2" depth="$3" flags=()
  case "$mode" in
    bmc) flags=() ;;
    induction) flags=(-i) ;;
    cover) flags=(-c) ;;
  esac
  local log="$out/$name.$mode.log" result
  /usr/bin/time -f "%e %U %S" -o "$out/$name.$mode.time" \
    yosys-smtbmc -s z3 "${flags[@]}" -t "$depth" "$out/$name.smt2" > "$log" 2>&1 || true
  if grep -q "Status: PASSED" "$log"; then result=PASSED; else result=FAILED; failures=$((failures + 1)); fi
  read -r wall user sys < <(tail -n 1 "$out/$name.$mode.time")
  printf '%-28s %-10s %-7s depth %-3s wall %7.1f s  cpu %7.1f s\n' "$name" "$mode" "$result" \
    "$depth" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" | tee -a "$summary"
  [ "$result" = PASSED ] || tail -n 5 "$log" >&2
}

# sat_check NAME TOP MODE DEPTH SETUP FLAG READS: Yosys' own SAT solver (MiniSAT), which unrolls
# the larger models far faster than z3. MODE bmc: every assertion in each of DEPTH cycles from
# reset (sat -seq); induction: k-induction up to DEPTH (sat -tempinduct); cover: FLAG (a sticky
# seen_* flag) can be set at cycle DEPTH with the assertions assumed (a model found: reached).
sat_check() {
  local name="$1" top="$2" mode="$3" depth="$4" setup="$5" flag="$6"; shift 6
  local log="$out/$name.$mode.sat.log" result want query
  case "$mode" in
    bmc) want="SUCCESS"; query="-seq $depth -prove-asserts" ;;
    induction) want="SUCCESS"; query="-tempinduct -seq 1 -maxsteps $depth -prove-asserts" ;;
    cover) want="model found"; query="-seq $depth -set-at $depth $flag 1" ;;
  esac
  /usr/bin/time -f "%e %U %S" -o "$out/$name.$mode.time" \
    yosys -q -l "$log" -p "$* ; prep -top $top; flatten; $setup memory_map; async2sync;
      dffunmap; opt -fast; delete t:\$cover;
      sat -set-assumes -set-at 1 rst_ni 0 $query" > /dev/null 2>&1 || true
  if grep -q "finished.*$want\|Induction step proven: SUCCESS" "$log" &&
     ! grep -q "FAIL" "$log"; then
    result=PASSED
  else
    result=FAILED; failures=$((failures + 1))
  fi
  read -r wall user sys < <(tail -n 1 "$out/$name.$mode.time")
  printf '%-28s %-10s %-7s depth %-3s wall %7.1f s  cpu %7.1f s\n' "$name" "sat-$mode" "$result" \
    "$depth" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" | tee -a "$summary"
}

read_sv="read_verilog -formal -sv"
skid="$read_sv $rtl/tm_skid.sv $here/tm_axis_rules.sv $here/tm_skid_formal.sv"
finder="$read_sv $rtl/tm_bitmap_find.sv $here/tm_bitmap_find_formal.sv"
# tm_level_map is read with SYNTHESIS: its one labelled assertion sits in a generate loop, which
# Yosys 0.23 refuses to name twice; tm_level_map_formal checks a stronger property instead.
level_map="$read_sv -DSYNTHESIS $rtl/tm_level_map.sv; $read_sv $rtl/tm_bitmap_find.sv $here/tm_level_map_formal.sv"
core="$read_sv -DSYNTHESIS $rtl/tm_level_map.sv; $read_sv $rtl/tm_pkg.sv $rtl/tm_ram_1r1w.sv \
  $rtl/tm_bitmap_find.sv $rtl/tm_reset_sync.sv $rtl/tm_skid.sv $rtl/tm_book_store.sv \
  $rtl/tm_cmd_check.sv $rtl/tm_level_edit.sv $rtl/tm_stop_table.sv $rtl/tm_event_build.sv \
  $rtl/tm_core_assert.sv $rtl/tm_core.sv \
  $here/tm_axis_rules.sv $here/tm_core_formal.sv"

if [ "$core_only" = 0 ]; then
  # The finder is combinational: one step covers every input.
  finder_widths=(4 8)
  [ "$quick" = 1 ] || finder_widths=(2 4 64)
  for width in "${finder_widths[@]}"; do
    model "bitmap_find_w$width" tm_bitmap_find_formal "" "$finder; chparam -set Width $width tm_bitmap_find_formal"
    check "bitmap_find_w$width" bmc 1
    check "bitmap_find_w$width" cover 1
  done

  for registered in 1 0; do
    name="skid_registered_$registered"
    model "$name" tm_skid_formal "connect -set skid_data_probe u_dut.skid_data_q" \
      "$skid; chparam -set RegisterOutput $registered tm_skid_formal"
    check "$name" induction 4
    check "$name" cover 6
  done
fi

if [ "$quick" = 0 ] && [ "$core_only" = 0 ]; then
  # The level map: z3 does not get past the first step of this model in 20 minutes; Yosys'
  # SAT solver proves it by induction (sat -tempinduct) in seconds.
  sat_check level_map_128 tm_level_map_formal induction 4 \
    "connect -set summary_probe_0 u_dut.summary[0]; connect -set summary_probe_1 u_dut.summary[1];" \
    "" "$level_map; chparam -set NumLevels 128 tm_level_map_formal"
fi

if [ "$quick" = 0 ]; then
  # The whole core: Yosys' own SAT solver (MiniSAT) unrolls it far faster than z3 does.
  sat_check core_small tm_core_formal bmc "$core_depth" "" "" "$core"
  for flag in seen_done seen_rejected seen_accepted seen_level_update seen_backpressure \
              seen_stop_accepted; do
    sat_check "core_small_$flag" tm_core_formal cover "$core_depth" "" "$flag" "$core"
  done
  sat_check core_small_seen_fill tm_core_formal cover "$core_fill_depth" "" seen_fill "$core"
fi

if [ "$record" = 1 ]; then
  {
    echo "# rtl/formal/prove.sh $( [ "$quick" = 1 ] && echo --quick )$( [ "$core_only" = 1 ] && echo --core ) --core-depth $core_depth"
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(yosys -V), z3 $(z3 --version | awk '{print $3}')"
    echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
    cat "$summary"
  } > "$here/results/summary.txt"
fi
echo "prove.sh: $failures check(s) failed; logs in $out"
[ "$failures" = 0 ]
