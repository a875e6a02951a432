# Shared helpers of the conformance scripts (sourced, not run). Every server listens on loopback only, or inside a
# private network namespace the calling script created.

CONF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$CONF_DIR/../.." && pwd)
CONFIGURATION=${CONFIGURATION:-Release}
CLUSTERD_DLL="$REPO_ROOT/src/Clusterd.Server/bin/$CONFIGURATION/net10.0/clusterd.dll"

# shellcheck source=../lib/common.sh
source "$REPO_ROOT/tests/lib/common.sh"

# Builds clusterd unless SKIP_BUILD=1 (run-all.sh builds once).
build_clusterd() {
    if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$CLUSTERD_DLL" ]]; then
        log "building clusterd ($CONFIGURATION)"
        dotnet build -c "$CONFIGURATION" --nologo -v quiet "$REPO_ROOT/src/Clusterd.Server" >&2
    fi
}

# start_clusterd WORKDIR EXTRA_ARGS...: a fresh clusterd on WORKDIR/data with WORKDIR/accounts; waits for
# "clusapi listening on ADDR:PORT" and sets SERVER_PID and CLUSAPI_PORT. The log is WORKDIR/clusterd.log.
start_clusterd() {
    local workdir=$1
    shift
    printf '%s:%s\n' "$TEST_USER" "$TEST_PASSWORD" >"$workdir/accounts"
    dotnet "$CLUSTERD_DLL" --data-dir "$workdir/data" --admin-urls http://127.0.0.1:0 --listen 127.0.0.1 \
        --accounts "$workdir/accounts" "$@" >"$workdir/clusterd.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if grep -q ' ready$' "$workdir/clusterd.log" 2>/dev/null; then
            CLUSAPI_PORT=$(sed -nE 's/.*clusapi listening on [0-9.]+:([0-9]+).*/\1/p' "$workdir/clusterd.log" | head -1)
            log "clusterd pid $SERVER_PID: clusapi port $CLUSAPI_PORT"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    log "clusterd did not start"
    tail -20 "$workdir/clusterd.log" >&2 || true
    return 1
}

# Stops the clusterd this script started (by its pid) with SIGTERM; SIGKILL after 10 s.
stop_clusterd() {
    stop_pid "${SERVER_PID:-}"
    SERVER_PID=""
}

# Settings of write_client_smb_conf (tests/lib/common.sh) for these suites.
CLIENT_SMB_CONF_SETTINGS=("client min protocol = SMB2")

# Prints "success N skip M failure K" counts of an smbtorture log.
torture_counts() {
    local out=$1
    printf 'success %s skip %s failure %s error %s\n' \
        "$(grep -cE '^success: ' "$out")" "$(grep -cE '^skip: ' "$out")" \
        "$(grep -cE '^failure: ' "$out")" "$(grep -cE '^error: ' "$out")"
}

# run_torture NAME PORT WORKDIR [NOTE]: smbtorture rpc.clusapi sealed against 127.0.0.1:PORT, with WORKDIR/smb.conf;
# logs and records the counts as NAME and succeeds only on 66 success, 6 skip, 0 failure, 0 error.
run_torture() {
    local name=$1 port=$2 workdir=$3 note=${4:-}
    local out="$workdir/smbtorture.out"
    timeout 600 smbtorture -s "$workdir/smb.conf" "ncacn_ip_tcp:127.0.0.1[$port,seal]" \
        "-U$TEST_USER%$TEST_PASSWORD" rpc.clusapi >"$out" 2>&1 || true
    grep -E '^(failure|error): ' -A4 "$out" >&2 || true
    local counts
    counts=$(torture_counts "$out")
    log "$counts$note"
    mkdir -p "$CONF_DIR/results" && echo "$name: $counts" >"$CONF_DIR/results/$name.counts"
    [[ "$counts" == "success 66 skip 6 failure 0 error 0" ]]
}
