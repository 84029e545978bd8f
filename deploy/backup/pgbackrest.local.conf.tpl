# pgBackRest for the local stack, rendered by deploy/local (envsubst) into $STACK_DIR/backup/.
# Node-specific options (pg1-path, pg1-port, pg1-socket-path) are given on each command line: the
# archive_command of each Patroni node names its own data directory, and ./stack backup names the
# current leader, so the same repository serves both nodes across failovers (docs/adr/0013).
[global]
repo1-path=${BACKUP_DIR}/repo
# Two fulls and the diffs/incrs on them; WAL older than the oldest full is expired with it.
repo1-retention-full=2
compress-type=lz4
# Async archiving: archive_command only queues the segment; a background push sends batches.
archive-async=y
archive-push-queue-max=4GiB
spool-path=${BACKUP_DIR}/spool
lock-path=${BACKUP_DIR}/lock
log-path=${BACKUP_DIR}/log
log-level-console=warn
log-level-file=info
process-max=2
start-fast=y
# Page checksums of every data file are verified while the backup reads it (initdb --data-checksums).
checksum-page=y

[global:archive-push]
process-max=2

[stayup]
pg1-user=postgres
