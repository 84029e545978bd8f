#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready: Debian packages (when root), pnpm, workspace dependencies.
# Safe to run again: every step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
# Debian packages the harness and the local stack start as real servers.
APT_PACKAGES=(postgresql postgresql-contrib redis-server redis-sentinel)

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

missing_packages() {
  local p missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

install_debian_packages() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: $missing" >&2
    echo "Install them with: sudo apt-get install -y $missing" >&2
    exit 1
  fi
  step "Installing Debian packages: $missing"
  # Keep postgresql-common from creating and starting a default cluster on 5432.
  mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf ||
    echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=120 update -qq
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends $missing >/dev/null
}

install_pnpm() {
  if command -v pnpm >/dev/null && [ "$(pnpm --version)" = "$PNPM_VERSION" ]; then return 0; fi
  step "Installing pnpm $PNPM_VERSION"
  # Pinned here rather than in package.json's packageManager field (toolchain.md P2).
  npm install -g --silent "pnpm@$PNPM_VERSION" 2>/dev/null
}

install_dependencies() {
  step "Installing workspace dependencies"
  pnpm install --frozen-lockfile --reporter=append-only | tail -n 2
}

install_debian_packages
install_pnpm
install_dependencies
