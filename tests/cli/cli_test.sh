#!/usr/bin/env bash
# The `crossmem` command: help lists every subcommand, dispatch passes arguments and exit codes
# through, unknown subcommands are refused, and the bash completion offers subcommands, strategy
# names and workload names that crossmem-bench accepts.
# Usage: cli_test.sh CROSSMEM COMPLETION_FILE
set -uo pipefail
crossmem=$1
completion=$2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Runs crossmem with the given arguments; sets out, err and status.
run() {
  local o e
  o=$(mktemp) e=$(mktemp)
  "$crossmem" "$@" >"$o" 2>"$e"
  status=$?
  out=$(cat "$o") err=$(cat "$e")
  rm -f "$o" "$e"
}

run help
[ "$status" -eq 0 ] || fail "crossmem help exits $status"
for sub in bench doctor report tune vm; do
  grep -q "^  $sub " <<<"$out" || fail "crossmem help does not list $sub"
done
run
[ "$status" -eq 0 ] && grep -q "^  bench " <<<"$out" || fail "crossmem without arguments: no help"
run --version
[ "$status" -eq 0 ] && grep -q "^crossmem [0-9]" <<<"$out" || fail "crossmem --version: '$out'"

# Every subcommand's program is found and prints its own help.
for sub in bench doctor report tune vm; do
  run help "$sub"
  [ "$status" -eq 0 ] || fail "crossmem help $sub exits $status: $err"
  grep -qi "usage" <<<"$out" || fail "crossmem help $sub shows no usage"
done

# Arguments and exit codes pass through.
run bench --list
[ "$status" -eq 0 ] && grep -q "^memcpy " <<<"$out" || fail "crossmem bench --list: $status"
run bench --strategies teleport
[ "$status" -eq 2 ] || fail "crossmem bench --strategies teleport exits $status"
grep -q "^crossmem-bench: unknown strategy 'teleport'" <<<"$err" || fail "bench's message lost: $err"
[ -z "$out" ] || fail "bench with bad input printed on stdout"
run report /nonexistent/x.json
[ "$status" -eq 2 ] || fail "crossmem report on a missing file exits $status"
run doctor --json
[ "$status" -eq 0 ] && grep -q '"schema"' <<<"$out" || fail "crossmem doctor --json: $status"

# Unknown subcommands and help topics are usage errors: exit 2, one line.
for args in "frobnicate" "help frobnicate" "--frobnicate"; do
  # shellcheck disable=SC2086
  run $args
  [ "$status" -eq 2 ] || fail "crossmem $args exits $status"
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "crossmem $args: not one line: $err"
  [ -z "$out" ] || fail "crossmem $args printed on stdout"
done

# Bash completion.
complete_words() {  # prints the completions of the last word of "$@"
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _crossmem
    printf "%s\n" "${COMPREPLY[@]}"' completion "$completion" "$crossmem" "$@" 2>/dev/null
}
[ "$(complete_words be)" = bench ] || fail "completion of 'be': $(complete_words be)"
[ "$(complete_words help do)" = doctor ] || fail "completion of 'help do'"
strategies=$(complete_words bench --strategies "")
for s in memcpy shm-copy cma-read cma-write vmsplice; do
  grep -qx "$s" <<<"$strategies" || fail "completion of --strategies lacks $s"
done
[ "$(complete_words bench --strategies cma-read,cma-w)" = cma-read,cma-write ] ||
  fail "completion inside a strategy list: $(complete_words bench --strategies cma-read,cma-w)"
grep -qx -- "--strategies" <<<"$(complete_words bench --str)" || fail "option completion"
workloads=$(complete_words bench --workloads "")
[ "$(wc -l <<<"$workloads")" -eq 5 ] || fail "completion of --workloads: $workloads"
grep -qx reduce <<<"$workloads" || fail "completion of --workloads lacks reduce: $workloads"
grep -qx loop <<<"$workloads" && fail "completion of --workloads offers loop (--loops only)"
for w in $workloads; do  # each one is a workload crossmem-bench accepts
  run bench --workloads "$w" --sizes 0
  grep -q "unknown workload" <<<"$err" && fail "completed workload $w is refused"
done

[ "$failures" -eq 0 ] && echo "all checks passed"
exit $((failures > 0))
