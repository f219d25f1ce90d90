#!/usr/bin/env bash
# Makes sure the registry servers the online tests run are at hand, and prints where they are:
#   docker-registry=PATH  notary-server=PATH  notary=PATH
# A copy unpacked earlier is used first, then an installed binary; otherwise the Debian package is
# downloaded and unpacked into .cache/registry-servers/ (dpkg-deb -x: no maintainer script runs,
# so nothing is started as a service). Idempotent: a second run only prints the paths.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${BULWARK_REGISTRY_CACHE:-$ROOT/.cache/registry-servers}

download() { # package
  mkdir -p "$CACHE/debs" "$CACHE/root"
  if ! (cd "$CACHE/debs" && apt-get download "$1" >/dev/null 2>&1); then
    # A fresh machine has no package lists yet: fetch them once (needs root), then try again.
    if [[ $(id -u) == 0 ]] && apt-get update >/dev/null 2>&1 && (cd "$CACHE/debs" && apt-get download "$1" >/dev/null 2>&1); then :; else
      echo "registry-servers: cannot download the Debian package $1 (apt-get download failed)" >&2
      return 1
    fi
  fi
  dpkg-deb -x "$(ls "$CACHE"/debs/"$1"_*.deb | head -n 1)" "$CACHE/root"
}

locate() { # binary package
  if [[ -x $CACHE/root/usr/bin/$1 ]]; then echo "$1=$CACHE/root/usr/bin/$1"; return; fi
  if command -v "$1" >/dev/null 2>&1; then echo "$1=$(command -v "$1")"; return; fi
  download "$2"
  [[ -x $CACHE/root/usr/bin/$1 ]] || { echo "registry-servers: $2 has no /usr/bin/$1" >&2; return 1; }
  echo "$1=$CACHE/root/usr/bin/$1"
}

# The tests make their keys and certificates with openssl.
if ! command -v openssl >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && { apt-get install -y --no-install-recommends openssl >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends openssl >/dev/null 2>&1; }; }; then :; else
    echo "registry-servers: openssl is missing and cannot be installed" >&2
    exit 1
  fi
fi

locate docker-registry docker-registry
locate notary-server notary
locate notary notary
