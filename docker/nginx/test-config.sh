#!/usr/bin/env bash
# Writes a copy of docker/nginx/nginx.conf that runs outside a container, for
# `nginx -t` and local end-to-end checks (docker/validate.sh, docker/live-check.mjs).
# Only machine-specific lines change; everything else (TLS, headers, caching,
# proxying, timeouts) is the production file byte for byte. The diff is printed.
#
#   test-config.sh OUT_DIR HTTP_PORT HTTPS_PORT HEALTH_PORT WEB_ROOT CERTS_DIR RESOLVER [API_UPSTREAM]
#
# RESOLVER replaces Docker's DNS (127.0.0.11), e.g. 127.0.0.1:5353. API_UPSTREAM
# (e.g. 127.0.0.1:4000) replaces `api:4000`; without it the name `api` stays and
# RESOLVER must answer for it, as Docker's DNS does for `--scale api=N`.
set -euo pipefail
[ $# -ge 7 ] || { sed -n '2,12p' "$0"; exit 2; }
out=$1 http=$2 https=$3 health=$4 web=$5 certs=$6 resolver=$7 upstream=${8:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out/temp"
cp "$here/security-headers.conf" "$out/"
cp /etc/nginx/mime.types "$out/" 2>/dev/null || cp "$(dirname "$(nginx -V 2>&1 | sed -n 's/.*--conf-path=\([^ ]*\).*/\1/p')")/mime.types" "$out/"

# Workers of a root master would run as www-data and could not read private temp folders.
if [ "$(id -u)" = 0 ]; then worker_user="user root;"; else worker_user="# (test) workers run as $(id -un)"; fi

sed \
  -e "s|^user www-data;|$worker_user|" \
  -e "s|^pid /run/nginx.pid;|pid $out/nginx.pid;|" \
  -e "s|^  access_log /dev/stdout;|  access_log $out/access.log;\\
  client_body_temp_path $out/temp/body; proxy_temp_path $out/temp/proxy; fastcgi_temp_path $out/temp/fastcgi; uwsgi_temp_path $out/temp/uwsgi; scgi_temp_path $out/temp/scgi;|" \
  -e "s|resolver 127.0.0.11 |resolver $resolver |" \
  -e "s|listen 80 default_server;|listen 127.0.0.1:$http default_server;|" \
  -e "s|listen 443 ssl http2 default_server;|listen 127.0.0.1:$https ssl http2 default_server;|" \
  -e "s|listen 127.0.0.1:8081;|listen 127.0.0.1:$health;|" \
  -e "s|/etc/nginx/certs/|$certs/|g" \
  -e "s|root /usr/share/nginx/html;|root $web;|" \
  ${upstream:+-e "s|http://api:4000|http://$upstream|"} \
  "$here/nginx.conf" > "$out/nginx.conf"

echo "--- changes from docker/nginx/nginx.conf in $out/nginx.conf:"
diff "$here/nginx.conf" "$out/nginx.conf" | grep '^[<>]' || true
