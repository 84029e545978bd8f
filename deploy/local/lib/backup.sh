# Backups of the local stack (docs/adr/0013), sourced by deploy/local/stack.sh: pgBackRest for
# Postgres (WAL archived by every Patroni node into one repository), copies of Redis' RDB/AOF, both
# with checksums, and status gauges for Prometheus' textfile collector in $STACK_DIR/metrics.
# shellcheck shell=bash

BACKUP_DIR=$STACK_DIR/backup
METRICS_DIR=$STACK_DIR/metrics
PGBACKREST_CONF=$BACKUP_DIR/pgbackrest.conf
STANZA=stayup
AS_POSTGRES=$HERE/bin/as-postgres
export BACKUP_DIR
# shellcheck source=deploy/backup/backup-record.sh
. "$REPO/deploy/backup/backup-record.sh"

WAL_STREAM_DIR=$BACKUP_DIR/wal-stream

render_pgbackrest() {
  mkdir -p "$BACKUP_DIR"/{repo,spool,lock,log,checksums,state,redis,wal-stream} "$METRICS_DIR"
  # The streamer's login (deploy/backup/wal-stream.sh); any port: it follows HAProxy's writer port.
  (umask 077; printf '127.0.0.1:*:*:replicator:%s\n' "$PG_REPLICATION_PASSWORD" > "$BACKUP_DIR/walstream.pgpass")
  envsubst '${BACKUP_DIR}' < "$REPO/deploy/backup/pgbackrest.local.conf.tpl" > "$PGBACKREST_CONF.tmp"
  mv "$PGBACKREST_CONF.tmp" "$PGBACKREST_CONF"
  chmod 750 "$BACKUP_DIR"
  [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$BACKUP_DIR"
}

pgbr() { "$AS_POSTGRES" pgbackrest --config="$PGBACKREST_CONF" --stanza="$STANZA" "$@" 9>&-; }

# pg1-* options of Patroni node n (its data directory, port and socket directory).
node_pg_options() {
  local dir=$STACK_DIR/patroni/node$1
  echo "--pg1-path=$dir/data --pg1-port=$(eval echo "\$PG_${1}_PORT") --pg1-socket-path=$dir"
}

leader_pg_options() {
  local leader
  leader=$(patroni_leader || true)
  [ -n "$leader" ] || die "no Patroni leader answers: the stack must be up (./stack status)"
  node_pg_options "${leader#patroni-}"
}

# Creates the repository's stanza once. (Not re-run when it exists: stanza-create competes with the
# asynchronous archive-push for the archive lock.)
ensure_stanza() {
  [ -f "$BACKUP_DIR/repo/backup/$STANZA/backup.info" ] && return 0
  # shellcheck disable=SC2046
  pgbr $(leader_pg_options) stanza-create > /dev/null
}

latest_backup_label() {
  pgbr info --output=json | node -e 'const [s] = JSON.parse(require("fs").readFileSync(0, "utf8")); const b = s.backup.at(-1); if (!b) process.exit(1); console.log(b.label)'
}

# A consistent RDB of the current Redis master (BGSAVE) plus its AOF, copied with a SHA256SUMS file.
copy_redis() {
  local master port n dir before stamp dest
  master=$(redis-cli -h 127.0.0.1 -p "$SENTINEL_1_PORT" SENTINEL get-master-addr-by-name "$REDIS_MASTER_NAME" | tr '\n' ' ')
  port=$(awk '{print $2}' <<< "$master")
  for n in 1 2; do [ "$(eval echo "\$REDIS_${n}_PORT")" = "$port" ] && dir=$STACK_DIR/redis/redis-$n; done
  [ -n "${dir:-}" ] || die "the Redis master ($master) is not a node of this stack"
  before=$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$port" LASTSAVE)
  REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$port" BGSAVE > /dev/null
  local deadline=$((SECONDS + 60))
  until [ "$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$port" LASTSAVE)" != "$before" ]; do
    [ $SECONDS -lt $deadline ] || die "Redis BGSAVE on port $port did not finish within 60 s"
    sleep 0.2
  done
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  dest=$BACKUP_DIR/redis/$stamp
  mkdir -p "$dest"
  cp -a "$dir/dump.rdb" "$dest/"
  [ -d "$dir/appendonlydir" ] && cp -a "$dir/appendonlydir" "$dest/"
  (cd "$dest" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
  # Keep the three newest copies.
  find "$BACKUP_DIR/redis" -mindepth 1 -maxdepth 1 -type d | sort | head -n -3 | xargs -r rm -rf
  echo "$dest"
}

cmd_backup() {
  local type=${1:-full} t0 t1 label redis_copy
  [[ $type =~ ^(full|diff|incr)$ ]] || die "usage: ./stack backup [full|diff|incr]"
  attach_running_stack
  render_pgbackrest
  ensure_stanza
  t0=$(now)
  bold "==> pgBackRest $type backup from the leader"
  # shellcheck disable=SC2046
  pgbr $(leader_pg_options) --type="$type" backup || die "pgBackRest $type backup failed (log: $BACKUP_DIR/log)"
  t1=$(now)
  label=$(latest_backup_label)
  record_manifest_checksum "$BACKUP_DIR/repo" "$STANZA" "$label" "$BACKUP_DIR/checksums"
  info "backup $label ($(elapsed "$t0")); manifest $(cut -c1-16 "$BACKUP_DIR/checksums/$label.sha256")…"
  bold "==> Redis RDB + AOF copy"
  redis_copy=$(copy_redis)
  info "$redis_copy ($(wc -l < "$redis_copy/SHA256SUMS") files, SHA256SUMS)"
  record_backup "$BACKUP_DIR/state" "$type" "$t0" "$t1"
  write_backup_gauges "$BACKUP_DIR/state" "$METRICS_DIR"
  bold "backup done ($(elapsed "$t0")); repository $BACKUP_DIR/repo"
}

cmd_restore_drill() {
  attach_running_stack
  render_pgbackrest
  local leader
  leader=$(patroni_leader || true)
  [ -n "$leader" ] || die "no Patroni leader answers: the stack must be up (./stack status)"
  # shellcheck disable=SC2046
  LEADER_PG_OPTIONS="$(node_pg_options "${leader#patroni-}")" PGBACKREST_CONF="$PGBACKREST_CONF" STANZA="$STANZA" \
    METRICS_DIR="$METRICS_DIR" AS_POSTGRES="$AS_POSTGRES" node "$HERE/lib/restore-drill.mjs" 9>&-
}

# The streamer's WAL (deploy/backup/wal-stream.sh) into a restored data directory's pg_wal. Recovery
# asks the archive first (restore_command) and reads pg_wal for what the archive never got: the
# segments committed after the last archived one, the newest (.partial) under its segment's name.
stage_streamed_wal() {
  local target=$1 f name n=0
  for f in "$WAL_STREAM_DIR"/*; do
    [ -f "$f" ] || continue
    name=${f##*/}
    [[ $name =~ ^[0-9A-F]{8}(\.history|[0-9A-F]{16}(\.partial)?)$ ]] || continue
    cp -p "$f" "$target/${name%.partial}"
    n=$((n + 1))
  done
  [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$target"
  echo "$n"
}

# Both database nodes lost: the newest backup and every archived WAL segment restored into node1,
# recovered by a plain postgres (so no Patroni promotes it before the archive is replayed), then
# Patroni takes it over as leader and node2 clones itself from it.
cmd_restore() {
  local confirmed=${1:-} node1=$STACK_DIR/patroni/node1 n t0 leader
  attach_running_stack
  leader=$(patroni_leader || true)
  [ -z "$leader" ] || die "$leader is a healthy leader: restore is for when both database nodes are lost (see deploy/runbooks/disaster-recovery.md)"
  [ "$confirmed" = --yes ] || die "this replaces the data directories of both Patroni nodes with the latest backup + WAL; run ./stack restore --yes"
  render_pgbackrest
  t0=$(now)
  bold "==> stopping both Patroni nodes and the WAL streamer"
  pm2 stop walstream patroni-1 patroni-2 > /dev/null 2>&1 || true
  stop_orphans
  for n in 1 2; do
    if [ -d "$STACK_DIR/patroni/node$n/data" ] && [ -n "$(ls -A "$STACK_DIR/patroni/node$n/data")" ]; then
      mv "$STACK_DIR/patroni/node$n/data" "$STACK_DIR/patroni/node$n/data.lost-$(date -u +%Y%m%dT%H%M%SZ)"
      info "node$n: kept what was left as data.lost-* (delete it once the restore is verified)"
    fi
    rm -rf "$STACK_DIR/patroni/node$n/data"
  done
  # The DCS still holds the lost cluster's last leader position; a restored node behind it would never be elected.
  printf '%s\nYes I am aware\n' "$PATRONI_SCOPE" | patronictl -c "$node1/patroni.yml" remove "$PATRONI_SCOPE" > /dev/null
  info "cluster state removed from etcd"
  bold "==> restoring the latest backup + archived WAL into node1"
  pgbr --pg1-path="$node1/data" --recovery-option="restore_command=pgbackrest --config=$PGBACKREST_CONF --stanza=$STANZA --pg1-path=$node1/data archive-get %f \"%p\"" restore ||
    die "pgBackRest restore failed (log: $BACKUP_DIR/log)"
  info "WAL streamed after the archive, staged for replay: $(stage_streamed_wal "$node1/data/pg_wal") files"
  touch "$STACK_DIR/logs/restore-recovery.log"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$STACK_DIR/logs/restore-recovery.log"
  # The backup's postgresql.conf is the node it was taken from (Patroni rewrites it at start): its paths are overridden.
  "$AS_POSTGRES" "$PG_BIN/pg_ctl" -D "$node1/data" -l "$STACK_DIR/logs/restore-recovery.log" -w -t 900 \
    -o "-c port=$PG_1_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$node1 -c hba_file=$node1/data/pg_hba.conf -c ident_file=$node1/data/pg_ident.conf -c synchronous_standby_names='' -c archive_mode=on -c \"archive_command=pgbackrest --config=$PGBACKREST_CONF --stanza=$STANZA --pg1-path=$node1/data archive-push %p\"" \
    start > /dev/null || die "the restored node1 did not start (log: ./stack logs restore-recovery)"
  local deadline=$((SECONDS + 900))
  until [ "$(PGPASSWORD=$PG_SUPERUSER_PASSWORD psql -X -qAt -h 127.0.0.1 -p "$PG_1_PORT" -U postgres -d postgres -c 'SELECT pg_is_in_recovery()' 2> /dev/null)" = f ]; do
    [ $SECONDS -lt $deadline ] || die "node1 did not finish recovery in 900 s (log: ./stack logs restore-recovery)"
    sleep 0.5
  done
  info "recovered to $(PGPASSWORD=$PG_SUPERUSER_PASSWORD psql -X -qAt -h 127.0.0.1 -p "$PG_1_PORT" -U postgres -d postgres -c 'SELECT pg_last_xact_replay_timestamp()') (last replayed commit)"
  "$AS_POSTGRES" "$PG_BIN/pg_ctl" -D "$node1/data" -m fast -w stop > /dev/null
  bold "==> Patroni: node1 leader, node2 cloned from it"
  pm2 restart patroni-1 > /dev/null
  wait_healthy 180 patroni-1
  wait_writer
  pm2 restart patroni-2 > /dev/null
  wait_healthy 300 patroni-2
  # The streamed WAL belongs to the lost cluster's timeline: kept beside, and streaming starts afresh.
  mv "$WAL_STREAM_DIR" "$WAL_STREAM_DIR.used-$(date -u +%Y%m%dT%H%M%SZ)"
  render_pgbackrest
  pm2 restart walstream > /dev/null
  wait_healthy 60 walstream
  bold "cluster restored ($(elapsed "$t0")); take a new full backup now: ./stack backup full"
}
