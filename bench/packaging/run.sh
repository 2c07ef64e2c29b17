#!/usr/bin/env bash
# Packaging benchmark: per function of the example, zipped size and cold start (process start to first response
# through the Runtime API) of Native AOT, trimmed managed and untrimmed managed builds, plus a full and a warm
# no-change `stratus package` time. Prints a table; writes bench/results/packaging.json.
# Usage: bench/packaging/run.sh [--reuse-builds]   (--reuse-builds skips the slow forced full rebuild)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

"$root/eng/install-aot-prereqs.sh"
dotnet build "$root/bench/packaging/PackagingBench" -c Release -nologo -v:q
dotnet "$root/bench/packaging/PackagingBench/bin/Release/net10.0/PackagingBench.dll" \
  "$root/examples/users-service/serverless.yml" "$root/bench/results/packaging.json" "$@"
