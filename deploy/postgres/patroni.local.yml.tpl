# Patroni node of the local stack, rendered by deploy/local (envsubst, explicit variable list).
# Values and reasons: docs/architecture.md#failure-behaviour and docs/adr/0005.
scope: ${PATRONI_SCOPE}
namespace: /service/
name: ${NODE_NAME}

restapi:
  listen: 127.0.0.1:${NODE_REST_PORT}
  connect_address: 127.0.0.1:${NODE_REST_PORT}
  # Guards the unsafe calls (switchover, restart, reload); health GETs stay open for HAProxy.
  authentication:
    username: patroni
    password: ${PATRONI_REST_PASSWORD}

etcd3:
  hosts: 127.0.0.1:${ETCD_CLIENT_PORT}
  protocol: http

bootstrap:
  dcs:
    # Patroni's supported minimum (>= 3.2 enforces it); lower values need an ADR with measurements.
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    # An acknowledged commit is on both nodes; with the replica gone, writes go on (non strict).
    synchronous_mode: true
    synchronous_mode_strict: false
    # An etcd outage must not demote a healthy leader.
    failsafe_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 200
        wal_keep_size: 256MB
        synchronous_commit: "on"
        password_encryption: scram-sha-256
  initdb:
    - encoding: UTF8
    - data-checksums
    - auth-host: scram-sha-256
    - auth-local: trust
  pg_hba:
    # The socket lives in the node's 0700 directory: only its owner can reach it.
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256

postgresql:
  listen: 127.0.0.1:${NODE_PG_PORT}
  connect_address: 127.0.0.1:${NODE_PG_PORT}
  data_dir: ${NODE_DIR}/data
  bin_dir: ${PG_BIN}
  pgpass: ${NODE_DIR}/pgpass
  authentication:
    replication: {username: replicator, password: ${PG_REPLICATION_PASSWORD}}
    superuser: {username: postgres, password: ${PG_SUPERUSER_PASSWORD}}
    rewind: {username: rewind_user, password: ${PG_REWIND_PASSWORD}}
  parameters:
    unix_socket_directories: ${NODE_DIR}
    # Per-statement counts and times (docs/performance.md): how many round trips a request costs.
    shared_preload_libraries: pg_stat_statements
    pg_stat_statements.track: top
    # WAL archiving into the one pgBackRest repository (docs/adr/0013). Only the primary archives
    # (archive_mode on, not always), so after a failover the new leader carries on; archive_timeout
    # bounds how long a committed change can wait in a segment that is not full yet.
    archive_mode: "on"
    archive_timeout: 10s
    archive_command: pgbackrest --config=${BACKUP_DIR}/pgbackrest.conf --stanza=stayup --pg1-path=${NODE_DIR}/data archive-push %p
  # A replica that fell behind the leader's kept WAL catches up from the archive.
  recovery_conf:
    restore_command: pgbackrest --config=${BACKUP_DIR}/pgbackrest.conf --stanza=stayup --pg1-path=${NODE_DIR}/data archive-get %f "%p"
  basebackup:
    - checkpoint: fast

# No watchdog device on a development machine; production hosts: softdog + mode automatic.
watchdog:
  mode: "off"  # quoted: YAML reads a bare off as false, which patroni --validate-config rejects

tags: {nofailover: false, noloadbalance: false, clonefrom: false, nosync: false}
