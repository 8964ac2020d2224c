#!/usr/bin/env bash
# The engine-only build needs nothing but a C++20 compiler: configure the repository with
# -DTWINMATCH_ENGINE_ONLY=ON in a clean directory while every other package the full build uses
# is made unfindable, build it, and run the examples built with it.
# Usage: engine_only_build.sh SOURCE_DIR WORK_DIR [C_COMPILER CXX_COMPILER]
set -euo pipefail
src=$1
work=$2
compilers=()
if [[ $# -ge 4 ]]; then compilers=(-DCMAKE_C_COMPILER="$3" -DCMAKE_CXX_COMPILER="$4"); fi

# Everything the full build finds; CMake fails if the engine-only configuration asks for any.
no_packages=()
for package in fmt Catch2 benchmark verilator SystemCLanguage nlohmann_json PkgConfig Python3 Threads; do
  no_packages+=(-DCMAKE_DISABLE_FIND_PACKAGE_${package}=ON)
done

rm -rf "$work"
cmake --no-warn-unused-cli -S "$src" -B "$work" -G Ninja -DTWINMATCH_ENGINE_ONLY=ON "${compilers[@]}" "${no_packages[@]}"
# Nor does it look for a program of the hardware flow.
if grep -Ei '^(VERILATOR|YOSYS|TWINMATCH_HLS_PYTHON)[A-Z_]*:' "$work/CMakeCache.txt"; then
  echo "engine-only configuration looked for the hardware tools" >&2
  exit 1
fi
cmake --build "$work"
"$work/bin/order_flow_c" > /dev/null
"$work/bin/order_flow_cpp" > /dev/null
echo "engine-only build: configured, built and ran the examples"
