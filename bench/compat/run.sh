#!/usr/bin/env bash
# Compatibility suite: the Serverless Framework v3 `print` against `stratus print` on every corpus case.
# Usage: bench/compat/run.sh [--no-build]   (COMPAT_ONLY=substring limits the cases)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$here/.work"
corpus="${COMPAT_CORPUS:-$repo/../shared/corpus/serverless-yml}"
dll="$repo/src/Stratus.Cli/bin/Debug/net10.0/stratus.dll"

mkdir -p "$work"
if [ ! -x "$work/node_modules/.bin/serverless" ]; then
  echo "installing serverless@3.40.0 into $work" >&2
  [ -f "$work/package.json" ] || echo '{"name":"stratus-compat-work","private":true}' > "$work/package.json"
  (cd "$work" && npm install --no-audit --no-fund --loglevel=error serverless@3.40.0 >&2)
fi

if [ "${1:-}" != "--no-build" ]; then
  # Only the projects the print path needs; --no-dependencies keeps other layers, built elsewhere, as they are.
  dotnet build "$repo/src/Stratus.Service" --nologo -v quiet >&2
  dotnet build "$repo/src/Stratus.Cli" --no-dependencies --nologo -v quiet >&2
fi

node "$here/compare.js" "$corpus" "$work" "$dll" "$repo/bench/results/compat.md" "$here/probes"
