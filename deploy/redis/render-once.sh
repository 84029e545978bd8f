#!/bin/sh
# Renders a Redis/Sentinel template into a writable file the first time only, then execs the server.
# Used by the compose services (the redis image has sed, not envsubst); the local stack renders with
# envsubst. Usage: render-once.sh <template> <target> <server-binary> [extra lines appended once]
set -eu
template=$1 target=$2 server=$3
shift 3
if [ ! -s "$target" ]; then
  tmp="$target.tmp"
  cp "$template" "$tmp"
  for var in REDIS_BIND REDIS_PORT REDIS_DIR REDIS_PASSWORD REDIS_ANNOUNCE_HOST SENTINEL_PORT SENTINEL_DIR \
             SENTINEL_RESOLVE_HOSTNAMES SENTINEL_ANNOUNCE_HOST REDIS_MASTER_NAME REDIS_MASTER_HOST REDIS_MASTER_PORT; do
    eval "value=\${$var:-}"
    # '|' and '&' never occur in generated hex passwords or host names; escape them all the same.
    escaped=$(printf '%s' "$value" | sed 's/[|&\\]/\\&/g')
    sed -i "s|\${$var}|$escaped|g" "$tmp"
  done
  for line in "$@"; do printf '%s\n' "$line" >> "$tmp"; done
  chmod 600 "$tmp"
  mv "$tmp" "$target"
fi
exec "$server" "$target"
