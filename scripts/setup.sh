#!/usr/bin/env bash
# Installs the Debian packages twinmatch builds with, only those missing. Safe to run again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-14 libclang-rt-14-dev
  verilator libsystemc-dev yosys z3 boolector
  catch2 libfmt-dev libbenchmark-dev zlib1g-dev nlohmann-json3-dev
  valgrind python3
  nats-server libnats-dev # the scale-out (host/scaleout): JetStream server and C client
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
