#!/usr/bin/env bash
# Prints every Secret the manifests reference, with fresh random values, for `kubectl apply`:
#   deploy/kubernetes/create-secrets.sh | kubectl apply -n stayup -f -
# Nothing is written to disk but a self-signed TLS pair for HOST, in a temporary directory removed on
# exit. For production, put real values in your secret store instead and keep these names and keys
# (deploy/kubernetes/README.md). Passwords are hex, so they need no escaping inside the DB URLs.
# Env: HOST (the ingress host, default stayup.localhost), KUBECTL (default kubectl).
set -euo pipefail
HOST=${HOST:-stayup.localhost}
KUBECTL=${KUBECTL:-kubectl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

random() { openssl rand -hex 24; }
secret() { # name, then key=value pairs
  local name=$1; shift
  local args=() pair
  for pair in "$@"; do args+=("--from-literal=$pair"); done
  "$KUBECTL" create secret generic "$name" "${args[@]}" --dry-run=client -o yaml
  echo ---
}
db_urls() { # service, password
  echo "DB_WRITER_URL=postgres://$1_service:$2@stayup-db:5432/$1"
  echo "DB_READER_URLS=postgres://$1_service:$2@stayup-db-replicas:5432/$1"
}

superuser=$(random) auth_db=$(random) payment_db=$(random) redis=$(random)
introspection=$(random) webhook=$(random)

secret stayup-patroni PATRONI_SUPERUSER_PASSWORD="$superuser" PATRONI_REPLICATION_PASSWORD="$(random)" \
  PATRONI_REWIND_PASSWORD="$(random)" PATRONI_RESTAPI_PASSWORD="$(random)"
secret stayup-db-init PGPASSWORD="$superuser" AUTH_DB_PASSWORD="$auth_db" PAYMENT_DB_PASSWORD="$payment_db"
secret stayup-redis REDIS_PASSWORD="$redis"
mapfile -t auth_urls < <(db_urls auth "$auth_db")
secret stayup-auth "${auth_urls[@]}" REDIS_PASSWORD="$redis" KEY_ENCRYPTION_KEY="$(openssl rand -base64 32)" \
  INTROSPECTION_CLIENTS="payment-service:$introspection"
mapfile -t payment_urls < <(db_urls payment "$payment_db")
secret stayup-payment "${payment_urls[@]}" REDIS_PASSWORD="$redis" PSP_WEBHOOK_SECRET="$webhook" \
  KEY_ENCRYPTION_KEY="$(openssl rand -base64 32)" \
  AUTH_CLIENT_SECRET="$introspection"

openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$HOST" -addext "subjectAltName=DNS:$HOST" \
  -keyout "$tmp/tls.key" -out "$tmp/tls.crt" 2>/dev/null
"$KUBECTL" create secret tls stayup-tls --cert="$tmp/tls.crt" --key="$tmp/tls.key" --dry-run=client -o yaml
