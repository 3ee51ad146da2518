#!/usr/bin/env bash
# scripts/fleet end to end on the test cluster of slurm-cluster (srun, sbatch) and on Open MPI's
# mpirun on localhost, each followed by crossmem-fleet-report on the gathered folder.
#
#   fleet_e2e.sh MODE FLEET_SCRIPT CROSSMEM_BENCH FLEET_REPORT CLUSTER_DIR
#   MODE: srun | sbatch | mpirun | usage
#
# No timing is asserted: only what was gathered, what failed and why, and what the report says.
# Exit 0 pass, 1 fail, 77 skipped (no test cluster: slurm-cluster up was skipped).
set -euo pipefail

mode=$1 fleet=$(realpath "$2") bench=$(realpath "$3") report=$(realpath "$4") cluster=$5
scratch=$(mktemp -d "${TMPDIR:-/tmp}/crossmem-fleet-test.XXXXXX")
sessions=()
# Each fleet run is its own process session (setsid; salloc, srun and sbatch included), killed
# when the test ends, and after 150 s: when the test runner dies, the cluster's supervisor stops
# the daemons and a launcher client still waiting for them ends here.
cleanup() {
  local sid
  for sid in "${sessions[@]}"; do pkill -KILL -s "$sid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT
in_session() {
  local pid waited=0 code=0
  setsid "$@" &
  pid=$!
  sessions+=("$pid")
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 150 ]; do
    sleep 1
    waited=$((waited + 1))
  done
  kill -0 "$pid" 2>/dev/null && { echo "$1 did not end in 150 s" >&2; pkill -KILL -s "$pid" || true; }
  wait "$pid" || code=$?
  return "$code"
}
run_fleet() { in_session "$fleet" "$@"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
expect_file() { [ -f "$1" ] || fail "missing $1"; }
expect_grep() { grep -q -- "$1" "$2" || { cat "$2" >&2; fail "'$1' not in $2"; }; }

# Quick, small sweeps: two strategies, three sizes, five repetitions.
# shellcheck disable=SC2054
sweep=(--strategies shm-copy,cma-read --sizes 4KiB,64KiB,1MiB --benchmark_repetitions=5
       --benchmark_min_time=0.01)

need_cluster() {
  [ -f "$cluster/slurm.conf" ] || { echo "no test cluster at $cluster: skipped"; exit 77; }
  export SLURM_CONF=$cluster/slurm.conf
}

check_node_ok() {
  local dir=$1
  expect_file "$dir/bench.json"
  expect_grep '"status": "ok"' "$dir/status.json"
  for key in crossmem.host crossmem.page_size crossmem.hugepage_sizes crossmem.cpu_model \
    crossmem.topology crossmem.kernel crossmem.thp crossmem.yama_ptrace_scope; do
    expect_grep "\"$key\"" "$dir/bench.json"
  done
}

case "$mode" in
  srun)
    need_cluster
    out=$scratch/srun
    # n3 measures THP-backed buffers: an odd node out on purpose.
    run_fleet -N 3 -o "$out" --crossmem "$bench" --node-args 'n3=--pages thp' -- "${sweep[@]}" \
      >"$scratch/fleet.txt" 2>&1 || { cat "$scratch/fleet.txt" >&2; fail "fleet through srun"; }
    expect_grep '3 node(s) ok, 0 failed' "$scratch/fleet.txt"
    for n in n1 n2 n3; do check_node_ok "$out/nodes/$n"; done
    expect_grep 'pages:thp' "$out/nodes/n3/bench.json"
    grep -q 'pages:thp' "$out/nodes/n1/bench.json" && fail "n1 ran with --pages thp"
    "$report" "$out" >"$scratch/report.txt" 2>&1 || { cat "$scratch/report.txt" >&2; fail "report"; }
    expect_grep "^odd node out: n3: .* differs in .*crossmem.pages" "$scratch/report.txt"
    # Whether n1 and n2 are also flagged depends on their timings, and so on the load of this
    # machine (all three nodes share its cores): not checked here. That equal nodes give no odd
    # node is checked on synthetic data (FleetReport unit tests).
    expect_file "$out/report/fleet.md"
    expect_file "$out/report/fleet.json"
    expect_grep '## Node type 1: n1, n2, n3' "$out/report/fleet.md"
    expect_grep '"key": "crossmem.pages"' "$out/report/fleet.json"
    # Settings per node type, and one file choosing them by node name (n3, odd, is left out).
    expect_file "$out/report/type-1.conf"
    expect_grep '^  n1|n2)$' "$out/report/fleet-env.sh"
    bash -n "$out/report/fleet-env.sh" || fail "fleet-env.sh is not valid shell"
    SLURMD_NODENAME=n1 bash -c '. "$1"' sh "$out/report/fleet-env.sh" || fail "sourcing fleet-env.sh"
    # Side-by-side plots: one per set of conditions measured at 2 sizes or more in the nodes'
    # base regimes. pages:4k always is (n1 and n2); pages:thp (n3 alone) only when the host stayed
    # in n3's base regime for two of its three size groups, which this machine's regime changes
    # decide, so only the plots that are referenced are checked (the per-condition split itself is
    # checked on synthetic data, FleetReport unit tests).
    expect_grep '^## Node types side by side' "$out/report/fleet.md"
    expect_grep '(plot-1.svg)' "$out/report/fleet.md"
    for p in $(grep -o 'plot-[0-9]*\.svg' "$out/report/fleet.md" | sort -u); do
      expect_grep '<svg' "$out/report/$p"
    done
    # A node of the allocation the step does not reach (the step is told to use 2 of the 3
    # nodes): recorded as not reached, not lost.
    code=0
    # shellcheck disable=SC2016
    in_session salloc -N 3 --exclusive bash -c \
      'SLURM_JOB_NUM_NODES=2 "$0" -o "$1" --crossmem "$2" -- --strategies cma-read --sizes 4KiB \
       --benchmark_repetitions=1 --benchmark_min_time=0.01' "$fleet" "$scratch/dead" "$bench" \
      >"$scratch/dead.txt" 2>&1 || code=$?
    [ "$code" -eq 1 ] || { cat "$scratch/dead.txt" >&2; fail "a node not reached: exit $code, not 1"; }
    expect_grep '2 node(s) ok, 1 failed (1 not reached)' "$scratch/dead.txt"
    expect_grep 'the launcher did not run crossmem-bench on this node' "$scratch/dead/nodes/n3/status.json"
    ;;
  sbatch)
    need_cluster
    out=$scratch/sbatch
    # n2 gets an option crossmem-bench refuses: a failed node, recorded with its reason.
    code=0
    run_fleet --launcher sbatch --wait -N 2 -o "$out" --crossmem "$bench" \
      --node-args 'n2=--no-such-option' -- "${sweep[@]}" >"$scratch/fleet.txt" 2>&1 || code=$?
    [ "$code" -eq 1 ] || { cat "$scratch/fleet.txt" >&2; fail "sbatch fleet exit $code, not 1"; }
    expect_file "$out/fleet.sbatch"
    expect_grep '^#SBATCH --nodes=2' "$out/fleet.sbatch"
    expect_grep '1 node(s) ok, 1 failed' "$scratch/fleet.txt"
    check_node_ok "$out/nodes/n1"
    expect_grep '"status": "failed"' "$out/nodes/n2/status.json"
    expect_grep 'exited 2 without results' "$out/nodes/n2/status.json"
    "$report" "$out" >"$scratch/report.txt" 2>&1 || { cat "$scratch/report.txt" >&2; fail "report"; }
    expect_grep '^failed node: n2: crossmem-bench exited 2' "$scratch/report.txt"
    expect_grep 'this group has 1 node' "$out/report/fleet.md"
    # crossmem missing on every node: every node is a recorded failure, none is lost.
    code=0
    run_fleet --launcher sbatch --wait -N 2 -o "$scratch/missing" --crossmem /nonexistent/crossmem-bench \
      >"$scratch/missing.txt" 2>&1 || code=$?
    [ "$code" -eq 1 ] || fail "fleet with a missing binary: exit $code, not 1"
    for n in n1 n2; do
      expect_grep 'not found or not executable' "$scratch/missing/nodes/$n/status.json"
    done
    "$report" "$scratch/missing" >"$scratch/report2.txt" || fail "report on failed nodes"
    [ "$(grep -c '^failed node:' "$scratch/report2.txt")" -eq 2 ] || fail "two failed nodes expected"
    ;;
  mpirun)
    out=$scratch/mpirun
    echo "localhost slots=1" >"$scratch/hostfile"
    export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_btl_tcp_if_include=lo
    run_fleet --launcher mpirun --hostfile "$scratch/hostfile" -o "$out" --crossmem "$bench" \
      -- "${sweep[@]}" >"$scratch/fleet.txt" 2>&1 || { cat "$scratch/fleet.txt" >&2; fail "mpirun"; }
    expect_grep '1 node(s) ok, 0 failed' "$scratch/fleet.txt"
    check_node_ok "$out/nodes/$(hostname -s)"
    "$report" "$out" >"$scratch/report.txt" 2>&1 || { cat "$scratch/report.txt" >&2; fail "report"; }
    expect_file "$out/report/fleet.md"
    ;;
  usage)
    for args in "--launcher bogus" "--nodes 0" "--launcher mpirun" "--wait" "--node-args x" \
      "--bogus" "-- --benchmark_out=x.json"; do
      code=0
      # shellcheck disable=SC2086
      (cd "$scratch" && "$fleet" $args -o "$scratch/u" >/dev/null 2>"$scratch/err") || code=$?
      [ "$code" -eq 2 ] || fail "fleet $args: exit $code, not 2"
      [ "$(wc -l <"$scratch/err")" -eq 1 ] || fail "fleet $args: not one line on stderr"
      [ ! -e "$scratch/u" ] || fail "fleet $args left $scratch/u"
    done
    mkdir -p "$scratch/exists"
    code=0
    "$fleet" -o "$scratch/exists" >/dev/null 2>&1 || code=$?
    [ "$code" -eq 2 ] || fail "an existing --out: exit $code, not 2"
    for target in "$scratch/absent" "$scratch/exists"; do
      code=0
      "$report" "$target" >/dev/null 2>"$scratch/err" || code=$?
      [ "$code" -eq 2 ] || fail "crossmem-fleet-report $target: exit $code, not 2"
      [ ! -e "$target/report" ] || fail "crossmem-fleet-report $target wrote a report"
    done
    code=0
    "$report" --alpha 2 "$scratch/exists" >/dev/null 2>&1 || code=$?
    [ "$code" -eq 2 ] || fail "--alpha 2: exit $code, not 2"
    ;;
  *) echo "usage: fleet_e2e.sh srun|sbatch|mpirun|usage FLEET BENCH REPORT CLUSTER_DIR" >&2; exit 2 ;;
esac
echo "PASS: $mode"
