#!/usr/bin/env bash
# Synthesises tm_core (or tm_lanes, the symbol lanes) for one configuration with Yosys synth_xilinx (7-series cells), checks it,
# counts its resources and times it with Yosys `sta` on the cell delays shipped in Yosys'
# cells_sim.v (logic only: no routing), then writes a machine-readable summary.
#
# usage: rtl/syn/synth.sh OUTPUT_DIR small|default|venue|sym16|lanes4
#   OUTPUT_DIR/synth.log     the Yosys log, known benign warnings filtered out
#   OUTPUT_DIR/passes.log    its pass headers, warnings and time line only
#   OUTPUT_DIR/stat.txt      cell statistics
#   OUTPUT_DIR/sta.txt       the latest-arrival path and the arrival histogram
#   OUTPUT_DIR/summary.json  configuration, resources and critical path (rtl/syn/summarise.py)
# rtl/syn/doc_tables.py turns summaries into the tables of docs/rtl.md.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 OUTPUT_DIR small|default|venue|sym16|lanes4" >&2; exit 2; }
config=$2
top=tm_core
# The parameters of sim::kRtlTinyConfig, kRtlConfig (tm_pkg's defaults) and kRtlVenueConfig.
case $config in
  small)   params="-chparam NumSymbols 2 -chparam NumLevels 64 -chparam NumHandles 64 -chparam MaxQty 1000" ;;
  default) params="" ;;
  venue)   params="-chparam NumSymbols 256 -chparam NumLevels 4096 -chparam NumHandles 65536 -chparam MaxQty 32'hFFFFFFFF" ;;
  # sim::kRtlLanesConfig, as one core and as 4 symbol lanes (docs/rtl.md, "Symbol lanes").
  sym16)   params="-chparam NumSymbols 16" ;;
  lanes4)  params="-chparam Lanes 4 -chparam NumSymbols 16"; top=tm_lanes ;;
  *) echo "$0: unknown configuration '$config' (small, default, venue, sym16 or lanes4)" >&2; exit 2 ;;
esac
mkdir -p "$1"
out=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."

# The same sources, in the same order, as sim/CMakeLists.txt (tm_lanes' two last).
cat >"$out/synth.ys" <<YS
read_verilog -sv rtl/tm_pkg.sv rtl/tm_ram_1r1w.sv rtl/tm_bitmap_find.sv rtl/tm_level_map.sv rtl/tm_reset_sync.sv rtl/tm_skid.sv rtl/tm_book_store.sv rtl/tm_cmd_check.sv rtl/tm_level_edit.sv rtl/tm_stop_table.sv rtl/tm_event_build.sv rtl/tm_core_assert.sv rtl/tm_core.sv rtl/tm_fifo.sv rtl/tm_lanes.sv
hierarchy -check -top $top $params
synth_xilinx -top $top -flatten -noiopad
# No latches, no multiple drivers, no combinational loops.
check -assert
tee -q -o $out/stat.txt stat
# The cell library again, now with its specify blocks (7-series delays in ps), for sta.
read_verilog -overwrite -lib -specify +/xilinx/cells_sim.v
tee -q -o $out/sta.txt sta
YS

start=$(date +%s)
status=0
yosys -q -l "$out/synth.raw.log" "$out/synth.ys" >/dev/null 2>&1 || status=$?
seconds=$(( $(date +%s) - start ))
# Benign: Yosys' block RAM mapping declares every RAMB port at its widest and then narrows it.
grep -v '^Warning: Resizing cell port .*\.mem_q\.' "$out/synth.raw.log" >"$out/synth.log" || true
rm -f "$out/synth.raw.log"
# The passes run, the warnings left and Yosys' time line: small enough to commit.
grep -E '^[0-9.]+ Executing|^Warning|^End of script|^Time spent' "$out/synth.log" >"$out/passes.log" || true
if [ $status -ne 0 ]; then
  tail -n 20 "$out/synth.log" >&2
  echo "$0: yosys failed ($status), see $out/synth.log" >&2
  exit $status
fi
grep '^Warning:' "$out/synth.log" >&2 || true
python3 rtl/syn/summarise.py --config "$config" --seconds "$seconds" --yosys "$(yosys -V)" \
  "$out" >"$out/summary.json"
echo "$out/summary.json"
