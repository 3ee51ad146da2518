#!/bin/bash
# Checks, inside the guest, that the kernel has Yama and that ptrace_scope
# has the value crossmem-vm --yama set.
#
# Usage: yama.sh SCOPE
# Exit status: 0 when /proc/sys/kernel/yama/ptrace_scope reads SCOPE, 1 otherwise.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: yama.sh SCOPE" >&2; exit 2; }
f=/proc/sys/kernel/yama/ptrace_scope
if [[ ! -r $f ]]; then
  echo "FAIL: $f does not exist: no Yama in this kernel ($(uname -r))"
  exit 1
fi
got="$(cat "$f")"
if [[ "$got" != "$1" ]]; then
  echo "FAIL: $f reads $got, expected $1"
  exit 1
fi
echo "ok: $f reads $got (kernel $(uname -r))"
