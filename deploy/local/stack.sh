#!/usr/bin/env bash
# The local HA stack as supervised processes on 127.0.0.1 (PM2 keeps them up, docs/adr/0002).
#   ./stack up [--infra-only]  start everything that is not running, wait until healthy, print URLs;
#                              --infra-only: no build, migrations or Node services (run them yourself)
#   ./stack down [--purge]     stop everything (data kept); --purge also deletes the state directory
#   ./stack status [--json]    every process: role, pid, state, health
#   ./stack logs <name> [-f]   a process's log (also migrate-auth, migrate-payment, db-init)
#   ./stack restart <name>     restart one process through the supervisor and wait for its health
#   ./stack install            only install the Debian packages (root) or print the apt command
#   ./stack backup [full|diff|incr]  pgBackRest backup from the leader + Redis RDB/AOF copy, with checksums
#   ./stack restore-drill      restore the latest backup and a point in time into a scratch Postgres, compare
#   ./stack restore [--yes]    both database nodes lost: rebuild the Patroni cluster from backup + WAL
# State (data, logs, secrets, certificates): $STACK_DIR, default <repo>/.stack. Ports: ports.env.
set -Eeuo pipefail
shopt -s inherit_errexit

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$REPO/deploy/local
STACK_DIR=${STACK_DIR:-$REPO/.stack}
mkdir -p "$(dirname "$STACK_DIR")"
STACK_DIR=$(cd "$(dirname "$STACK_DIR")" && pwd)/$(basename "$STACK_DIR")
export STACK_DIR
MARKER="$STACK_DIR/stack-state"
MARKER_CONTENT='stayup-local-stack v1'
PM2_HOME_DIR=$STACK_DIR/pm2
ECOSYSTEM=$PM2_HOME_DIR/ecosystem.json
PM2_BIN=$REPO/node_modules/.bin/pm2
PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
SECRET_NAMES=(PG_SUPERUSER_PASSWORD PG_REPLICATION_PASSWORD PG_REWIND_PASSWORD PATRONI_REST_PASSWORD
  AUTH_DB_PASSWORD PAYMENT_DB_PASSWORD MONITORING_DB_PASSWORD REDIS_PASSWORD KEY_ENCRYPTION_KEY PAYMENT_KEY_ENCRYPTION_KEY INTROSPECTION_CLIENT_SECRET PSP_WEBHOOK_SECRET)
# Start order; each group is started together and must be healthy before the next one.
GROUP_DCS=(etcd-1)
GROUP_PG=(patroni-1 patroni-2)
GROUP_PG_ROUTER=(haproxy)
GROUP_WAL_STREAM=(walstream)
GROUP_REDIS=(redis-1 redis-2)
GROUP_SENTINEL=(sentinel-1 sentinel-2 sentinel-3)
GROUP_SERVICES=(simulator auth-1 auth-2 payment-1 payment-2)
GROUP_EDGE=(nginx)
GROUP_MONITORING=(exporter-node exporter-redis exporter-postgres exporter-nginx prometheus)
ALL_PROCESSES=("${GROUP_DCS[@]}" "${GROUP_PG[@]}" "${GROUP_PG_ROUTER[@]}" "${GROUP_WAL_STREAM[@]}" "${GROUP_REDIS[@]}" "${GROUP_SENTINEL[@]}"
  "${GROUP_SERVICES[@]}" "${GROUP_EDGE[@]}" "${GROUP_MONITORING[@]}")
STARTED=()
UP_DONE=0

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'stack: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
# shellcheck source=deploy/local/lib/backup.sh
. "$HERE/lib/backup.sh"

# ---------------------------------------------------------------- configuration

# Prints KEY<TAB>VALUE for each KEY=VALUE line (comments and blanks skipped).
# (Split by hand: `IFS== read` would drop a trailing '=', which base64 values end with.)
read_kv() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line =~ ^[A-Z][A-Z0-9_]*= ]] && printf '%s\t%s\n' "${line%%=*}" "${line#*=}"
  done < "$1"
  return 0
}

PORT_VARS=()
# Explicit environment > the values this state directory was started with > deploy/local/ports.env.
resolve_ports() {
  local k v saved=()
  declare -A from_state=()
  if [ -f "$STACK_DIR/ports.env" ]; then
    while IFS=$'\t' read -r k v; do from_state[$k]=$v; done < <(read_kv "$STACK_DIR/ports.env")
  fi
  PORT_VARS=()
  while IFS=$'\t' read -r k v; do
    PORT_VARS+=("$k")
    if [ -z "${!k:-}" ]; then
      if [ -n "${from_state[$k]:-}" ]; then v=${from_state[$k]}; fi
      printf -v "$k" '%s' "$v"
    fi
    export "${k?}"
    [[ ${!k} =~ ^[0-9]+$ ]] && [ "${!k}" -ge 1 ] && [ "${!k}" -le 65535 ] || die "$k=${!k} is not a port number"
  done < <(read_kv "$HERE/ports.env")
  local dup
  dup=$(for k in "${PORT_VARS[@]}"; do echo "${!k}"; done | sort | uniq -d | head -1)
  [ -z "$dup" ] || die "port $dup is assigned twice; check the *_PORT variables (deploy/local/ports.env)"
  for k in "${PORT_VARS[@]}"; do saved+=("$k=${!k}"); done
  SAVED_PORTS=$(printf '%s\n' "${saved[@]}")
}

load_secrets() {
  local k v
  if [ -f "$STACK_DIR/secrets.env" ]; then
    while IFS=$'\t' read -r k v; do printf -v "$k" '%s' "$v"; export "${k?}"; done < <(read_kv "$STACK_DIR/secrets.env")
  fi
}

# Each secret once, random, in a 0600 file inside the state directory (never in the repository).
ensure_secrets() {
  local file=$STACK_DIR/secrets.env name value
  (umask 077; touch "$file")
  for name in "${SECRET_NAMES[@]}"; do
    grep -q "^$name=" "$file" && continue
    case $name in
      *KEY_ENCRYPTION_KEY) value=$(openssl rand -base64 32) ;;
      *) value=$(openssl rand -hex 24) ;;
    esac
    printf '%s=%s\n' "$name" "$value" >> "$file"
  done
  chmod 600 "$file"
  load_secrets
}

export_runtime_env() {
  export PATRONI_SCOPE=stackcluster REDIS_MASTER_NAME=stackmaster PG_BIN
}

# ---------------------------------------------------------------- supervisor

# PM2 with its home in the state directory and a clean environment: the daemon's environment is what
# every process inherits. fd 9 (our lock) must not leak into the daemon, or the lock would outlive us.
pm2() {
  env -i PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$(dirname "$(command -v node)")" \
    HOME="$PM2_HOME_DIR" PM2_HOME="$PM2_HOME_DIR" PM2_DISCRETE_MODE=true PM2_DISABLE_VERSION_CHECK=true PM2_KILL_SIGNAL=SIGTERM \
    LANG=C.UTF-8 "$PM2_BIN" "$@" 9>&-
}
pm2_alive() { [ -f "$PM2_HOME_DIR/pm2.pid" ] && kill -0 "$(cat "$PM2_HOME_DIR/pm2.pid")" 2>/dev/null; }
# Names of the online processes, without ever starting a daemon just to ask.
online_names() { node "$HERE/lib/status.mjs" online 9>&-; }

write_ecosystem() {
  mkdir -p "$PM2_HOME_DIR/pids" "$STACK_DIR/logs"
  node "$HERE/lib/topology.mjs" ecosystem > "$ECOSYSTEM.tmp"
  chmod 600 "$ECOSYSTEM.tmp"
  mv "$ECOSYSTEM.tmp" "$ECOSYSTEM"
}

# Starts the named processes that are not online; leaves running ones alone.
start_group() {
  local online todo=() n
  online=$(online_names)
  for n in "$@"; do grep -qx "$n" <<< "$online" || todo+=("$n"); done
  if [ ${#todo[@]} -eq 0 ]; then info "already running: $*"; return 0; fi
  for n in "${todo[@]}"; do pm2 delete "$n" > /dev/null 2>&1 || true; done
  pm2 start "$ECOSYSTEM" --only "$(IFS=,; echo "${todo[*]}")" > /dev/null
  STARTED+=("${todo[@]}")
  info "started: ${todo[*]}"
}

wait_healthy() {
  local timeout=$1; shift
  node "$HERE/lib/status.mjs" wait "$(IFS=,; echo "$*")" "$timeout" 9>&- ||
    die "$(printf '%s' "$*") did not become healthy. Look at: ./stack logs <name> (logs in $STACK_DIR/logs)"
}

# ---------------------------------------------------------------- checks before anything starts

# tools/bootstrap.sh holds the one list of Debian packages: it installs them when root, or names the command.
ensure_packages() {
  bash "$REPO/tools/bootstrap.sh" --packages-only 9>&- || die "Debian packages are missing (see above)"
}

corrupt() {
  die "the state directory $STACK_DIR is corrupt: $1.
It holds the stack's data. Either repair it, point STACK_DIR at another directory, or start from
scratch (this DELETES the stack's databases): ./stack down --purge && ./stack up"
}

# A state directory is empty, or ours: marker, parseable ports, secrets whenever data exists.
check_state() {
  [ -d "$STACK_DIR" ] || return 0
  [ -z "$(ls -A "$STACK_DIR" | grep -v '^\.lock$' || true)" ] && return 0
  [ -f "$MARKER" ] || corrupt "it is not empty but has no stack-state marker"
  [ "$(cat "$MARKER" 2>/dev/null)" = "$MARKER_CONTENT" ] || corrupt "the stack-state marker does not read '$MARKER_CONTENT'"
  if [ -f "$STACK_DIR/ports.env" ] && grep -vqE '^([A-Z][A-Z0-9_]*=[0-9]+)?$' "$STACK_DIR/ports.env"; then
    corrupt "ports.env has lines that are not KEY=port"
  fi
  if [ -d "$STACK_DIR/patroni" ] || [ -d "$STACK_DIR/redis" ]; then
    local name
    [ -s "$STACK_DIR/secrets.env" ] || corrupt "databases exist but secrets.env is missing"
    for name in PG_SUPERUSER_PASSWORD PG_REPLICATION_PASSWORD PG_REWIND_PASSWORD REDIS_PASSWORD; do
      grep -q "^$name=." "$STACK_DIR/secrets.env" || corrupt "secrets.env lacks $name, which the existing data needs"
    done
  fi
}

# Ports of processes we are about to start must be free: say which program holds them and what to do.
check_ports() {
  local online busy=() summary
  online=$(online_names)
  summary=$(node "$HERE/lib/topology.mjs" summary)
  while IFS=$'\t' read -r name kind port; do
    grep -qx "$name" <<< "$online" && continue
    if [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
      local holder
      holder=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -1 | sed 's/users:(("//; s/",pid=/ pid /')
      busy+=("  port $port ($name $kind) is in use${holder:+ by $holder}")
    fi
  done < <(node -e 'for (const p of JSON.parse(process.argv[1])) for (const [k, v] of Object.entries(p.ports)) console.log(`${p.name}\t${k}\t${v}`)' "$summary")
  [ ${#busy[@]} -eq 0 ] && return 0
  die "ports needed by the stack are taken:
$(printf '%s\n' "${busy[@]}")
Stop the program holding them, or choose other ports, e.g. NGINX_HTTPS_PORT=9443 ./stack up
(every port variable is listed in deploy/local/ports.env). Nothing was started."
}

# ---------------------------------------------------------------- state directory

init_state() {
  mkdir -p "$STACK_DIR"
  # The postgres user must be able to reach its data directory inside.
  chmod 755 "$STACK_DIR"
  [ -f "$MARKER" ] || echo "$MARKER_CONTENT" > "$MARKER"
  printf '%s\n' "$SAVED_PORTS" > "$STACK_DIR/ports.env"
  ensure_secrets
  mkdir -p "$STACK_DIR/logs" "$STACK_DIR/etcd" "$STACK_DIR/nginx/run" "$STACK_DIR/nginx/tls"
  local n
  for n in 1 2; do mkdir -p "$STACK_DIR/redis/redis-$n"; done
  for n in 1 2 3; do mkdir -p "$STACK_DIR/redis/sentinel-$n"; done
  render_pgbackrest
  render_patroni
  render_nginx
  render_prometheus
  ensure_certificate
}

render_prometheus() {
  local vars='${REPO} ${PROMETHEUS_PORT} ${AUTH_1_PORT} ${AUTH_2_PORT} ${PAYMENT_1_PORT} ${PAYMENT_2_PORT}
    ${PATRONI_1_REST_PORT} ${PATRONI_2_REST_PORT} ${HAPROXY_STATS_PORT} ${REDIS_1_PORT} ${REDIS_2_PORT}
    ${REDIS_EXPORTER_PORT} ${NGINX_EXPORTER_PORT} ${POSTGRES_EXPORTER_PORT} ${NODE_EXPORTER_PORT}'
  mkdir -p "$STACK_DIR/prometheus/data" "$STACK_DIR/metrics"
  REPO=$REPO envsubst "$vars" < "$REPO/deploy/monitoring/prometheus.local.yml.tpl" > "$STACK_DIR/prometheus/prometheus.yml.tmp"
  mv "$STACK_DIR/prometheus/prometheus.yml.tmp" "$STACK_DIR/prometheus/prometheus.yml"
}

render_patroni() {
  local n dir vars='${PATRONI_SCOPE} ${NODE_NAME} ${NODE_REST_PORT} ${NODE_PG_PORT} ${NODE_DIR} ${PG_BIN} ${ETCD_CLIENT_PORT}
    ${PATRONI_REST_PASSWORD} ${PG_REPLICATION_PASSWORD} ${PG_SUPERUSER_PASSWORD} ${PG_REWIND_PASSWORD} ${BACKUP_DIR}'
  [ -n "$PG_BIN" ] || die "PostgreSQL 15 binaries not found in /usr/lib/postgresql/15/bin (package postgresql-15)"
  for n in 1 2; do
    dir=$STACK_DIR/patroni/node$n
    mkdir -p "$dir"
    NODE_NAME=node$n NODE_REST_PORT=$(eval echo "\$PATRONI_${n}_REST_PORT") NODE_PG_PORT=$(eval echo "\$PG_${n}_PORT") \
      NODE_DIR=$dir envsubst "$vars" < "$REPO/deploy/postgres/patroni.local.yml.tpl" > "$dir/patroni.yml.tmp"
    mv "$dir/patroni.yml.tmp" "$dir/patroni.yml"
    chmod 700 "$dir"
    chmod 600 "$dir/patroni.yml"
    [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$dir"
  done
  if [ "$(id -u)" -eq 0 ] && ! setpriv --reuid=postgres --regid=postgres --init-groups test -r "$STACK_DIR/patroni/node1/patroni.yml"; then
    die "the postgres user cannot reach $STACK_DIR/patroni: every parent directory of STACK_DIR needs o+x
(e.g. chmod o+x $(dirname "$STACK_DIR")), or choose another STACK_DIR"
  fi
}

render_nginx() {
  local dir=$STACK_DIR/nginx
  set -a
  # shellcheck disable=SC1091
  . "$REPO/nginx/defaults.env"
  set +a
  NGINX_RUN_DIR=$dir/run NGINX_ERROR_LOG=$STACK_DIR/logs/nginx-error.log NGINX_ACCESS_LOG=$STACK_DIR/logs/nginx-access.log \
    NGINX_LISTEN_ADDR=127.0.0.1 NGINX_TLS_CERT=$dir/tls/server.crt NGINX_TLS_KEY=$dir/tls/server.key \
    AUTH_1_ADDR=127.0.0.1:$AUTH_1_PORT AUTH_2_ADDR=127.0.0.1:$AUTH_2_PORT \
    PAYMENT_1_ADDR=127.0.0.1:$PAYMENT_1_PORT PAYMENT_2_ADDR=127.0.0.1:$PAYMENT_2_PORT \
    sh "$REPO/nginx/render.sh" "$REPO/nginx/nginx.conf.template" "$dir/nginx.conf"
  # Workers run as nobody when the master is root; they write request bodies to the temp paths.
  [ "$(id -u)" -ne 0 ] || chown nobody:nogroup "$dir/run"
}

ensure_certificate() {
  local tls=$STACK_DIR/nginx/tls
  [ -s "$tls/server.crt" ] && [ -s "$tls/server.key" ] && return 0
  (umask 077
   openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
     -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
     -keyout "$tls/server.key" -out "$tls/server.crt" 2> /dev/null)
}

# ---------------------------------------------------------------- steps of `up`

wait_writer() {
  local deadline=$((SECONDS + 90))
  until PGPASSWORD=$PG_SUPERUSER_PASSWORD PGCONNECT_TIMEOUT=2 psql -X -qAt -h 127.0.0.1 -p "$HAPROXY_WRITER_PORT" -U postgres -d postgres \
      -c 'SELECT pg_is_in_recovery()' 2> /dev/null | grep -qx f; do
    [ $SECONDS -lt $deadline ] || die "no Postgres leader answers on the writer port $HAPROXY_WRITER_PORT after 90 s; see ./stack logs patroni-1 / patroni-2"
    sleep 1
  done
}

run_one_shot() {
  local name=$1; shift
  local log=$STACK_DIR/logs/$name.log
  { echo "--- $(date -u +%FT%TZ) $name"; } >> "$log"
  if ! "$@" >> "$log" 2>&1 9>&-; then
    tail -n 20 "$log" >&2
    die "$name failed (full log: ./stack logs $name)"
  fi
}

run_db_init() {
  run_one_shot db-init env PGHOST=127.0.0.1 PGPORT="$HAPROXY_WRITER_PORT" PGUSER=postgres PGPASSWORD="$PG_SUPERUSER_PASSWORD" \
    AUTH_DB_PASSWORD="$AUTH_DB_PASSWORD" PAYMENT_DB_PASSWORD="$PAYMENT_DB_PASSWORD" MONITORING_DB_PASSWORD="$MONITORING_DB_PASSWORD" \
    sh "$REPO/deploy/postgres/init-service-databases.sh"
}

run_migrations() {
  local name app env_json
  for name in migrate-auth:auth-service migrate-payment:payment-service; do
    app=${name#*:}; name=${name%%:*}
    [ -f "$REPO/apps/$app/dist/cli/migrate.js" ] || die "apps/$app/dist/cli/migrate.js is missing: build with pnpm nx build $app"
    env_json=$(node "$HERE/lib/topology.mjs" one-shot-env "$name")
    # shellcheck disable=SC2046
    run_one_shot "$name" env -i PATH="$PATH" $(node -e 'for (const [k, v] of Object.entries(JSON.parse(process.argv[1]))) console.log(`${k}=${v}`)' "$env_json") \
      node --enable-source-maps "$REPO/apps/$app/dist/cli/migrate.js"
    info "$name: $(grep -o '"msg":"[^"]*"' "$STACK_DIR/logs/$name.log" | tail -1 | cut -d'"' -f4)"
  done
}

build_apps() {
  [ "${STACK_SKIP_BUILD:-0}" = 1 ] && { info "build skipped (STACK_SKIP_BUILD=1)"; return 0; }
  (cd "$REPO" && NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false pnpm nx run-many -t build \
    --projects=auth-service,payment-service,payment-provider-simulator --outputStyle=static > "$STACK_DIR/logs/build.log" 2>&1 9>&-) ||
    { tail -n 30 "$STACK_DIR/logs/build.log" >&2; die "building the services failed (log: $STACK_DIR/logs/build.log)"; }
}

on_up_exit() {
  local rc=$?
  [ "$UP_DONE" = 1 ] && return 0
  if [ ${#STARTED[@]} -gt 0 ]; then
    printf 'stack: up failed; stopping what this run started: %s\n' "${STARTED[*]}" >&2
    local i
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do pm2 delete "${STARTED[$i]}" > /dev/null 2>&1 || true; done
    [ -n "$(online_names)" ] || { pm2 kill > /dev/null 2>&1 || true; stop_orphans; }
    printf 'stack: nothing from this run is left running; data in %s is kept.\n' "$STACK_DIR" >&2
  fi
  exit "$rc"
}

print_urls() {
  cat <<EOF

  what                     where
  API (TLS, self-signed)   https://localhost:$NGINX_HTTPS_PORT   (curl -k https://localhost:$NGINX_HTTPS_PORT/auth/health)
  API (plain)              http://localhost:$NGINX_HTTP_PORT
  nginx health             http://localhost:$NGINX_HTTP_PORT/nginx/health
  auth-service             http://127.0.0.1:$AUTH_1_PORT  http://127.0.0.1:$AUTH_2_PORT   (/health, /docs, /metrics)
  payment-service          http://127.0.0.1:$PAYMENT_1_PORT  http://127.0.0.1:$PAYMENT_2_PORT
  provider simulator       http://127.0.0.1:$SIMULATOR_PORT
  Postgres writer / reader 127.0.0.1:$HAPROXY_WRITER_PORT / 127.0.0.1:$HAPROXY_READER_PORT (HAProxy; stats http://127.0.0.1:$HAPROXY_STATS_PORT/)
  Patroni REST             http://127.0.0.1:$PATRONI_1_REST_PORT/patroni  http://127.0.0.1:$PATRONI_2_REST_PORT/patroni
  etcd                     http://127.0.0.1:$ETCD_CLIENT_PORT
  Prometheus               http://127.0.0.1:$PROMETHEUS_PORT   (alerts: /alerts; rules in deploy/monitoring)
  Redis Sentinels          127.0.0.1:$SENTINEL_1_PORT,127.0.0.1:$SENTINEL_2_PORT,127.0.0.1:$SENTINEL_3_PORT (master name $REDIS_MASTER_NAME)
  secrets                  $STACK_DIR/secrets.env (mode 600)
  logs                     ./stack logs <name>   ($STACK_DIR/logs)

EOF
}

cmd_up() {
  local t0 t infra_only=${1:-}
  t0=$(now)
  mkdir -p "$STACK_DIR"
  exec 9> "$STACK_DIR/.lock"
  flock -n 9 || die "another ./stack command is running on $STACK_DIR (lock $STACK_DIR/.lock); wait for it to finish"
  check_state
  resolve_ports
  bold "==> 1/10 packages and workspace"
  ensure_packages
  if [ "${STACK_SKIP_BOOTSTRAP:-0}" != 1 ]; then
    (cd "$REPO" && flock /tmp/pnpm.lock bash tools/bootstrap.sh 9>&-) || die "tools/bootstrap.sh failed"
  fi
  [ -x "$PM2_BIN" ] || die "PM2 is missing ($PM2_BIN): run tools/bootstrap.sh (pnpm install)"
  export_runtime_env
  init_state
  check_ports
  write_ecosystem
  trap on_up_exit EXIT
  trap 'exit 130' INT TERM

  if [ -n "$infra_only" ]; then
    bold "==> 2/10 building the services: skipped (--infra-only)"
  else
    t=$(now); bold "==> 2/10 building the services"; build_apps; info "built ($(elapsed "$t"))"
  fi
  t=$(now); bold "==> 3/10 etcd"; start_group "${GROUP_DCS[@]}"; wait_healthy 60 "${GROUP_DCS[@]}"; info "healthy ($(elapsed "$t"))"
  t=$(now); bold "==> 4/10 Postgres: Patroni x2"; start_group "${GROUP_PG[@]}"; wait_healthy 180 "${GROUP_PG[@]}"; info "healthy ($(elapsed "$t"))"
  t=$(now); bold "==> 5/10 HAProxy writer/reader ports"; start_group "${GROUP_PG_ROUTER[@]}"; wait_healthy 30 "${GROUP_PG_ROUTER[@]}"
  wait_writer; info "writer port answers ($(elapsed "$t"))"
  t=$(now); bold "==> 6/10 service databases and roles"; run_db_init; ensure_stanza
  start_group "${GROUP_WAL_STREAM[@]}"; wait_healthy 60 "${GROUP_WAL_STREAM[@]}"; info "done, backup stanza ready, WAL streamer streaming ($(elapsed "$t"))"
  t=$(now); bold "==> 7/10 Redis master + replica, 3 Sentinels"; start_group "${GROUP_REDIS[@]}"; wait_healthy 60 "${GROUP_REDIS[@]}"
  start_group "${GROUP_SENTINEL[@]}"; wait_healthy 30 "${GROUP_SENTINEL[@]}"; info "healthy ($(elapsed "$t"))"
  if [ -n "$infra_only" ]; then
    bold "==> 8/10 migrations: skipped (--infra-only)"
    bold "==> 9/10 services: skipped (--infra-only)"
  else
    t=$(now); bold "==> 8/10 migrations (one-shot)"; run_migrations; info "done ($(elapsed "$t"))"
    t=$(now); bold "==> 9/10 services: auth x2, payment x2, simulator"; start_group "${GROUP_SERVICES[@]}"; wait_healthy 120 "${GROUP_SERVICES[@]}"; info "ready ($(elapsed "$t"))"
  fi
  t=$(now); bold "==> 10/10 nginx"; start_group "${GROUP_EDGE[@]}"; wait_healthy 30 "${GROUP_EDGE[@]}"; info "healthy ($(elapsed "$t"))"
  t=$(now); bold "==> monitoring: exporters, Prometheus"; start_group "${GROUP_MONITORING[@]}"; wait_healthy 60 "${GROUP_MONITORING[@]}"; info "healthy ($(elapsed "$t"))"
  UP_DONE=1
  print_urls
  bold "stack is up ($(elapsed "$t0"))"
}

# ---------------------------------------------------------------- down, status, logs, restart

# A Postgres whose Patroni died uncleanly keeps running on its own: stop it by its pid file.
stop_orphans() {
  local n pidfile pid
  for n in 1 2; do
    pidfile=$STACK_DIR/patroni/node$n/data/postmaster.pid
    [ -f "$pidfile" ] || continue
    pid=$(head -1 "$pidfile")
    kill -0 "$pid" 2> /dev/null || continue
    info "stopping orphaned postgres of node$n (pid $pid)"
    if [ "$(id -u)" -eq 0 ]; then
      setpriv --reuid=postgres --regid=postgres --init-groups env -i PATH=/usr/bin:/bin "$PG_BIN/pg_ctl" -D "${pidfile%/postmaster.pid}" stop -m fast > /dev/null 2>&1 || kill -TERM "$pid"
    else
      env -i PATH=/usr/bin:/bin "$PG_BIN/pg_ctl" -D "${pidfile%/postmaster.pid}" stop -m fast > /dev/null 2>&1 || kill -TERM "$pid"
    fi
  done
}

patroni_leader() {
  local n
  for n in 1 2; do
    if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$(eval echo "\$PATRONI_${n}_REST_PORT")/primary"; then echo "patroni-$n"; return; fi
  done
}

cmd_down() {
  local purge=0
  [ "${1:-}" = --purge ] && purge=1
  [ "${1:-}" = "" ] || [ $purge = 1 ] || die "usage: ./stack down [--purge]"
  if [ -d "$STACK_DIR" ]; then
    exec 9> "$STACK_DIR/.lock"
    flock -w 900 9 || die "another ./stack command holds $STACK_DIR/.lock"
  fi
  if pm2_alive; then
    resolve_ports
    local leader replica groups name
    leader=$(patroni_leader || true)
    bold "==> stopping (data is kept)"
    for name in "${GROUP_MONITORING[@]}" "${GROUP_EDGE[@]}"; do pm2 stop "$name" > /dev/null 2>&1 || true; done
    pm2 stop "$(IFS=,; echo "${GROUP_SERVICES[*]}")" > /dev/null 2>&1 || for name in "${GROUP_SERVICES[@]}"; do pm2 stop "$name" > /dev/null 2>&1 || true; done
    info "stopped nginx and services"
    for name in "${GROUP_SENTINEL[@]}" "${GROUP_REDIS[@]}" "${GROUP_WAL_STREAM[@]}" "${GROUP_PG_ROUTER[@]}"; do pm2 stop "$name" > /dev/null 2>&1 || true; done
    info "stopped Redis, Sentinels, the WAL streamer, HAProxy"
    # Replica first, so the leader stays leader and the next start finds the same timeline.
    for name in "${GROUP_PG[@]}"; do [ "$name" = "$leader" ] || pm2 stop "$name" > /dev/null 2>&1 || true; done
    [ -z "$leader" ] || pm2 stop "$leader" > /dev/null 2>&1 || true
    pm2 stop etcd-1 > /dev/null 2>&1 || true
    info "stopped Patroni/Postgres and etcd"
    pm2 kill > /dev/null 2>&1 || true
  fi
  stop_orphans
  if [ $purge = 1 ]; then
    [ -e "$STACK_DIR" ] || { info "nothing to purge"; return 0; }
    # Refuse to delete a directory that was never the stack's (a mistyped STACK_DIR).
    if [ ! -f "$MARKER" ] && [ ! -d "$STACK_DIR/pm2" ] && [ ! -d "$STACK_DIR/patroni" ] &&
       [ -n "$(ls -A "$STACK_DIR" | grep -v '^\.lock$' || true)" ]; then
      die "$STACK_DIR does not look like a stack state directory; not deleting it"
    fi
    rm -rf "$STACK_DIR"
    info "purged $STACK_DIR"
  fi
  bold "stack is down"
}

cmd_status() {
  local json=${1:-}
  resolve_ports
  load_secrets
  local s
  for s in "${SECRET_NAMES[@]}"; do [ -n "${!s:-}" ] || { printf -v "$s" 'unset'; export "${s?}"; }; done
  export_runtime_env
  node "$HERE/lib/status.mjs" report ${json:+--json}
}

known_name() {
  local n
  for n in "${ALL_PROCESSES[@]}" migrate-auth migrate-payment db-init build nginx-access nginx-error restore-recovery; do [ "$n" = "$1" ] && return 0; done
  return 1
}

cmd_logs() {
  local name=${1:-} follow=${2:-}
  [ -n "$name" ] && known_name "$name" || die "usage: ./stack logs <name> [-f]; names: ${ALL_PROCESSES[*]} migrate-auth migrate-payment db-init build nginx-access nginx-error"
  local file=$STACK_DIR/logs/$name.log
  [ -f "$file" ] || die "no log yet for $name ($file)"
  if [ "$follow" = -f ]; then exec tail -n 100 -F "$file"; fi
  tail -n "${LOG_LINES:-200}" "$file"
}

# For commands that act on the running stack: its ports, secrets and environment, and its lock.
attach_running_stack() {
  pm2_alive || die "the stack is not running; start it with ./stack up"
  resolve_ports
  load_secrets
  export_runtime_env
  exec 9> "$STACK_DIR/.lock"
  flock -w 300 9 || die "another ./stack command holds $STACK_DIR/.lock"
}

cmd_restart() {
  local name=${1:-}
  [ -n "$name" ] && known_name "$name" && [[ $name != migrate-* && $name != db-init && $name != build && $name != nginx-* ]] ||
    die "usage: ./stack restart <name>; names: ${ALL_PROCESSES[*]}"
  attach_running_stack
  pm2 restart "$name" > /dev/null
  wait_healthy 120 "$name"
  bold "$name restarted and healthy"
}

main() {
  local command=${1:-}
  shift || true
  case $command in
    up) [ $# -eq 0 ] || [ "$*" = --infra-only ] || die "usage: ./stack up [--infra-only]"; cmd_up "${1:-}" ;;
    down) cmd_down "$@" ;;
    status) [ "${1:-}" = "" ] || [ "${1:-}" = --json ] || die "usage: ./stack status [--json]"; cmd_status "${1:-}" ;;
    logs) cmd_logs "$@" ;;
    restart) cmd_restart "$@" ;;
    install) ensure_packages ;;
    backup) [ $# -le 1 ] || die "usage: ./stack backup [full|diff|incr]"; cmd_backup "${1:-full}" ;;
    restore-drill) [ $# -eq 0 ] || die "usage: ./stack restore-drill"; cmd_restore_drill ;;
    restore) [ $# -eq 0 ] || [ "$*" = --yes ] || die "usage: ./stack restore [--yes]"; cmd_restore "${1:-}" ;;
    *) die "usage: ./stack up [--infra-only] | down [--purge] | status [--json] | logs <name> [-f] | restart <name> | install | backup [full|diff|incr] | restore-drill | restore [--yes]" ;;
  esac
}

# On one line: bash reads a script as it runs, so an edit made meanwhile cannot run after main.
main "$@"; exit
