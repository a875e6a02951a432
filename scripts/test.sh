#!/usr/bin/env bash
# Runs every test of the repository: the .NET test projects of Clusterd.slnx, then the interop suites
# under tests/interop when their tools are installed (CI installs them; see .ci/run).
# Prints one closing line: "tests: N passed, M failed, K skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

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
  dotnet test Clusterd.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$results" 2>&1 | tee "$results/dotnet-test.log"
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

if [ -x tests/interop/run-all.sh ] && [ $build -eq 0 ]; then
  if tests/interop/run-all.sh 2>&1 | tee "$results/interop.log"; then :; fi
  line=$(grep -E '^interop: [0-9]+ passed, [0-9]+ failed' "$results/interop.log" | tail -n 1)
  if [ -n "$line" ]; then
    ip=$(sed -E 's/interop: ([0-9]+) passed.*/\1/' <<<"$line")
    if_=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    passed=$((passed + ip)); failed=$((failed + if_))
  else
    echo "interop suites printed no summary" >&2
    failed=$((failed + 1))
  fi
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
