#!/usr/bin/env bash
# tests/conformance/smbtorture-wire-faults.sh: the emulator's wire faults (docs/wire-faults.md) as Samba's smbtorture
# sees them. A rule "the next ApiGetClusterName fails with ERROR_SHARING_PAUSED" makes smbtorture's
# rpc.clusapi.cluster.GetClusterName fail with exactly WERR_SHARING_PAUSED, and the run after it succeed; a DCE fault
# rule makes it see that fault status. Exit 0 = pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_clusterd
WORK=$(mktemp -d -t clusterd-wire-faults-XXXXXX)
cleanup() { stop_clusterd; [[ "${KEEP_LOGS:-0}" == 1 ]] && log "logs kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
write_client_smb_conf "$WORK"
start_clusterd "$WORK" --emulator --port 0 --epm-port 0
ADMIN=$(sed -nE 's/.*admin listening on (http:\/\/[^ ]+).*/\1/p' "$WORK/clusterd.log" | head -1)

# add_rule JSON: POST /admin/faults/wire (python3 comes with the Samba test peers; no curl needed).
add_rule() {
    python3 - "$ADMIN/admin/faults/wire" "$1" <<'PY'
import sys, urllib.request
request = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), headers={"content-type": "application/json"})
print(urllib.request.urlopen(request, timeout=30).read().decode())
PY
}

# torture: rpc.clusapi.cluster.GetClusterName once; its output in $WORK/torture.out.
torture() {
    timeout 120 smbtorture -s "$WORK/smb.conf" "ncacn_ip_tcp:127.0.0.1[$CLUSAPI_PORT,seal]" "-U$TEST_USER%$TEST_PASSWORD" \
        rpc.clusapi.cluster.GetClusterName >"$WORK/torture.out" 2>&1 || true
    cat "$WORK/torture.out"
}

failures=0
expect() {
    if grep -qF -- "$1" "$WORK/torture.out"; then
        log "ok: $2"
    else
        log "FAILED: $2 (expected '$1')"
        failures=$((failures + 1))
    fi
}

add_rule '{"opnum":"ApiGetClusterName","error":"ERROR_SHARING_PAUSED"}'
torture
expect "r.out.result was WERR_SHARING_PAUSED, expected WERR_OK" "the next GetClusterName fails with exactly the injected error"
torture
expect "success: cluster.GetClusterName" "the one after succeeds"

add_rule '{"opnum":"ApiGetClusterName","dceFault":"0x1c010002"}'
torture
expect "NT_STATUS_RPC_PROCNUM_OUT_OF_RANGE" "a DCE fault rule answers nca_s_op_rng_error"
torture
expect "success: cluster.GetClusterName" "and the call after it succeeds"
grep -F "wire fault" "$WORK/clusterd.log" >&2 || true
[[ $failures == 0 ]]
