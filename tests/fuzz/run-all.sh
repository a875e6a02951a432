#!/usr/bin/env bash
# Bounded fuzz run for CI (docs/fuzzing.md): builds tools/Clusterd.Fuzz in Release, then runs every target over its
# checked-in corpus and a fixed number of mutations with a fixed seed. Findings are saved under artifacts/fuzz/.
# The last line is "fuzz: N passed, M failed" (targets). FUZZ_SEED and FUZZ_SCALE (a multiplier) change the run.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seed=${FUZZ_SEED:-1}
scale=${FUZZ_SCALE:-1}
targets=(pdu:40000 ndr:30000 ntlm:10000 spnego:4000 clusprop:40000 secdesc:40000 clusapi:2000)

if ! dotnet build "$root/tools/Clusterd.Fuzz/Clusterd.Fuzz.csproj" -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null; then
    dotnet build "$root/tools/Clusterd.Fuzz/Clusterd.Fuzz.csproj" -c Release -nologo -clp:ErrorsOnly
    echo "fuzz: 0 passed, ${#targets[@]} failed"
    exit 1
fi

dll="$root/tools/Clusterd.Fuzz/bin/Release/net10.0/Clusterd.Fuzz.dll"
passed=0
failed=0
for spec in "${targets[@]}"; do
    target=${spec%%:*}
    iterations=$(( ${spec##*:} * scale ))
    if dotnet "$dll" --target "$target" --iterations "$iterations" --seed "$seed" \
        --corpus "$root/tests/fuzz/corpus" --artifacts "$root/artifacts/fuzz"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
