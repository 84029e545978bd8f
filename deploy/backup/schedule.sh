#!/bin/sh
# The compose backup schedule (service pgbackrest in docker-compose.prod.yml): a full backup when the
# last full is older than BACKUP_FULL_EVERY_SECONDS (default 7 days), else a differential when the last
# backup is older than BACKUP_DIFF_EVERY_SECONDS (default 1 day); always from the current Patroni
# leader, whose data volume and socket directory are mounted at /pgdata/nodeN and /run/pg-N.
set -eu
. /deploy/backup/backup-record.sh
FULL_EVERY=${BACKUP_FULL_EVERY_SECONDS:-604800}
DIFF_EVERY=${BACKUP_DIFF_EVERY_SECONDS:-86400}
REPO_PATH=/var/lib/pgbackrest
STATE=$REPO_PATH/schedule-state
METRICS=/var/lib/stayup/metrics
# pgBackRest refuses a pg1-path other than the data_directory the leader reports (its own
# /var/lib/postgresql/data/pgdata): that path, on this container's tmpfs, links to the leader's volume.
PGDATA_LINK=/var/lib/postgresql/data
PG1_PATH=$PGDATA_LINK/pgdata
mkdir -p "$STATE" "$REPO_PATH/checksums" /tmp/pgbackrest/log

age_of() { [ -f "$STATE/$1" ] && echo $(( $(date +%s) - $(cut -d' ' -f1 "$STATE/$1") )) || echo 999999999; }

leader() {
  for n in 1 2; do
    curl -fs -o /dev/null --max-time 3 "http://patroni-$n:8008/primary" && { echo "$n"; return 0; }
  done
  return 1
}

backup() {
  n=$1 type=$2 t0=$(date +%s)
  pgbackrest --config=/etc/stayup/pgbackrest.conf --stanza=stayup --pg1-path="$PG1_PATH" --pg1-socket-path="/run/pg-$n" --pg1-port=5432 --type="$type" backup
  label=$(pgbackrest --config=/etc/stayup/pgbackrest.conf --stanza=stayup info --output=json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["backup"][-1]["label"])')
  record_manifest_checksum "$REPO_PATH" stayup "$label" "$REPO_PATH/checksums"
  record_backup "$STATE" "$type" "$t0" "$(date +%s)"
  write_backup_gauges "$STATE" "$METRICS"
  echo "schedule: $type backup $label from node$n"
}

while :; do
  if n=$(leader); then
    ln -sfn "/pgdata/node$n" "$PGDATA_LINK"
    [ -f "$REPO_PATH/backup/stayup/backup.info" ] ||
      pgbackrest --config=/etc/stayup/pgbackrest.conf --stanza=stayup --pg1-path="$PG1_PATH" --pg1-socket-path="/run/pg-$n" --pg1-port=5432 stanza-create || true
    if [ "$(age_of full)" -ge "$FULL_EVERY" ]; then backup "$n" full || echo "schedule: full backup failed" >&2
    elif [ "$(age_of diff)" -ge "$DIFF_EVERY" ] && [ "$(age_of full)" -ge "$DIFF_EVERY" ]; then backup "$n" diff || echo "schedule: diff backup failed" >&2
    fi
  else
    echo "schedule: no Patroni leader answers; retrying" >&2
  fi
  sleep 60
done
