#!/usr/bin/env bash
# Installs the npm tools the tests start (s3rver, an S3-protocol server) into .stratus/tools, which git ignores,
# and writes the small script that starts s3rver on 127.0.0.1 on a free port. Safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.stratus/tools"
mkdir -p "$tools"
cd "$tools"

[ -f package.json ] || echo '{"name":"stratus-test-tools","private":true}' > package.json
if [ ! -f node_modules/s3rver/package.json ]; then
  npm install --no-audit --no-fund --loglevel=error s3rver@3.7.1 >&2
fi

cat > start-s3rver.js <<'JS'
// Usage: node start-s3rver.js <data folder> <bucket,bucket,...>
// Prints {"port":N} once listening on 127.0.0.1; exits when its parent closes stdin or kills it.
const S3rver = require('s3rver');
const [directory, buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: true,
  configureBuckets: (buckets || '').split(',').filter(Boolean).map((name) => ({ name })),
});
server.run().then((address) => {
  process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
}, (error) => {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exit(1);
});
JS
