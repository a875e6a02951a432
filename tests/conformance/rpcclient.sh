#!/usr/bin/env bash
# tests/conformance/rpcclient.sh: every rpcclient clusapi_* command of Samba 4.17 against a fresh clusterd, through
# the endpoint mapper on 127.0.0.1:135 inside a private network namespace (rpcclient always asks port 135 first).
# Sealed NTLMSSP ([seal]), as the ClusAPI interface requires packet privacy.
# clusapi_get_cluster_version must FAIL: MS-CMRP 3.1.4.2.5 says servers MUST answer ApiGetClusterVersion with
# ERROR_CALL_NOT_IMPLEMENTED, which smbtorture checks and rpcclient treats as an error (rpcclient's cmd_clusapi.c).
# Exit 0 = every command behaved as expected.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_clusterd
enter_netns "$@"
WORK=$(mktemp -d -t clusterd-rpcclient-XXXXXX)
cleanup() { stop_clusterd; [[ "${KEEP_LOGS:-0}" == 1 ]] && log "logs kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
write_client_smb_conf "$WORK"
start_clusterd "$WORK" --port 0 --epm-port 135

fail=0
passed=0
run() {
    local expect=$1
    shift
    local out="$WORK/rpcclient.$passed.$fail.out"
    local rc=0
    timeout 60 rpcclient -s "$WORK/smb.conf" "-U$TEST_USER%$TEST_PASSWORD" 'ncacn_ip_tcp:127.0.0.1[seal]' -c "$*" >"$out" 2>&1 || rc=$?
    if grep -qE 'NT_STATUS_(CONNECTION|IO_TIMEOUT|INVALID_NETWORK|RPC_PROTOCOL|ACCESS_DENIED|LOGON_FAILURE)' "$out"; then
        rc=99
    fi
    if { [[ $expect == ok && $rc == 0 ]] || [[ $expect == fail && $rc != 0 && $rc != 99 ]]; }; then
        log "ok ($expect): $*"; passed=$((passed + 1))
    else
        log "UNEXPECTED (wanted $expect, exit $rc): $*"; sed 's/^/    /' "$out" >&2; fail=$((fail + 1))
    fi
}
run ok   clusapi_open_cluster
run ok   clusapi_get_cluster_name
run fail clusapi_get_cluster_version
run ok   clusapi_get_cluster_version2
run ok   clusapi_get_quorum_resource
run ok   clusapi_create_enum
run ok   clusapi_create_enum 4
run ok   clusapi_create_enumex
run ok   clusapi_create_enumex 8
run ok   clusapi_open_resource
run ok   'clusapi_open_resource "Cluster IP Address"'
run ok   clusapi_get_resource_state
run ok   clusapi_offline_resource
run ok   clusapi_online_resource
run ok   clusapi_pause_node node1
run ok   clusapi_resume_node node1
log "$passed as expected, $fail unexpected"
mkdir -p "$CONF_DIR/results" && echo "rpcclient: $passed as expected, $fail unexpected" >"$CONF_DIR/results/rpcclient.counts"
[[ $fail == 0 ]]
