#!/usr/bin/env bash
# tests/interop/run-all.sh: builds RpcHost and clusterd once, runs the interop scripts (a) raw_protocol, (b) impacket,
# (c) rpcclient, (d) tshark, prints one summary line per script and finally "interop: N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
{ build_host && build_clusterd; } || { echo "interop: 0 passed, 4 failed"; exit 1; }
export SKIP_BUILD=1
passed=0
failed=0
summary=()
run() {
    local name=$1
    shift
    local started=$SECONDS
    if "$@" >"$INTEROP_DIR/results/$name.log" 2>&1; then
        passed=$((passed + 1)); summary+=("PASS $name ($((SECONDS - started)) s)")
    else
        failed=$((failed + 1)); summary+=("FAIL $name ($((SECONDS - started)) s, see tests/interop/results/$name.log)")
    fi
}
mkdir -p "$INTEROP_DIR/results"
run raw_protocol "$INTEROP_DIR/raw_protocol.sh"
run impacket "$SYSTEM_PYTHON" "$INTEROP_DIR/impacket.py"
run rpcclient "$INTEROP_DIR/rpcclient.sh"
run tshark "$INTEROP_DIR/tshark.sh"
printf '%s\n' "${summary[@]}"
[[ -f "$INTEROP_DIR/results/raw_protocol.clusterd.counts" ]] && cat "$INTEROP_DIR/results/raw_protocol.clusterd.counts"
echo "interop: $passed passed, $failed failed"
[[ $failed == 0 ]]
