#!/usr/bin/env bash
# crossmem-vm's bad command lines, on the host: each must give exit status 2 and one line on stderr
# naming the problem, print nothing on stdout, start no guest and leave no temporary directory.
set -uo pipefail
vm="$(dirname "$0")/../crossmem-vm"
export TMPDIR="$(mktemp -d)"
trap 'rm -rf "$TMPDIR"' EXIT
failures=0

check() {
  local expect="$1"
  shift
  local out err rc
  out="$("$vm" "$@" 2>"$TMPDIR/.err")"
  rc=$?
  err="$(cat "$TMPDIR/.err")"
  rm -f "$TMPDIR/.err"
  local problem=""
  [[ $rc -eq 2 ]] || problem="exit $rc, not 2"
  [[ -z "$out" ]] || problem="$problem; stdout not empty: $out"
  [[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 && "$err" == "crossmem-vm: "* ]] ||
    problem="$problem; stderr is not one 'crossmem-vm: ' line: $err"
  [[ "$err" == *"$expect"* ]] || problem="$problem; stderr does not say '$expect': $err"
  [[ -z "$(ls -A "$TMPDIR")" ]] || problem="$problem; left behind: $(ls -A "$TMPDIR")"
  if [[ -n "$problem" ]]; then
    echo "FAIL: crossmem-vm $*: ${problem#; }"
    failures=$((failures + 1))
  else
    echo "ok: crossmem-vm $* -> $err"
  fi
}

check "no command given"
check "no command given" --numa 2 --
check "--numa must be 1 or 2" --numa 3 -- true
check "--numa must be 1 or 2" --numa two -- true
check "--cpus must be 1..16" --cpus 0 -- true
check "--cpus must be 1..16" --cpus 17 -- true
check "cannot be split evenly" --numa 2 --cpus 3 -- true
check "--mem must be at least 128" --mem 64 -- true
check "--mem must be at least 128" --mem 1G -- true
check "--timeout must be a positive number" --timeout 0 -- true
check "--timeout must be a positive number" --timeout -5 -- true
check "--yama must be 0, 1, 2 or 3" --yama 4 -- true
check "--env needs NAME=VALUE" --env FOO -- true
check "--env needs NAME=VALUE" --env 1X=2 -- true
check "unknown option: --frobnicate" --frobnicate -- true
check "option --numa needs a value" --numa
check "option --out needs a value" --out
check "must not contain commas" --out "$TMPDIR/a,b" -- true
check "option --kernel needs a value" --kernel
check "--kernel needs debian, patched or the path" --kernel "" -- true
check "--kernel: no such file: /nonexistent/vmlinux" --kernel /nonexistent/vmlinux -- true

[[ $failures -eq 0 ]] || { echo "$failures case(s) failed"; exit 1; }
echo "all bad command lines refused"
