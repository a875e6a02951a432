#!/usr/bin/env bash
# tests/conformance/smbtorture-multinode.sh: Samba's rpc.clusapi suite, sealed, against node2 of a running three-node
# cluster on etcd (scripts/cluster.sh start): the same 66 success, 6 skip, 0 failure as one process. Exit 0 = pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_clusterd
WORK=$(mktemp -d -t clusterd-torture-multi-XXXXXX)
cleanup() { SKIP_BUILD=1 bash "$REPO_ROOT/scripts/cluster.sh" stop "$WORK/cluster" || true; [[ "${KEEP_LOGS:-0}" == 1 ]] && log "logs kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
printf '%s:%s\n' "$TEST_USER" "$TEST_PASSWORD" >"$WORK/accounts"
# Ports away from the defaults, so a cluster a user runs does not collide.
ACCOUNTS="$WORK/accounts" ETCD_PORT=23890 BASE_PORT=49600 ADMIN_BASE_PORT=18235 SKIP_BUILD=1 \
    bash "$REPO_ROOT/scripts/cluster.sh" start "$WORK/cluster" >&2
write_client_smb_conf "$WORK"
port=$(cat "$WORK/cluster/node2.port")

run_torture smbtorture-multinode "$port" "$WORK" " (node2 of three, on etcd)"
