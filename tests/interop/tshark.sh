#!/usr/bin/env bash
# tests/interop/tshark.sh: captures a sealed session (impacket NTLMSSP privacy binds and calls, multi-fragment) on
# lo inside a private network namespace, then dissects it with tshark. Asserts: no "Malformed Packet" and no expert
# error, and DCE/RPC request/response PDUs with auth_level 6 (privacy) were seen.
# Needs: tshark, python3-impacket, iproute2, util-linux (unshare), the dotnet SDK. Exit 0 = pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_host
enter_netns "$@"

WORK=$(mktemp -d -t clusterd-tshark-XXXXXX)
TSHARK_PID=""
cleanup() {
    [[ -n "$TSHARK_PID" ]] && kill -INT "$TSHARK_PID" 2>/dev/null && wait "$TSHARK_PID" 2>/dev/null || true
    stop_host
    [[ "${KEEP_LOGS:-0}" == 1 ]] && log "logs kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
start_host "$WORK" --listen 127.0.0.1 --epm-port 135

PCAP="$WORK/sealed.pcapng"
tshark -i lo -f "tcp port $HOST_PORT or tcp port 135" -w "$PCAP" -q >"$WORK/tshark-capture.log" 2>&1 &
TSHARK_PID=$!
for _ in $(seq 1 100); do grep -q 'Capturing on' "$WORK/tshark-capture.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5

# The sealed traffic: the impacket checks run privacy binds with 1000-byte fragments, epm and negative cases.
"$SYSTEM_PYTHON" "$INTEROP_DIR/impacket_checks.py" 127.0.0.1 135 "$HOST_PORT" "$TEST_USER" "$TEST_PASSWORD" "$TEST_DOMAIN" >"$WORK/impacket.out" 2>&1 || {
    cat "$WORK/impacket.out" >&2; log "FAIL: impacket traffic generation failed"; exit 1; }
sleep 1
kill -INT "$TSHARK_PID"; wait "$TSHARK_PID" 2>/dev/null || true; TSHARK_PID=""

DISSECT="$WORK/dissect.txt"
tshark -r "$PCAP" -d "tcp.port==$HOST_PORT,dcerpc" -V >"$DISSECT" 2>&1
EXPERT="$WORK/expert.txt"
tshark -r "$PCAP" -d "tcp.port==$HOST_PORT,dcerpc" -q -z expert,error >"$EXPERT" 2>&1 || true

fail=0
packets=$(tshark -r "$PCAP" -d "tcp.port==$HOST_PORT,dcerpc" -Y dcerpc 2>/dev/null | wc -l)
sealed=$(tshark -r "$PCAP" -d "tcp.port==$HOST_PORT,dcerpc" -Y 'dcerpc.auth_level == 6 && (dcerpc.pkt_type == 0 || dcerpc.pkt_type == 2)' 2>/dev/null | wc -l)
log "DCE/RPC packets: $packets; sealed requests/responses (auth_level 6): $sealed"
if grep -q 'Malformed Packet' "$DISSECT"; then log "FAIL: Malformed Packet in the dissection"; grep -n -B5 'Malformed Packet' "$DISSECT" | head -40 >&2; fail=1; fi
if grep -qE '^\s*Error\b|\[Severity level: Error\]' "$DISSECT" || grep -qE 'Errors \([0-9]+\)' "$EXPERT"; then
    log "FAIL: expert errors"; cat "$EXPERT" >&2; fail=1
fi
if [[ "$sealed" -lt 4 ]]; then log "FAIL: expected sealed (auth_level 6) requests and responses"; fail=1; fi
[[ $fail == 0 ]] && log "PASS" || log "FAIL"
exit $fail
