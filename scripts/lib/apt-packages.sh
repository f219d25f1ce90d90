# Sourced by the setup scripts: installs the Debian packages their `missing_packages` lists (a
# function printing the names of those not there), with their `say` and `fail`. Root, or sudo
# without a password, is needed only when something is missing.
install_missing_packages() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return
  local sudo=()
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
}
