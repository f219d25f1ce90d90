#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e/) need, and does nothing when it is already there:
#   - Debian packages: chromium (drives the VS Code web UI), neovim (a second LSP client),
#     ripgrep and libkrb5-dev (needed to install code-server offline from the npm registry);
#   - code-server 4.100.3 (the last release for Node 20) in e2e/code-server/, from its own lockfile.
# The test suite runs it before the e2e tests; a failure makes those tests fail with this output.
# The install workarounds follow the MIT-licensed vscode-e2e recipe (code-server needs them when
# only the npm registry and the Debian mirror are reachable).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_DIR=e2e/code-server
CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3 installs @vscode/ripgrep 1.15.11, whose postinstall downloads this rg build from GitHub.
RIPGREP_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

say() { echo "e2e-setup: $*" >&2; }
fail() { say "$*"; say "Set BULWARK_E2E=skip to skip the end-to-end tests on a machine that cannot run them."; exit 1; }

# shellcheck source=lib/apt-packages.sh
. scripts/lib/apt-packages.sh

missing_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v nvim >/dev/null || missing+=(neovim)
  command -v rg >/dev/null || missing+=(ripgrep)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  echo "${missing[@]}"
}

code_server_installed() {
  [ -x "$CODE_SERVER_DIR/node_modules/.bin/code-server" ] &&
    [ -d "$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/node_modules" ] &&
    [ "$(node -p "require('./$CODE_SERVER_DIR/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CODE_SERVER_VERSION" ]
}

install_code_server() {
  code_server_installed && return
  say "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (about a minute: it compiles native modules)"
  # Seed @vscode/ripgrep's download cache with Debian's rg instead of fetching it from GitHub.
  local cache staging
  cache="$(node -p 'require("os").tmpdir()')/$RIPGREP_CACHE_NAME"
  mkdir -p "$cache"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$cache/$RIPGREP_ARCHIVE" -C "$staging" rg
  rm -rf "$staging"
  local log
  log=$(mktemp)
  # unsafe_perm: code-server's postinstall refuses to run as root without it (npm 11 has no flag for it);
  # yes: node-pty's postinstall runs `npx node-gyp`, which must not wait for a prompt.
  # JOBS: node-gyp compiles on every core.
  if ! (cd "$CODE_SERVER_DIR" && JOBS=max npm_config_unsafe_perm=true npm_config_yes=true npm ci --foreground-scripts --no-audit --no-fund) >"$log" 2>&1; then
    tail -40 "$log" >&2
    rm -f "$log"
    fail "installing code-server failed (the output above ends the install log)"
  fi
  rm -f "$log"
  code_server_installed || fail "code-server installed but $CODE_SERVER_DIR/node_modules/.bin/code-server is not version $CODE_SERVER_VERSION"
}

SECONDS=0
install_missing_packages
install_code_server
say "ready in ${SECONDS}s ($(nvim --version | head -1), $(chromium --version 2>/dev/null | head -1), code-server $CODE_SERVER_VERSION)"
