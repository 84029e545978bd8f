#!/usr/bin/env bash
# The WAL streamer (docs/adr/0013): pg_receivewal --synchronous, off the Patroni cluster, following
# the leader through HAProxy's writer port. It flushes every WAL record it receives at once, so the
# WAL committed after the last archived segment survives the loss of both database nodes; ./stack
# restore replays it (its .partial segment included) after the archive.
#   wal-stream.sh <wal dir> <writer host> <writer port>   (as the postgres user; the replicator's
#   password from libpq's environment: PGPASSFILE or PGPASSWORD)
# Run by the supervisor, which restarts it when the leader goes away (--no-loop: it exits instead
# of retrying every 5 s on its own, and the supervisor's back-off takes over).
set -uo pipefail
dir=$1 host=$2 port=$3
mkdir -p "$dir"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# application_name: how the leader's pg_stat_replication names it (./stack status, the exporter).
pg_receivewal --directory="$dir" --synchronous --no-loop --verbose \
  --dbname="host=$host port=$port user=replicator application_name=walstream connect_timeout=3" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# After a failover the new leader's timeline may fork before the newest segment streamed here (WAL
# the old leader had not yet replicated, so never acknowledged): that segment can never be resumed.
# Set this directory's WAL aside (kept, not deleted) and start again at the new leader's position;
# the archive has everything before it.
if grep -q "is not in this server's history\|ahead of the WAL flush position" "$log"; then
  aside=$dir/superseded-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$aside"
  find "$dir" -maxdepth 1 -type f -exec mv -t "$aside" {} +
  echo "wal-stream: the leader's timeline forked before the streamed WAL; set it aside in $aside"
fi
exit "$rc"
