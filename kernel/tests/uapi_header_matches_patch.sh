#!/usr/bin/env bash
# The reduce ABI header user space builds against (kernel/include/crossmem/uapi) and the one the
# patch series adds to the kernel (include/uapi/linux/process_vm_reduce.h) must be identical.
set -euo pipefail
kernel="$(cd "$(dirname "$0")/.." && pwd)"
header="$kernel/include/crossmem/uapi/process_vm_reduce.h"
target="include/uapi/linux/process_vm_reduce.h"

found=()
while IFS= read -r p; do
  p="${p%%#*}"
  p="${p//[[:space:]]/}"
  [[ -n "$p" ]] || continue
  if grep -qxF "+++ b/$target" "$kernel/patches/$p"; then found+=("$p"); fi
done < "$kernel/patches/series"
if [[ ${#found[@]} -ne 1 ]]; then
  echo "FAIL: ${#found[@]} patches of the series add $target (want exactly 1: ${found[*]:-none})"
  exit 1
fi

# The file is new in that patch: one hunk "@@ -0,0 +1,N @@" of N added lines.
added="$(awk -v t="+++ b/$target" '
  $0 == t { inside = 1; next }
  inside && /^@@ -0,0 \+1(,[0-9]+)? @@/ { n = 1; if (match($0, /\+1,[0-9]+/)) n = substr($0, RSTART + 3, RLENGTH - 3); take = n; next }
  inside && take > 0 { if (substr($0, 1, 1) != "+") { print "BAD LINE: " $0; exit 1 } print substr($0, 2); take--; if (take == 0) exit }
' "$kernel/patches/${found[0]}")"
if ! diff -u "$header" <(printf '%s\n' "$added") > /dev/null; then
  echo "FAIL: $header differs from $target in ${found[0]}:"
  diff -u "$header" <(printf '%s\n' "$added") | head -40
  exit 1
fi
echo "ok: $target in ${found[0]} is identical to $header ($(wc -l < "$header") lines)"
