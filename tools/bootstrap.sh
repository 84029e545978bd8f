#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready: Debian packages (when root), pnpm, workspace dependencies.
# Safe to run again: every step checks before it acts. `--packages-only` stops after the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
# The one list of Debian packages the project runs: the test harness's servers (postgresql, redis),
# the local stack's (patroni, etcd, haproxy, sentinel, nginx) and docker-compose (v1), which only
# validates docker-compose.prod.yml offline in the tests; Prometheus (promtool, amtool) and the exporters.
APT_PACKAGES=(postgresql-15 postgresql-client-15 postgresql-contrib patroni python3-etcd python3-psycopg2
  etcd-server etcd-client haproxy nginx redis-server redis-sentinel openssl gettext-base iproute2
  util-linux curl docker-compose pgbackrest prometheus prometheus-alertmanager prometheus-node-exporter
  prometheus-redis-exporter prometheus-postgres-exporter prometheus-nginx-exporter)
# kubectl renders deploy/kubernetes in the tests (kubectl kustomize): Debian's, unless one is installed.
command -v kubectl >/dev/null || APT_PACKAGES+=(kubernetes-client)

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
    echo "Install them as root, then run this again:" >&2
    echo "  sudo sh -c 'mkdir -p /etc/postgresql-common && echo create_main_cluster = false >> /etc/postgresql-common/createcluster.conf && apt-get update && apt-get install -y --no-install-recommends $missing'" >&2
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
  # On a systemd host the packages' own services would take 80/2379/5432/6379/9090...: the stack runs its own.
  if [ -d /run/systemd/system ]; then
    systemctl disable --now nginx haproxy etcd patroni redis-server redis-sentinel prometheus prometheus-alertmanager \
      prometheus-node-exporter prometheus-redis-exporter prometheus-postgres-exporter prometheus-nginx-exporter >/dev/null 2>&1 || true
  fi
}

install_pnpm() {
  if command -v pnpm >/dev/null && [ "$(pnpm --version)" = "$PNPM_VERSION" ]; then return 0; fi
  step "Installing pnpm $PNPM_VERSION"
  # Pinned here rather than in package.json's packageManager field: that pin, unrecordable in the
  # lockfile with this registry's metadata, makes `pnpm install --frozen-lockfile` fail.
  npm install -g --silent "pnpm@$PNPM_VERSION" 2>/dev/null
}

install_dependencies() {
  step "Installing workspace dependencies"
  pnpm install --frozen-lockfile --reporter=append-only | tail -n 2
}

install_debian_packages
[ "${1:-}" = --packages-only ] && exit 0
install_pnpm
install_dependencies
