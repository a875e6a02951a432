#!/usr/bin/env bash
# scripts/cluster.sh: a three-node Clusterd cluster on one machine, to try the multi-node mode (docs/multi-node.md).
# Starts one etcd member (Debian's etcd-server) and three clusterd processes, node1..node3 of the default topology,
# all on 127.0.0.1, sharing the cluster through etcd.
#
#   bash scripts/cluster.sh            start, print where everything listens, stop everything on Ctrl-C
#   bash scripts/cluster.sh start DIR  start in the background, state (pids, ports, logs) in DIR; prints the ports
#   bash scripts/cluster.sh stop DIR   stop what "start DIR" started
#
# Ports: etcd 127.0.0.1:${ETCD_PORT:-23790} (peer port +1); ClusAPI of nodeN on ${BASE_PORT:-49500}+N; admin
# (/health) of nodeN on ${ADMIN_BASE_PORT:-8135}+N; endpoint mappers on free ports. The account is
# clusterd / Clusterd-Pa55word unless ACCOUNTS=FILE is given.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
ETCD=${ETCD:-/usr/bin/etcd}
ETCD_PORT=${ETCD_PORT:-23790}
BASE_PORT=${BASE_PORT:-49500}
ADMIN_BASE_PORT=${ADMIN_BASE_PORT:-8135}
CONFIGURATION=${CONFIGURATION:-Release}
DLL="$REPO/src/Clusterd.Server/bin/$CONFIGURATION/net10.0/clusterd.dll"

say() { printf 'cluster.sh: %s\n' "$*" >&2; }

need_etcd() {
    if [[ ! -x "$ETCD" ]]; then
        say "etcd is not installed ($ETCD): sudo apt-get install etcd-server"
        exit 1
    fi
}

wait_for() { # wait_for SECONDS COMMAND...: polls every 100 ms
    local limit=$(( $1 * 10 ))
    shift
    for _ in $(seq 1 "$limit"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

start() {
    local dir=$1
    need_etcd
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ ! -f "$DLL" || "${SKIP_BUILD:-0}" != 1 ]]; then
        say "building clusterd ($CONFIGURATION)"
        dotnet build -c "$CONFIGURATION" --nologo -v quiet "$REPO/src/Clusterd.Server" >&2
    fi
    local accounts=${ACCOUNTS:-$dir/accounts}
    [[ -n "${ACCOUNTS:-}" ]] || printf 'clusterd:Clusterd-Pa55word\n' >"$accounts"
    local endpoint="http://127.0.0.1:$ETCD_PORT"
    "$ETCD" --name m1 --data-dir "$dir/etcd" \
        --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
        --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
        --initial-cluster "m1=http://127.0.0.1:$((ETCD_PORT + 1))" \
        --max-txn-ops 100000 --max-request-bytes 33554432 --log-level error >"$dir/etcd.log" 2>&1 &
    echo $! >"$dir/etcd.pid"
    if ! wait_for 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$ETCD_PORT"; then
        say "etcd did not start; see $dir/etcd.log"
        exit 1
    fi
    for n in 1 2 3; do
        dotnet "$DLL" --store etcd --etcd-endpoints "$endpoint" --local-node "node$n" \
            --data-dir "$dir/node$n" --port $((BASE_PORT + n)) --epm-port 0 --accounts "$accounts" \
            --admin-urls "http://127.0.0.1:$((ADMIN_BASE_PORT + n))" >"$dir/node$n.log" 2>&1 &
        echo $! >"$dir/node$n.pid"
        echo $((BASE_PORT + n)) >"$dir/node$n.port"
        if ! wait_for 60 grep -q ' ready$' "$dir/node$n.log"; then
            say "node$n did not start; see $dir/node$n.log"
            tail -5 "$dir/node$n.log" >&2 || true
            exit 1
        fi
    done
    echo "etcd      $endpoint"
    for n in 1 2 3; do
        echo "node$n     ClusAPI 127.0.0.1:$((BASE_PORT + n))   health http://127.0.0.1:$((ADMIN_BASE_PORT + n))/health   log $dir/node$n.log"
    done
}

stop() {
    local dir=$1
    for f in "$dir"/node3.pid "$dir"/node2.pid "$dir"/node1.pid "$dir"/etcd.pid; do
        [[ -f "$f" ]] || continue
        local pid
        pid=$(cat "$f")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$f"
    done
}

case "${1:-}" in
    start) start "${2:?usage: cluster.sh start DIR}" ;;
    stop) stop "${2:?usage: cluster.sh stop DIR}" ;;
    "")
        dir=$(mktemp -d -t clusterd-cluster-XXXXXX)
        trap 'stop "$dir"; rm -rf "$dir"' EXIT
        trap 'exit 130' INT TERM
        start "$dir"
        say "running; Ctrl-C stops the three nodes and etcd"
        while true; do sleep 3600; done
        ;;
    *) say "usage: cluster.sh [start DIR | stop DIR]"; exit 2 ;;
esac
