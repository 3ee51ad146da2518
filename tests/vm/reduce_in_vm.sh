#!/bin/sh
# Runs inside the qemu guest booted on the kernel with the reduce patch (kernel/build-kernel): the
# reduce workload with cma-reduce beside the user-space strategies, every reduce validated against
# the integer sum, on 2 and 3 processes, f64 and i64. Functional checks only: nothing here is timed
# (short handoff probes and --regime any, since regimes mean nothing under TCG).
# Usage: reduce_in_vm.sh CROSSMEM_BENCH
set -eu
bench=$1
out=${CROSSMEM_VM_OUT:-/tmp}
fail() { echo "FAIL: $*"; exit 1; }
strategies=cma-reduce,cma-read,shm-copy,shared-map,memcpy

echo "== cma-reduce is available on this kernel"
"$bench" --list >"$out/list.txt"
grep -Eq '^cma-reduce +yes' "$out/list.txt" || fail "cma-reduce unavailable: $(grep -A3 '^cma-reduce' "$out/list.txt")"

for type in f64 i64; do
  echo "== reduce ($type), every reduce validated, 2 and 3 processes"
  json="$out/reduce-$type.json"
  "$bench" --workloads reduce --reduce-type "$type" --strategies "$strategies" --validate \
    --sizes 8,4104,1048584 --max-procs 3 --oversubscribe --benchmark_min_time=0.001 \
    --probe-rounds 10 --regime any \
    --benchmark_out="$json" --benchmark_out_format=json >/dev/null 2>"$out/reduce-$type.err" \
    || fail "reduce run ($type): $(tail -3 "$out/reduce-$type.err")"
  grep -q '"error_occurred": true' "$json" && fail "a reduce case failed: $(grep error_message "$json")"
  for procs in 2 3; do
    for s in cma-reduce cma-read shm-copy shared-map memcpy; do
      for size in 8 4104 1048584; do
        grep -q "\"reduce/$s/size:$size/procs:$procs/" "$json" \
          || fail "no reduce/$s case of $size bytes on $procs processes ($type)"
      done
    done
  done
  n=$(grep -c '"validated": 1\.0' "$json" || true)
  [ "$n" -eq 30 ] || fail "expected 30 validated reduce cases ($type), got $n"
done
echo "reduce checks passed"
