#!/usr/bin/env bash
# Runs every test of the repository: the .NET test projects of Clusterd.slnx, the bounded fuzz run of the parsers
# (tests/fuzz, docs/fuzzing.md), then the interop and conformance suites against real peers (Samba's smbtorture, rpcclient and raw_protocol tests, impacket,
# tshark). Those peers are Debian packages: when one is missing and this runs as root, they are installed
# with apt-get; otherwise the run fails and says what to install (a missing peer is never a pass). When
# every peer is present, apt-get is never called. Peers are looked up where Debian puts them
# (tests/lib/common.sh, missing_test_peers): samba-dcerpcd lives in /usr/libexec/samba, not on PATH.
# Prints one closing line: "tests: N passed, M failed, K skipped".
# --check-peers: only check (and, as root, install) the peers, then exit 0 if all are present.
set -uo pipefail
cd "$(dirname "$0")/.."
source tests/lib/common.sh

peers="smbclient samba samba-common-bin samba-testsuite python3-samba python3-impacket tshark iproute2 util-linux etcd-server chromium"
missing=$(missing_test_peers)
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "missing test peers: $(paste -sd, <<<"$missing"); installing: $peers"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $peers >/dev/null
  missing=$(missing_test_peers)
fi
if [ -n "$missing" ]; then
  echo "missing test peers: $(paste -sd, <<<"$missing"); install them (as root): apt-get install $peers" >&2
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
echo "test peers: all present"
if [ "${1:-}" = --check-peers ]; then
  exit 0
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build Clusterd.slnx -c Release -nologo -clp:ErrorsOnly
build=$?
passed=0; failed=0; skipped=0
if [ $build -ne 0 ]; then
  echo "build failed" >&2
  failed=1
else
  # The tests on a real etcd (the etcd store, membership and leases, and the multi-node tests with three clusterd
  # processes each) have timing bounds: they run afterwards, one assembly at a time, not beside the other test
  # assemblies, so leases and failover are not measured on a starved machine.
  etcd_tests="FullyQualifiedName~Clusterd.Store.Tests.Etcd"
  dotnet test Clusterd.slnx -c Release --no-build -nologo \
    --filter "FullyQualifiedName!~Clusterd.MultiNode.Tests&FullyQualifiedName!~Clusterd.Store.Tests.Etcd" \
    --logger "trx" --results-directory "$results" 2>&1 | tee "$results/dotnet-test.log"
  dotnet test tests/Clusterd.Store.Tests -c Release --no-build -nologo --filter "$etcd_tests" \
    --logger "trx" --results-directory "$results" 2>&1 | tee -a "$results/dotnet-test.log"
  dotnet test tests/Clusterd.MultiNode.Tests -c Release --no-build -nologo --logger "trx" --results-directory "$results" 2>&1 \
    | tee -a "$results/dotnet-test.log"
  # Sum the per-assembly summaries: "Passed!  - Failed:     0, Passed:    42, Skipped:     0, Total:    42"
  while read -r f p s; do
    failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
  done < <(grep -E '^(Passed|Failed)! +- Failed:' "$results/dotnet-test.log" \
    | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/')
  if ! grep -qE '^(Passed|Failed)! +- Failed:' "$results/dotnet-test.log"; then
    echo "no test summary found" >&2
    failed=$((failed + 1))
  fi
  if grep -q 'Test Run Aborted' "$results/dotnet-test.log"; then
    echo "a test host aborted" >&2
    failed=$((failed + 1))
  fi
fi

# Suites against real peers: each prints a closing "<suite>: N passed, M failed" line.
for suite in fuzz interop conformance; do
  runner=tests/$suite/run-all.sh
  if [ ! -x "$runner" ]; then
    echo "$runner is missing or not executable" >&2
    failed=$((failed + 1)); continue
  fi
  if [ $build -ne 0 ]; then
    failed=$((failed + 1)); continue
  fi
  "$runner" 2>&1 | tee "$results/$suite.log"
  line=$(grep -E "^$suite: [0-9]+ passed, [0-9]+ failed" "$results/$suite.log" | tail -n 1)
  if [ -n "$line" ]; then
    sp=$(sed -E "s/$suite: ([0-9]+) passed.*/\1/" <<<"$line")
    sf=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    passed=$((passed + sp)); failed=$((failed + sf))
  else
    echo "$suite suites printed no summary" >&2
    failed=$((failed + 1))
  fi
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
