# Helpers shared by the suites against real peers (tests/interop, tests/conformance); sourced, not run.
# Everything stays on loopback or inside a private network namespace the calling script creates.

TEST_USER=${TEST_USER:-clusterd}
TEST_PASSWORD=${TEST_PASSWORD:-Clusterd-Pa55word}

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

# Prints the path of Samba's samba-dcerpcd: on PATH, else where Debian's samba-common-bin installs it
# (/usr/libexec/samba, which is not on PATH). Fails when neither exists.
find_samba_dcerpcd() {
    local path
    for path in "$(command -v samba-dcerpcd 2>/dev/null || true)" /usr/libexec/samba/samba-dcerpcd; do
        if [[ -n "$path" && -x "$path" ]]; then
            printf '%s\n' "$path"
            return 0
        fi
    done
    return 1
}

# Prints the test peers that are missing, one per line, and fails if any is: the tools the suites against real peers
# run (tests/interop, tests/conformance) and the python3-samba / python3-impacket modules of the distro python.
missing_test_peers() {
    local tool missing=0
    for tool in smbtorture rpcclient smbpasswd tshark unshare ip; do
        command -v "$tool" >/dev/null 2>&1 || { printf '%s\n' "$tool"; missing=1; }
    done
    find_samba_dcerpcd >/dev/null || { printf '%s\n' samba-dcerpcd; missing=1; }
    [[ -x /usr/bin/etcd ]] || { printf '%s\n' etcd; missing=1; }
    # The live view's browser tests (tests/Clusterd.Browser.Tests) drive Debian's chromium through Playwright.
    [[ -x /usr/bin/chromium ]] || { printf '%s\n' chromium; missing=1; }
    local module
    for module in samba impacket; do
        /usr/bin/python3 -c "import $module" >/dev/null 2>&1 || { printf 'python3 module %s\n' "$module"; missing=1; }
    done
    return $missing
}

# Re-executes the calling script inside a new network namespace (loopback only) unless already inside one.
# Unprivileged callers get a user namespace mapped to root, so port 135 still binds.
enter_netns() {
    if [[ "${CLUSTERD_IN_NETNS:-0}" == 1 ]]; then
        ip link set lo up
        return 0
    fi
    local unshare_args=(--net)
    if [[ $(id -u) != 0 ]]; then
        unshare_args=(--user --map-root-user --net)
    fi
    CLUSTERD_IN_NETNS=1 exec unshare "${unshare_args[@]}" -- "$0" "$@"
}

# stop_pid PID: stops a process this script started: SIGTERM, SIGKILL after 10 s, then reaps it.
stop_pid() {
    local pid=${1:-}
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# write_client_smb_conf DIR: a minimal smb.conf for the Samba clients (no server role) in DIR, with the suite's own
# [global] settings from the CLIENT_SMB_CONF_SETTINGS array, if the sourcing lib sets one.
write_client_smb_conf() {
    local dir=$1
    mkdir -p "$dir/private" "$dir/lock" "$dir/state" "$dir/cache"
    {
        printf '[global]\n'
        printf '    %s\n' "private dir = $dir/private" "lock directory = $dir/lock" "state directory = $dir/state" \
            "cache directory = $dir/cache" ${CLIENT_SMB_CONF_SETTINGS+"${CLIENT_SMB_CONF_SETTINGS[@]}"}
    } >"$dir/smb.conf"
}
