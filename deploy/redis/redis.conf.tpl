# Redis data node (master or replica), shared by the local stack and compose. Rendered once into the
# node's data directory and never again: Sentinel rewrites it (CONFIG REWRITE) after a failover.
bind ${REDIS_BIND}
port ${REDIS_PORT}
protected-mode yes
daemonize no
dir ${REDIS_DIR}
requirepass ${REDIS_PASSWORD}
# Any node may become a replica after a failover, so every node can authenticate to a master.
masterauth ${REDIS_PASSWORD}
save 900 1 300 10 60 10000
dbfilename dump.rdb
appendonly yes
appendfilename appendonly.aof
appenddirname appendonlydir
appendfsync everysec
aof-use-rdb-preamble yes
no-appendfsync-on-rewrite no
repl-diskless-sync yes
min-replicas-to-write 0
replica-priority 100
replica-announce-ip ${REDIS_ANNOUNCE_HOST}
