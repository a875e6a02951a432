#!/usr/bin/env bash
# tests/conformance/run-all.sh: builds clusterd once, runs (a) smbtorture rpc.clusapi sealed, (b) the same with -X,
# (c) every rpcclient clusapi command through the endpoint mapper on port 135 in a private network namespace, (d)
# smbtorture rpc.clusapi sealed against node2 of a three-node cluster on etcd, (e) smbtorture under the emulator's wire
# fault rules (smbtorture-wire-faults.sh); prints
# one line per script and finally "conformance: N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
build_clusterd || { echo "conformance: 0 passed, 5 failed"; exit 1; }
export SKIP_BUILD=1
passed=0
failed=0
summary=()
mkdir -p "$CONF_DIR/results"
run() {
    local name=$1
    shift
    local started=$SECONDS
    if "$@" >"$CONF_DIR/results/$name.log" 2>&1; then
        passed=$((passed + 1)); summary+=("PASS $name ($((SECONDS - started)) s)")
    else
        failed=$((failed + 1)); summary+=("FAIL $name ($((SECONDS - started)) s, see tests/conformance/results/$name.log)")
    fi
}
run smbtorture "$CONF_DIR/smbtorture.sh"
run smbtorture-dangerous "$CONF_DIR/smbtorture-dangerous.sh"
run rpcclient "$CONF_DIR/rpcclient.sh"
run smbtorture-multinode "$CONF_DIR/smbtorture-multinode.sh"
run smbtorture-wire-faults "$CONF_DIR/smbtorture-wire-faults.sh"
printf '%s\n' "${summary[@]}"
cat "$CONF_DIR"/results/*.counts 2>/dev/null
echo "conformance: $passed passed, $failed failed"
[[ $failed == 0 ]]
