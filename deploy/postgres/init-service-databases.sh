#!/bin/sh
# One database and one login role per service (auth → auth/auth_service, payment →
# payment/payment_service), created through the writer port as the superuser. Safe to re-run: existing
# roles only get their password re-set (it is the secrets file's), existing databases are kept.
# Used by the local stack and by compose's db-init service.
# Env: PGHOST PGPORT PGUSER PGPASSWORD (superuser), AUTH_DB_PASSWORD, PAYMENT_DB_PASSWORD; MONITORING_DB_PASSWORD
# where a Postgres exporter runs (local stack, compose).
set -eu
: "${PGHOST:?}" "${PGPORT:?}" "${PGUSER:?}" "${PGPASSWORD:?}" "${AUTH_DB_PASSWORD:?}" "${PAYMENT_DB_PASSWORD:?}"
export PGDATABASE=postgres PGCONNECT_TIMEOUT=5

for service in auth payment; do
  eval "password=\$$(echo "$service" | tr a-z A-Z)_DB_PASSWORD"
  case "$password" in *"'"*|*'\'*) echo "init-service-databases: password of $service has a quote" >&2; exit 1 ;; esac
  # Secrets go through stdin, never the command line (visible in ps).
  psql -X -q -v ON_ERROR_STOP=1 <<SQL
\set role '${service}_service'
\set db '${service}'
\set pw '${password}'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SQL
done
# The Postgres exporter's login: pg_monitor reads every statistics view, and nothing else.
if [ -n "${MONITORING_DB_PASSWORD:-}" ]; then
case "$MONITORING_DB_PASSWORD" in *"'"*|*'\'*) echo "init-service-databases: the monitoring password has a quote" >&2; exit 1 ;; esac
psql -X -q -v ON_ERROR_STOP=1 <<SQL
\set pw '${MONITORING_DB_PASSWORD}'
SELECT 'CREATE ROLE monitoring LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'monitoring') \gexec
SELECT format('ALTER ROLE monitoring LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'pw') \gexec
GRANT pg_monitor TO monitoring;
SQL
fi
# Statement statistics for operators and the benchmark (the library is preloaded by Patroni's config).
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'
echo "service databases ready: auth, payment${MONITORING_DB_PASSWORD:+; monitoring role (pg_monitor)}"
