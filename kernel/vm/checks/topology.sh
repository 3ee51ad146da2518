#!/bin/bash
# Checks, inside the guest, that the kernel, numactl and hwloc all see the
# NUMA layout that crossmem-vm asked qemu for.
#
# Usage: topology.sh NODES PACKAGES
#   NODES     expected NUMA nodes (including a memory-only node)
#   PACKAGES  expected packages (sockets)
# Exit status: 0 when everything matches, 1 otherwise, 2 for bad arguments.
set -euo pipefail

[[ $# -eq 2 && "$1" =~ ^[0-9]+$ && "$2" =~ ^[0-9]+$ ]] || { echo "usage: topology.sh NODES PACKAGES" >&2; exit 2; }
want_nodes=$1
want_packages=$2
failed=0

check() {
  local what="$1" got="$2" want="$3"
  if [[ "$got" == "$want" ]]; then
    echo "ok: $what: $got"
  else
    echo "FAIL: $what: $got, expected $want"
    failed=1
  fi
}

sysfs_nodes=()
for d in /sys/devices/system/node/node[0-9]*; do
  [[ -d "$d" ]] && sysfs_nodes+=("$(basename "$d")")
done
check "nodes in /sys/devices/system/node" "${sysfs_nodes[*]}" "$(seq -f 'node%g' -s ' ' 0 $((want_nodes - 1)))"

numactl_out="$(numactl -H)"
echo "$numactl_out" | sed 's/^/  numactl| /'
check "numactl -H: available nodes" \
  "$(echo "$numactl_out" | sed -n 's/^available: \([0-9]*\) nodes.*/\1/p')" "$want_nodes"
if [[ $want_nodes -ge 2 ]]; then
  check "numactl -H: distance node 0 -> node 1" \
    "$(echo "$numactl_out" | awk '$1 == "0:" { print $3 }')" 21
fi

hwloc_out="$(hwloc-info --no-io)"
echo "$hwloc_out" | sed 's/^/  hwloc-info| /'
check "hwloc-info: NUMA nodes" \
  "$(echo "$hwloc_out" | awk '/ NUMANode / { for (i = 1; i < NF; i++) if ($(i + 1) == "NUMANode") print $i }')" \
  "$want_nodes"
check "hwloc-info: packages" \
  "$(echo "$hwloc_out" | awk '/ Package / { for (i = 1; i < NF; i++) if ($(i + 1) == "Package") print $i }')" \
  "$want_packages"

lstopo-no-graphics --of console --no-io | sed 's/^/  lstopo| /'

exit "$failed"
