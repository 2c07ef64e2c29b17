#!/usr/bin/env bash
# Installs what Native AOT needs on Debian/Ubuntu (a C compiler and linker, zlib headers, objdump for the
# glibc check), only when something is missing. Idempotent: a machine that has them is left alone.
set -euo pipefail

have_compiler() {
  for candidate in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14 gcc; do
    command -v "$candidate" >/dev/null 2>&1 && return 0
  done
  return 1
}

have_zlib() {
  [ -f /usr/include/zlib.h ]
}

missing=()
have_compiler || missing+=(clang)
have_zlib || missing+=(zlib1g-dev)
command -v objdump >/dev/null 2>&1 || missing+=(binutils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Native AOT needs: ${missing[*]}; install them with this system's package manager." >&2
  exit 1
fi

echo "Installing Native AOT prerequisites: ${missing[*]}" >&2
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
