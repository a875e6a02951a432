#!/usr/bin/env bash
# tests/interop/rpcclient.sh: Samba rpcclient 'epmmap; epmlookup' against Clusterd.RpcHost's endpoint mapper on
# 127.0.0.1:135 inside a private network namespace (rpcclient always asks port 135 over ncacn_ip_tcp).
# Asserts epmlookup lists the endpoint mapper, mgmt and the echo interface once each and ends, and epmmap gets a
# well-formed answer (rpcclient's epmmap asks for lsarpc, which RpcHost does not serve: EPT_S_NOT_REGISTERED
# 0x16C9A0D6 is correct).
# Needs: smbclient (rpcclient), iproute2, util-linux (unshare), the dotnet SDK. Exit 0 = pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_host
enter_netns "$@"

WORK=$(mktemp -d -t clusterd-rpcclient-XXXXXX)
cleanup() { stop_host; [[ "${KEEP_LOGS:-0}" == 1 ]] && log "logs kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
write_client_smb_conf "$WORK"
start_host "$WORK" --listen 127.0.0.1 --epm-port 135

out="$WORK/rpcclient.out"
timeout 60 rpcclient -s "$WORK/smb.conf" -U "$TEST_DOMAIN\\$TEST_USER%$TEST_PASSWORD" 'ncacn_ip_tcp:127.0.0.1' \
    -c 'epmmap; epmlookup' >"$out" 2>&1 || true
cat "$out" >&2

fail=0
expect() {
    if grep -qiE "$1" "$out"; then log "ok: $2"; else log "MISSING: $2"; fail=1; fi
}
expect 'e1af8308-5d1f-11c9-91a4-08002b14a0fa' "epmlookup lists the endpoint mapper"
expect 'afa8bd80-7d8a-11c9-bef4-08002b102989' "epmlookup lists mgmt"
expect "ncacn_ip_tcp:127\\.0\\.0\\.1\\[$HOST_PORT,abstract_syntax=0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40" "epmlookup maps the echo interface to port $HOST_PORT"
expect 'epm_Map returned .*0x16C9A0D6|ncacn_ip_tcp:' "epmmap gets a well-formed answer"
# epmlookup pages with max_ents 1 until EPT_S_NOT_REGISTERED: the mapper must end the search after the last entry
# (Windows keeps the handle open after it and answers "not registered" on the next call), each entry listed once.
expect 'epm_Lookup no more entries' "epmlookup ends after the last entry"
if grep -E '^[0-9a-f]{8}-[0-9a-f-]+ ncacn_' "$out" | sort | uniq -d | grep -q .; then
    log "epmlookup listed an entry twice"; fail=1
fi
if grep -qE 'NT_STATUS_(CONNECTION|IO_TIMEOUT|INVALID_NETWORK|RPC_PROTOCOL)' "$out"; then
    log "transport or protocol error in rpcclient output"; fail=1
fi
[[ $fail == 0 ]] && log "PASS" || log "FAIL"
exit $fail
