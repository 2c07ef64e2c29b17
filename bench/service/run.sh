#!/usr/bin/env bash
# Times resolving a generated 200-function, 2,000-reference service in-process; writes bench/results/service.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

dotnet run -c Release --project "$here/Stratus.Bench.Service.csproj" -- "$repo/bench/results/service.json"
