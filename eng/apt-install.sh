#!/usr/bin/env bash
# Installs Debian packages: `apt-get update`, then `apt-get install`, as root (through sudo when not root).
# Usage: eng/apt-install.sh PACKAGE...
# Another apt or dpkg run holds apt's locks for a while: unattended-upgrades on a machine that has just booted, or
# a second script installing at the same time. `apt-get install` waits for dpkg's lock when told to
# (DPkg::Lock::Timeout), but `apt-get update` does not wait for the package lists' lock, so it is tried again
# until the same deadline. STRATUS_APT_LOCK_WAIT sets that wait in seconds (600 by default).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: eng/apt-install.sh PACKAGE..." >&2
  exit 2
fi

wait_seconds=${STRATUS_APT_LOCK_WAIT:-600}
deadline=$(( $(date +%s) + wait_seconds ))
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

update_errors=$(mktemp)
trap 'rm -f "$update_errors"' EXIT
until "${as_root[@]}" apt-get update -qq 2> "$update_errors"; do
  if ! grep -q 'Could not get lock' "$update_errors" || (( $(date +%s) >= deadline )); then
    cat "$update_errors" >&2
    echo "error: 'apt-get update' failed (above); the packages $* were not installed." >&2
    exit 1
  fi
  sleep 1
done

remaining=$(( deadline - $(date +%s) ))
(( remaining > 0 )) || remaining=1
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends -o "DPkg::Lock::Timeout=$remaining" "$@"
