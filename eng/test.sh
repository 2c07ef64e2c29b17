#!/usr/bin/env bash
# Runs every test of the repository, then prints one summary line: "N passed, N failed, N skipped".
# Needs only the .NET SDK: packages are restored from NuGet by the build itself.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

results="$root/TestResults"
rm -rf "$results"

bash "$root/eng/install-test-tools.sh"  # s3rver (npm) into .stratus/tools, for the AWS secrets tests
# No test may reach the EC2 metadata address: the AWS SDK's credential chain ends there otherwise.
export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
"$root/eng/install-aot-prereqs.sh"   # Native AOT packaging tests need a C toolchain and zlib
# Ctrl+C tests send SIGINT to `stratus dev` and to function processes. A shell running this script in the
# background (`./eng/test.sh &`, job control off) starts it with SIGINT ignored, which every child would inherit
# and keep: those processes would then rightly ignore Ctrl+C, and the tests would wait for nothing.
default_sigint=()
if env --default-signal=INT true 2> /dev/null; then
  default_sigint=(env --default-signal=INT)
fi
# Build first, then test without building. `dotnet test` alone builds as it goes, and MSBuild keeps a project on
# the node that built it: a test project whose references were built on the node busy running another project's
# tests waited for that run to end, so the two slowest projects (minutes each) never ran side by side.
# Arguments are for `dotnet test` (a --filter, say).
status=0
dotnet build Stratus.sln -nologo -clp:ErrorsOnly || status=$?
if [ "$status" -eq 0 ]; then
  "${default_sigint[@]}" dotnet test Stratus.sln --no-build --logger "trx" --results-directory "$results" "$@"
  status=$?
fi

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0})) skipped=$((skipped + ${n:-0}))
done

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
