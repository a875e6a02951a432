# Shared helpers of the interop scripts (sourced, not run). Everything here stays on loopback or inside a private
# network namespace the calling script created; nothing listens on any other address.

INTEROP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$INTEROP_DIR/../.." && pwd)
CONFIGURATION=${CONFIGURATION:-Release}
HOST_DLL="$REPO_ROOT/tools/Clusterd.RpcHost/bin/$CONFIGURATION/net10.0/Clusterd.RpcHost.dll"
CLUSTERD_DLL="$REPO_ROOT/src/Clusterd.Server/bin/$CONFIGURATION/net10.0/clusterd.dll"
SYSTEM_PYTHON=${SYSTEM_PYTHON:-/usr/bin/python3}   # python3-samba and python3-impacket live in the distro python
TEST_DOMAIN=${TEST_DOMAIN:-CLUSTERD}

# shellcheck source=../lib/common.sh
source "$REPO_ROOT/tests/lib/common.sh"

# Builds RpcHost unless SKIP_BUILD=1 (run-all.sh builds once).
build_host() {
    if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$HOST_DLL" ]]; then
        log "building Clusterd.RpcHost ($CONFIGURATION)"
        dotnet build -c "$CONFIGURATION" --nologo -v quiet "$REPO_ROOT/tools/Clusterd.RpcHost" >&2
    fi
}

# Builds clusterd unless SKIP_BUILD=1 (impacket.py runs rpcdump.py against it).
build_clusterd() {
    if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$CLUSTERD_DLL" ]]; then
        log "building clusterd ($CONFIGURATION)"
        dotnet build -c "$CONFIGURATION" --nologo -v quiet "$REPO_ROOT/src/Clusterd.Server" >&2
    fi
}

# start_host WORKDIR EXTRA_ARGS... : starts RpcHost in the background, waits for its "listening" line and sets
# HOST_PID, HOST_EPM_PORT and HOST_PORT. Its stderr goes to WORKDIR/rpchost.log.
start_host() {
    local workdir=$1
    shift
    printf '%s:%s\n' "$TEST_USER" "$TEST_PASSWORD" >"$workdir/accounts"
    mkfifo "$workdir/host.out"
    dotnet "$HOST_DLL" --accounts "$workdir/accounts" --domain "$TEST_DOMAIN" "$@" \
        >"$workdir/host.out" 2>"$workdir/rpchost.log" &
    HOST_PID=$!
    local line=""
    exec {HOST_FD}<"$workdir/host.out"
    if ! read -r -t 60 line <&"$HOST_FD" || [[ "$line" != listening* ]]; then
        log "RpcHost did not start: '$line'"
        tail -20 "$workdir/rpchost.log" >&2 || true
        return 1
    fi
    # Keep draining stdout so the host never blocks on a full pipe.
    cat <&"$HOST_FD" >/dev/null &
    HOST_EPM_PORT=$(sed -E 's/.*epm=([0-9]+).*/\1/' <<<"$line")
    HOST_PORT=$(sed -E 's/.*port=([0-9]+).*/\1/' <<<"$line")
    log "RpcHost pid $HOST_PID: epm=$HOST_EPM_PORT port=$HOST_PORT"
}

# Stops RpcHost with SIGTERM and waits; escalates to SIGKILL after 10 s.
stop_host() {
    stop_pid "${HOST_PID:-}"
    HOST_PID=""
}

# Settings of write_client_smb_conf (tests/lib/common.sh) for these suites.
CLIENT_SMB_CONF_SETTINGS=("workgroup = $TEST_DOMAIN" "realm = ${TEST_DOMAIN}.LOCAL" "log level = 0")

# start_samba_dcerpcd WORKDIR: Samba's samba-dcerpcd as a standalone server on 127.0.0.1:135 (call inside a private
# network namespace), with private/lock/state/cache dirs under WORKDIR/samba and one passdb account: root with
# TEST_PASSWORD (a passdb account needs a Unix user; the passdb lives in the temp dir only). Sets SAMBA_PID, SAMBA_DIR.
start_samba_dcerpcd() {
    SAMBA_DIR="$1/samba"
    mkdir -p "$SAMBA_DIR"/{private,lock,state,cache,pid,ncalrpc,log}
    cat >"$SAMBA_DIR/smb.conf" <<CONF
[global]
    workgroup = $TEST_DOMAIN
    netbios name = RAWTEST
    server role = standalone server
    interfaces = 127.0.0.1
    bind interfaces only = yes
    rpc start on demand helpers = no
    private dir = $SAMBA_DIR/private
    lock directory = $SAMBA_DIR/lock
    state directory = $SAMBA_DIR/state
    cache directory = $SAMBA_DIR/cache
    pid directory = $SAMBA_DIR/pid
    ncalrpc dir = $SAMBA_DIR/ncalrpc
    log file = $SAMBA_DIR/log/%m.log
    passdb backend = tdbsam:$SAMBA_DIR/private/passdb.tdb
    log level = 1
CONF
    printf '%s\n%s\n' "$TEST_PASSWORD" "$TEST_PASSWORD" | smbpasswd -c "$SAMBA_DIR/smb.conf" -a -s root >&2
    local dcerpcd
    dcerpcd=$(find_samba_dcerpcd) || { log "samba-dcerpcd not found (package samba-common-bin)"; return 1; }
    "$dcerpcd" --libexec-rpcds -F -s "$SAMBA_DIR/smb.conf" >"$SAMBA_DIR/log/dcerpcd.out" 2>&1 &
    SAMBA_PID=$!
    for _ in $(seq 1 150); do
        (exec 3<>/dev/tcp/127.0.0.1/135) 2>/dev/null && break
        sleep 0.2
    done
    log "samba-dcerpcd pid $SAMBA_PID"
}

stop_samba_dcerpcd() {
    stop_pid "${SAMBA_PID:-}"
    SAMBA_PID=""
}
