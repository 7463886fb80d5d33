#!/usr/bin/env bash
# Creates a self-signed certificate for local use of the docker stack:
#   docker/nginx/certs/tls.crt and tls.key (git-ignored; never commit keys).
# For a real deployment, put the CA-issued certificate chain and key under the
# same names in the folder mounted at /etc/nginx/certs (CERTS_DIR in .env).
#   bash docker/nginx/make-cert.sh [out-dir] [hostname]
set -euo pipefail
out="${1:-$(dirname "$0")/certs}"
host="${2:-localhost}"
mkdir -p "$out"
names="DNS:${host}"
[ "$host" = localhost ] || names="${names},DNS:localhost"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj "/CN=${host}" \
  -addext "subjectAltName=${names},IP:127.0.0.1" \
  -addext "keyUsage=critical,digitalSignature" \
  -addext "extendedKeyUsage=serverAuth" \
  -keyout "$out/tls.key" -out "$out/tls.crt" 2>/dev/null
chmod 644 "$out/tls.crt"
echo "wrote $out/tls.crt and $out/tls.key (self-signed for ${host}, 365 days)"
