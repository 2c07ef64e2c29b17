#!/usr/bin/env bash
# Installs what Native AOT needs on Debian/Ubuntu (a C compiler and linker, zlib headers, objdump for the
# glibc check, xz for the provided.al2 toolchain), and the cross toolchain for the other Lambda architecture
# (x86_64 <-> arm64), only when something is missing. Idempotent: a machine that has them is left alone.
set -euo pipefail

# gcc would do for the machine's own architecture, but cross-compiling passes --target to the compiler,
# which only clang understands.
have_clang() {
  for candidate in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
    command -v "$candidate" >/dev/null 2>&1 && return 0
  done
  return 1
}

have_zlib() {
  [ -f /usr/include/zlib.h ]
}

# The other architecture's linker, objcopy, libgcc and libc, as Debian's cross packages install them; the
# names match what src/Stratus.Packaging/Internal/NativeToolchain.cs looks for.
cross_missing() {
  local triple debian_arch
  case "$(uname -m)" in
    x86_64) triple=aarch64-linux-gnu debian_arch=arm64 ;;
    aarch64) triple=x86_64-linux-gnu debian_arch=amd64 ;;
    *) return 0 ;;
  esac
  { command -v "$triple-ld.bfd" && command -v "$triple-objcopy"; } >/dev/null 2>&1 || echo "binutils-$triple"
  [ -d "/usr/lib/gcc-cross/$triple" ] || echo "gcc-$triple"
  [ -f "/usr/$triple/lib/libc.so" ] || echo "libc6-dev-$debian_arch-cross"
}

missing=()
have_clang || missing+=(clang)
have_zlib || missing+=(zlib1g-dev)
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
# provided.al2 builds unpack their glibc 2.17 toolchain (an xz archive) with tar.
command -v xz >/dev/null 2>&1 || missing+=(xz-utils)
mapfile -t cross < <(cross_missing)
missing+=("${cross[@]}")

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Native AOT needs: ${missing[*]}; install them with this system's package manager." >&2
  exit 1
fi

echo "Installing Native AOT prerequisites: ${missing[*]}" >&2
"$(dirname "$0")/apt-install.sh" "${missing[@]}"
