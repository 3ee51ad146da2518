#!/bin/sh
# Runs inside the 2-socket, 2-NUMA-node qemu guest (see kernel/vm): placement classes, binding of
# processes and of message buffers to a remote node, checked by crossmem's own binaries against a
# real kernel. Functional checks only: nothing here is timed.
# Usage: placement_in_vm.sh CROSSMEM_BENCH PLACEMENT_TESTS
set -eu
bench=$1
placement_tests=$2
out=${CROSSMEM_VM_OUT:-/tmp}
fail() { echo "FAIL: $*"; exit 1; }

echo "== --list-placements"
"$bench" --list-placements | tee "$out/placements.txt"
# The guest has 2 packages of 2 cores, one NUMA node each, one PU per core.
grep -Eq '^ +cross-package +present' "$out/placements.txt" || fail "cross-package class not found"
grep -Eq '^ +l3 +present' "$out/placements.txt" || fail "l3 class not found"
grep -Eq '^ +numa +absent +no package has two NUMA nodes' "$out/placements.txt" \
  || fail "numa should be absent: each package has one node"
grep -Eq '^ +smt +absent' "$out/placements.txt" || fail "smt should be absent (one PU per core)"
grep -Eq '^ +node 1 .*CPUs 2-3' "$out/placements.txt" || fail "node 1 should hold CPUs 2-3"

echo "== placement tests (binding on a real 2-node machine)"
"$placement_tests" --gtest_brief=1 || fail "placement tests"

echo "== ping-pong across packages, buffers bound to node 1 and verified"
"$bench" --placement cross-package --buffer-node 1 --strategies cma-read,shm-copy --sizes 4097 \
  --benchmark_min_time=0.001 --benchmark_out="$out/xpkg.json" --benchmark_out_format=json >/dev/null \
  || fail "cross-package run"
grep -q '"error_occurred": true' "$out/xpkg.json" && fail "a case failed: $(grep error_message "$out/xpkg.json")"
n=$(grep -c '"buffer_node": 1' "$out/xpkg.json" || true)
[ "$n" -eq 2 ] || fail "expected both cases to report buffer_node 1, got $n"
grep -q '"placement:cross-package' "$out/xpkg.json" || grep -q 'placement:cross-package' "$out/xpkg.json" \
  || fail "case names lack placement:cross-package"

echo "== buffer node relative to the receiver, explicit locations"
"$bench" --placement package:0.core:1,package:1.core:1 --buffer-node receiver --strategies cma-write \
  --sizes 65537 --benchmark_min_time=0.001 --benchmark_out="$out/recv.json" --benchmark_out_format=json \
  >/dev/null || fail "receiver-node run"
grep -q '"error_occurred": true' "$out/recv.json" && fail "receiver-node case failed"

echo "== many-to-one across packages: every process count placed by class, buffers on the receiver's node"
"$bench" --workloads many-to-one --max-procs 3 --placement cross-package --buffer-node receiver \
  --strategies cma-write,shm-copy --sizes 4097 --benchmark_min_time=0.001 \
  --benchmark_out="$out/m2o.json" --benchmark_out_format=json >/dev/null || fail "many-to-one run"
grep -q '"error_occurred": true' "$out/m2o.json" && fail "a many-to-one case failed: $(grep error_message "$out/m2o.json")"
for procs in 2 3; do
  for s in cma-write shm-copy; do
    grep -q "\"many-to-one/$s/size:4097/procs:$procs/placement:cross-package/" "$out/m2o.json" \
      || fail "no many-to-one/$s case with $procs processes placed cross-package"
  done
done
n=$(grep -c '"buffer_node": 0' "$out/m2o.json" || true)
[ "$n" -eq 4 ] || fail "expected the 4 many-to-one cases to report the receiver's node 0, got $n"
grep -q '"oversubscribed": 1' "$out/m2o.json" && fail "no case should share a PU (4 vCPUs)"

echo "== a class this machine lacks is a skip with the reason"
"$bench" --placement numa --strategies cma-read --sizes 64 --benchmark_min_time=0.001 \
  --benchmark_out="$out/numa.json" --benchmark_out_format=json >/dev/null || fail "numa run"
grep -q 'unsupported: placement class numa is absent' "$out/numa.json" || fail "numa skip reason missing"
echo "placement checks passed"
