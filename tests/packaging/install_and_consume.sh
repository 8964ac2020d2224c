#!/usr/bin/env bash
# The installed library as its users consume it: an engine-only build installed into a temporary
# prefix (then moved, since the tree must be relocatable), and the examples built against it
# three ways, each then run: find_package(twinmatch), pkg-config, add_subdirectory of the source.
# Usage: install_and_consume.sh SOURCE_DIR WORK_DIR VERSION [C_COMPILER CXX_COMPILER]
set -euo pipefail
src=$1
work=$2
version=$3
cc=${4:-cc}
cxx=${5:-c++}
compilers=(-DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx")
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
cmake -S "$src" -B "$work/build" -G Ninja -DTWINMATCH_ENGINE_ONLY=ON "${compilers[@]}" > /dev/null
cmake --build "$work/build" > /dev/null
cmake --install "$work/build" --prefix "$work/staging" > /dev/null
mv "$work/staging" "$work/prefix"
prefix=$work/prefix
libdir=$(cd "$prefix" && ls -d lib*/libtwinmatch_sw.a | xargs dirname)

# The installed tree.
for file in include/twinmatch/twinmatch_c.h include/twinmatch/version.h include/twinmatch/sw/engine.hpp \
            include/twinmatch/protocol.hpp "$libdir/libtwinmatch_sw.a" "$libdir/libtwinmatch_sw.so" \
            "$libdir/libtwinmatch_sw.so.$version" "$libdir/cmake/twinmatch/twinmatchConfig.cmake" \
            "$libdir/cmake/twinmatch/twinmatchConfigVersion.cmake" "$libdir/pkgconfig/twinmatch.pc" \
            "$libdir/pkgconfig/twinmatch-cxx.pc"; do
  [[ -e "$prefix/$file" ]] || fail "not installed: $file"
done
soname=$(readelf -d "$prefix/$libdir/libtwinmatch_sw.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[[ "$soname" == "libtwinmatch_sw.so.${version%.*}" ]] || fail "SONAME is '$soname'"
grep -q "#define TWINMATCH_VERSION_STRING \"$version\"" "$prefix/include/twinmatch/version.h" ||
  fail "version.h does not say $version"
# Only the C names leave the shared library.
if nm -D --defined-only "$prefix/$libdir/libtwinmatch_sw.so" | grep -v ' twinmatch_' | grep ' T '; then
  fail "the shared library exports more than the C ABI"
fi

run_examples() { # DIR: both examples must run and report nothing unexpected
  "$1/order_flow_c" > "$1/c.out" || fail "$1/order_flow_c: $(tail -3 "$1/c.out")"
  "$1/order_flow_cpp" > "$1/cpp.out" || fail "$1/order_flow_cpp: $(tail -3 "$1/cpp.out")"
  grep -q "^twinmatch $version\$" "$1/c.out" || fail "the C example printed another version"
}

# 1. find_package(twinmatch CONFIG), the C and C++ targets.
cmake -S "$src/examples" -B "$work/find_package" -G Ninja "${compilers[@]}" \
      -DCMAKE_PREFIX_PATH="$prefix" > /dev/null
cmake --build "$work/find_package" > /dev/null
run_examples "$work/find_package"

# 2. pkg-config: twinmatch (C ABI, shared; an rpath since the prefix is not a system one) and
#    twinmatch-cxx (C++ API, static).
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
[[ "$(pkg-config --modversion twinmatch)" == "$version" ]] || fail "pkg-config version"
mkdir -p "$work/pkg_config"
# shellcheck disable=SC2046
"$cc" -std=c99 -Wall -Wextra -Werror "$src/examples/order_flow.c" -o "$work/pkg_config/order_flow_c" \
      $(pkg-config --cflags --libs twinmatch) -Wl,-rpath,"$(pkg-config --variable=libdir twinmatch)"
# shellcheck disable=SC2046
"$cxx" -Wall -Wextra -Werror "$src/examples/order_flow.cpp" -o "$work/pkg_config/order_flow_cpp" \
       $(pkg-config --cflags --libs twinmatch-cxx)
run_examples "$work/pkg_config"
# The C program's library is the versioned one.
readelf -d "$work/pkg_config/order_flow_c" | grep -q "NEEDED.*\[libtwinmatch_sw.so.${version%.*}\]" ||
  fail "the C example does not need libtwinmatch_sw.so.${version%.*}"

# 3. add_subdirectory of the source tree, with every other package unfindable.
no_packages=()
for package in fmt Catch2 benchmark verilator SystemCLanguage nlohmann_json PkgConfig Python3; do
  no_packages+=(-DCMAKE_DISABLE_FIND_PACKAGE_${package}=ON)
done
cmake --no-warn-unused-cli -S "$src/examples" -B "$work/add_subdirectory" -G Ninja "${compilers[@]}" "${no_packages[@]}" \
      -DTWINMATCH_ROOT="$src" > /dev/null
cmake --build "$work/add_subdirectory" > /dev/null
run_examples "$work/add_subdirectory"

echo "installed into a temporary prefix; find_package, pkg-config and add_subdirectory all build and run the examples"
