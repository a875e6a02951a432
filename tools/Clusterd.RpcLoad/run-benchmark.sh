#!/usr/bin/env bash
# tools/Clusterd.RpcLoad/run-benchmark.sh [DURATION_SECONDS]: the DCE/RPC layer benchmark of docs/benchmarks.md.
# In a private network namespace (loopback only): samba-dcerpcd on 127.0.0.1:135, Clusterd.RpcHost (epm on 1135,
# main listener on 1136), then Clusterd.RpcLoad measures sealed (NTLMSSP privacy) mgmt inq_if_ids calls/s with 1
# and 16 connections against both, and a plain TCP echo of the same bytes per round trip (the tool starts the echo
# server as a child process of its own, with inline socket completions). RpcHost runs with its default
# --completions inline, as clusterd does; the load client keeps the runtime's default (thread-pool) completions.
set -euo pipefail
source "$(dirname "$0")/../../tests/interop/lib.sh"
DURATION=${1:-10}
LOAD_DLL="$REPO_ROOT/tools/Clusterd.RpcLoad/bin/Release/net10.0/Clusterd.RpcLoad.dll"
if [[ "${CLUSTERD_IN_NETNS:-0}" != 1 ]]; then
    dotnet build -c Release --nologo -v quiet "$REPO_ROOT/tools/Clusterd.RpcHost" >&2
    dotnet build -c Release --nologo -v quiet "$REPO_ROOT/tools/Clusterd.RpcLoad" >&2
fi
SKIP_BUILD=1
enter_netns "$@"
WORK=$(mktemp -d -t clusterd-bench-XXXXXX)
cleanup() { stop_host; stop_samba_dcerpcd; rm -rf "$WORK"; }
trap cleanup EXIT
start_samba_dcerpcd "$WORK"
start_host "$WORK" --listen 127.0.0.1 --epm-port 1135 --port 1136
dotnet "$LOAD_DLL" --duration "$DURATION" --connections 1,16 --domain "$TEST_DOMAIN" --user "$TEST_USER" --password "$TEST_PASSWORD" \
    --target "clusterd=127.0.0.1:$HOST_PORT" --target "samba=127.0.0.1:135@root"
