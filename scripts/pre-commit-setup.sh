#!/usr/bin/env bash
# Installs what the pre-commit hook test (test/package/pre-commit.test.ts) needs: Debian's
# pre-commit package, and git. Does nothing when they are there. The test runs it first; a failure
# makes the test fail with this output.
set -euo pipefail

say() { echo "pre-commit-setup: $*" >&2; }
fail() { say "$*"; exit 1; }

missing_packages() {
  local missing=()
  command -v pre-commit >/dev/null || missing+=(pre-commit)
  command -v git >/dev/null || missing+=(git)
  echo "${missing[@]}"
}

missing=$(missing_packages)
[ -z "$missing" ] && exit 0
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || fail "missing Debian packages: $missing (installing them needs root: apt-get install $missing)"
  sudo=(sudo -n)
fi
command -v apt-get >/dev/null || fail "missing packages: $missing, and there is no apt-get to install them"
say "installing $missing"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || fail "apt-get update failed"
# shellcheck disable=SC2086 # one word per package
"${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >/dev/null || fail "apt-get install $missing failed"
missing=$(missing_packages)
[ -z "$missing" ] || fail "still missing after apt-get install: $missing"
