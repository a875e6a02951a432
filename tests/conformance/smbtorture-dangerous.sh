#!/usr/bin/env bash
# tests/conformance/smbtorture-dangerous.sh: rpc.clusapi with -X (the 5 dangerous tests too) against a fresh
# clusterd. Real operations stay real, so the suite's Windows-lab assumptions make some tests fail; the expected
# result and the reason for each failure are in smbtorture-dangerous.expected.md. Exit 0 = exactly the expected
# failures (and nothing else failed).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_clusterd
WORK=$(mktemp -d -t clusterd-torture-x-XXXXXX)
cleanup() { stop_clusterd; [[ "${KEEP_LOGS:-0}" == 1 ]] && log "logs kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
write_client_smb_conf "$WORK"
start_clusterd "$WORK" --port 0 --epm-port 0

out="$WORK/smbtorture.out"
timeout 600 smbtorture -s "$WORK/smb.conf" "ncacn_ip_tcp:127.0.0.1[$CLUSAPI_PORT,seal]" \
    "-U$TEST_USER%$TEST_PASSWORD" -X rpc.clusapi >"$out" 2>&1 || true
grep -E '^(failure|error): ' -A4 "$out" >&2 || true
counts=$(torture_counts "$out")
log "$counts"
mkdir -p "$CONF_DIR/results" && echo "smbtorture -X: $counts" >"$CONF_DIR/results/smbtorture-dangerous.counts"
failed=$(grep -E '^(failure|error): ' "$out" | sed -E 's/^(failure|error): ([^ ]+).*/\2/' | sort | tr '\n' ' ')
expected=$(sed -nE 's/^- `([^`]+)`.*/\1/p' "$CONF_DIR/smbtorture-dangerous.expected.md" | sort | tr '\n' ' ')
log "failed:   $failed"
log "expected: $expected"
[[ "$failed" == "$expected" ]]
