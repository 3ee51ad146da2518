#!/bin/bash
# Checks, inside the guest, that a module of the guest kernel's own package
# loads and unloads (the host kernel may have no module support).
#
# Usage: module.sh
# Exit status: 0 when dummy.ko loaded and unloaded, 1 otherwise.
set -euo pipefail

ko="$CROSSMEM_VM_MODULES/kernel/drivers/net/dummy.ko"
[[ -f "$ko" ]] || { echo "FAIL: $ko not found"; exit 1; }
insmod "$ko"
if [[ ! -d /sys/module/dummy ]]; then
  echo "FAIL: /sys/module/dummy missing after insmod"
  exit 1
fi
lsmod | grep '^dummy'
rmmod dummy
if [[ -d /sys/module/dummy ]]; then
  echo "FAIL: /sys/module/dummy still there after rmmod"
  exit 1
fi
echo "ok: dummy.ko loaded and unloaded in kernel $(uname -r)"
