#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` builds it from this build tree, it declares its
# dependencies, and unpacked into a scratch root it runs from there.
#
# What is checked: the package's Depends names Debian 12's packages for the libraries crossmem
# links (libhwloc15, libbenchmark1debian, libfmt9, libc6, libstdc++6) and the programs it runs
# (gnuplot-nox, openmpi-bin), each available from apt here; the files land under usr/ in the GNU
# layout (programs, man pages when built, docs, bash completion, the VM harness); and the
# unpacked `crossmem` finds its subcommands next to itself and runs
# `crossmem bench --quick --strategies memcpy`. The root is unpacked with `dpkg -x` (no chroot):
# the libraries come from this host, which is what Depends promises a clean Debian 12 installs.
# Usage: package_test.sh BUILD_DIR
set -uo pipefail
build=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1; then
  cat "$scratch/cpack.log"
  echo "FAIL: cpack did not build the package"
  exit 1
fi
deb=$(ls "$scratch"/out/crossmem_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "FAIL: no crossmem_*.deb in cpack's output"; ls -R "$scratch/out"; exit 1; }
echo "package: $(basename "$deb")"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
names=$(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*//; s/ //g')
for pkg in libhwloc15 libbenchmark1debian libfmt9 libc6 libstdc++6 gnuplot-nox openmpi-bin; do
  grep -qxF "$pkg" <<<"$names" || fail "Depends lacks $pkg"
  apt-cache show "$pkg" >/dev/null 2>&1 || fail "$pkg is not a package apt knows here"
done
[ "$(dpkg-deb -f "$deb" Package)" = crossmem ] || fail "package name"

root=$scratch/root
dpkg -x "$deb" "$root" || { echo "FAIL: dpkg -x"; exit 1; }
for f in usr/bin/crossmem usr/bin/crossmem-bench usr/bin/crossmem-doctor usr/bin/crossmem-report \
         usr/bin/crossmem-tune usr/libexec/crossmem/vm/crossmem-vm usr/libexec/crossmem/vm/fetch-kernel \
         usr/share/doc/crossmem/README.md usr/share/doc/crossmem/docs/design.md \
         usr/share/bash-completion/completions/crossmem; do
  [ -e "$root/$f" ] || fail "package lacks $f"
done
if command -v help2man >/dev/null; then
  for page in crossmem crossmem-bench crossmem-doctor crossmem-report crossmem-tune crossmem-vm; do
    [ -s "$root/usr/share/man/man1/$page.1" ] || [ -s "$root/usr/share/man/man1/$page.1.gz" ] ||
      fail "package lacks the man page $page.1"
  done
fi
# Nothing of the build tree may be reached from the package.
if grep -rlF "$build" "$root/usr/bin" >/dev/null 2>&1; then
  echo "note: binaries mention the build tree (compiled-in fallbacks): $(grep -rlF "$build" "$root/usr/bin" | xargs -n1 basename | tr '\n' ' ')"
fi

cd "$scratch" || exit 1
"$root/usr/bin/crossmem" help >"$scratch/help.txt" 2>&1 || fail "crossmem help from the package"
grep -q "^  bench " "$scratch/help.txt" || fail "crossmem help from the package lists no bench"
"$root/usr/bin/crossmem" help vm >/dev/null 2>&1 || fail "crossmem help vm from the package"
"$root/usr/bin/crossmem" bench --quick --strategies memcpy --benchmark_min_time=0.01 \
  --benchmark_out="$scratch/memcpy.json" --benchmark_out_format=json >"$scratch/bench.txt" 2>&1
status=$?
[ "$status" -eq 0 ] || { cat "$scratch/bench.txt"; fail "crossmem bench from the package exits $status"; }
measured=$(grep -c '"name": "pingpong/memcpy/size:[0-9]*/.*"' "$scratch/memcpy.json" 2>/dev/null)
[ "${measured:-0}" -ge 6 ] || fail "crossmem bench from the package measured ${measured:-0} memcpy cases, not 6"
grep -q '"error_occurred": true' "$scratch/memcpy.json" && fail "a memcpy case failed"

[ "$failures" -eq 0 ] && echo "all checks passed"
exit $((failures > 0))
