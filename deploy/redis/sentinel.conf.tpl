# Sentinel, shared by the local stack and compose. Rendered once into its data directory: Sentinel
# rewrites this file as it learns the topology, so it must stay writable.
bind ${REDIS_BIND}
port ${SENTINEL_PORT}
daemonize no
dir ${SENTINEL_DIR}
sentinel resolve-hostnames ${SENTINEL_RESOLVE_HOSTNAMES}
sentinel announce-hostnames ${SENTINEL_RESOLVE_HOSTNAMES}
sentinel announce-ip ${SENTINEL_ANNOUNCE_HOST}
sentinel monitor ${REDIS_MASTER_NAME} ${REDIS_MASTER_HOST} ${REDIS_MASTER_PORT} 2
sentinel auth-pass ${REDIS_MASTER_NAME} ${REDIS_PASSWORD}
sentinel down-after-milliseconds ${REDIS_MASTER_NAME} 2000
sentinel failover-timeout ${REDIS_MASTER_NAME} 10000
sentinel parallel-syncs ${REDIS_MASTER_NAME} 1
