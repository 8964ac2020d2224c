#!/usr/bin/env bash
# Synthesises tm_core with Yosys synth_xilinx and prints the resource and logic-depth report.
# Usage (from the repository root): rtl/syn/run_synth.sh   -> build/syn/{synth.log,stat.txt,ltp.txt}
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/syn
yosys -q -l build/syn/synth.log rtl/syn/synth.ys
grep -E "Number of cells|LUT[1-6] |FD[CPRSE]+ |RAMB|CARRY|MUXF|SRL|DSP" build/syn/stat.txt || true
tail -n 1 build/syn/ltp.txt
