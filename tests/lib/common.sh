# Helpers shared by the suites against real peers (tests/interop, tests/conformance); sourced, not run.
# Everything stays on loopback or inside a private network namespace the calling script creates.

TEST_USER=${TEST_USER:-clusterd}
TEST_PASSWORD=${TEST_PASSWORD:-Clusterd-Pa55word}

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

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
