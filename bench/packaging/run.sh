#!/usr/bin/env bash
# Packaging benchmark: per function of the example, zipped size and cold start (process start to first response
# through the Runtime API) of Native AOT, trimmed managed and untrimmed managed builds, plus a full and a warm
# no-change `stratus package` time. Prints a table; writes bench/results/packaging.json.
# It runs on a frozen copy of the example and the SDK (in a temp folder, same layout), so edits made to the
# working tree while it runs cannot turn the "no change" run into a rebuild.
# Usage: bench/packaging/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

"$root/eng/install-aot-prereqs.sh"
dotnet build "$root/bench/packaging/PackagingBench" -c Release -nologo -v:q

copy=$(mktemp -d /tmp/stratus-bench-XXXXXX)
trap 'rm -rf "$copy"' EXIT
copy_tree() { # source destination: a folder without build output or local state
  mkdir -p "$2"
  (cd "$1" && find . \( -name bin -o -name obj -o -name .stratus -o -name tests \) -prune -o -type f -print0 |
    xargs -0 -I{} cp --parents {} "$2")
}
for file in Directory.Build.props Directory.Packages.props .editorconfig eng/BannedSymbols.txt; do
  mkdir -p "$(dirname "$copy/$file")" && cp "$root/$file" "$copy/$file"
done
copy_tree "$root/src/Stratus.Functions" "$copy/src/Stratus.Functions"
copy_tree "$root/examples/users-service" "$copy/examples/users-service"

dotnet "$root/bench/packaging/PackagingBench/bin/Release/net10.0/PackagingBench.dll" \
  "$copy/examples/users-service/serverless.yml" "$root/bench/results/packaging.json"
