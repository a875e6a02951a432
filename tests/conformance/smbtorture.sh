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

run_torture smbtorture "$CLUSAPI_PORT" "$WORK"
