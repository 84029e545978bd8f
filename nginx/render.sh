#!/bin/sh
# Renders nginx.conf.template with an explicit variable list, so nginx's own $variables survive.
# Used by the local stack and by the compose nginx service. Usage: render.sh <template> <output>
# Every variable must be set: an unset one would silently become an empty string.
set -eu
VARS='NGINX_WORKER_PROCESSES NGINX_RUN_DIR NGINX_ERROR_LOG NGINX_ACCESS_LOG NGINX_BODY_LIMIT
NGINX_CREDENTIALS_RATE NGINX_CREDENTIALS_BURST NGINX_API_RATE NGINX_API_BURST NGINX_RETRY_AFTER_SECONDS
NGINX_LISTEN_ADDR NGINX_HTTP_PORT NGINX_HTTPS_PORT NGINX_STATUS_PORT NGINX_TLS_CERT NGINX_TLS_KEY
AUTH_1_ADDR AUTH_2_ADDR PAYMENT_1_ADDR PAYMENT_2_ADDR'
missing=''
shell_format=''
for var in $VARS; do
  eval "isset=\${$var+x}"
  [ -n "$isset" ] || missing="$missing $var"
  shell_format="$shell_format \${$var}"
done
if [ -n "$missing" ]; then
  echo "nginx/render.sh: unset variables:$missing" >&2
  exit 1
fi
mkdir -p "$(dirname "$2")"
envsubst "$shell_format" < "$1" > "$2.tmp"
mv "$2.tmp" "$2"
