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

# shellcheck source=lib/apt-packages.sh
. "$(dirname "$0")/lib/apt-packages.sh"
install_missing_packages
