#!/usr/bin/env bash
# tests/conformance/smbtorture.sh: Samba's rpc.clusapi suite (72 tests) against a fresh clusterd, sealed
# (SPNEGO + NTLMv2, packet privacy, as MS-CMRP 2.1 requires). Expects 66 success, 6 skip (the 5 dangerous tests
# and SetQuorumResource), 0 failure. Exit 0 = pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_clusterd
WORK=$(mktemp -d -t clusterd-torture-XXXXXX)
cleanup() { stop_clusterd; [[ "${KEEP_LOGS:-0}" == 1 ]] && log "logs kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
write_client_smb_conf "$WORK"
start_clusterd "$WORK" --port 0 --epm-port 0

out="$WORK/smbtorture.out"
timeout 600 smbtorture -s "$WORK/smb.conf" "ncacn_ip_tcp:127.0.0.1[$CLUSAPI_PORT,seal]" \
    "-U$TEST_USER%$TEST_PASSWORD" rpc.clusapi >"$out" 2>&1 || true
grep -E '^(failure|error): ' -A4 "$out" >&2 || true
counts=$(torture_counts "$out")
log "$counts"
mkdir -p "$CONF_DIR/results" && echo "smbtorture: $counts" >"$CONF_DIR/results/smbtorture.counts"
[[ "$counts" == "success 66 skip 6 failure 0 error 0" ]]
