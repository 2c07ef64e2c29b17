#!/usr/bin/env bash
# Installs the tools the tests start: the AWS CLI (Debian's awscli, only when no `aws` is on the PATH), which the
# Invoke API tests run as the reference client, and the npm tools (s3rver, an S3-protocol server) into
# .stratus/tools, which git ignores; writes the small script that starts s3rver on 127.0.0.1 on a free port.
# Safe to run again: what is already there is left alone.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# Any AWS CLI will do (version 1 or 2): the tests check what a real client sends and accepts, not one version.
install_aws_cli() {
  command -v aws >/dev/null 2>&1 && return 0

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "The Invoke API tests need the AWS CLI ('aws'); install it with this system's package manager." >&2
    exit 1
  fi

  echo "Installing the AWS CLI (Debian package awscli) for the Invoke API tests" >&2
  "$root/eng/apt-install.sh" awscli >&2
}

install_aws_cli
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
