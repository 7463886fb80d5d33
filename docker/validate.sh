#!/usr/bin/env bash
# Validates the docker deployment on a machine without a Docker engine (as our dev
# and CI machines are). What it proves and what it cannot: packages/api/docs/deployment.md.
#
#   bash docker/validate.sh           bundle, compose file, nginx configuration (about 10 s)
#   bash docker/validate.sh --live    also runs the images' contents wired like compose,
#                                     behind nginx, and checks them from outside (about 1 min;
#                                     needs nginx and redis-server; MONGODB_URI optional)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
step() { printf '\n▶ %s\n' "$*"; }
fail() { echo "✘ $*"; failed=$((failed + 1)); }

step "API bundle (the image's dist/main.js)"
node packages/api/scripts/bundle.mjs || fail "bundle"

step "build contexts: what each .dockerignore lets through is enough to build"
# Emulates `docker build` without an engine: copies what the allowlist admits, links the
# installed node_modules where `npm ci` would put them, and runs the images' build steps.
context() { # context NAME DOCKERIGNORE
  local ctx="$work/context-$1"
  mkdir -p "$ctx"
  while read -r line; do
    case "$line" in
      '!'*) path=${line#!}; [ -e "$path" ] && cp -a --parents "$path" "$ctx/" ;;
    esac
  done < "$2"
  # Exclusions after the allowlist, e.g. **/*.test.ts.
  grep -E '^\*\*/' "$2" | while read -r pattern; do find "$ctx" -name "${pattern#\*\*/}" -delete; done
  # ln -T never creates a link inside an existing directory (the real node_modules stays untouched).
  mkdir -p "$ctx/node_modules/@mas"
  for entry in node_modules/* node_modules/.bin; do
    case "$entry" in
      node_modules/@mas) ;;
      node_modules/@*) mkdir -p "$ctx/$entry"; for sub in "$entry"/*; do ln -sT "$root/$sub" "$ctx/$sub"; done ;;
      *) ln -sT "$root/$entry" "$ctx/$entry" ;;
    esac
  done
  for package in shared db api web; do
    ln -sT "../../packages/$package" "$ctx/node_modules/@mas/$package"
    if [ -d "packages/$package/node_modules" ] && [ -d "$ctx/packages/$package" ]; then
      ln -sT "$root/packages/$package/node_modules" "$ctx/packages/$package/node_modules"
    fi
  done
  echo "$ctx"
}
ctx=$(context api docker/api.Dockerfile.dockerignore)
if (cd "$ctx" && node packages/api/scripts/bundle.mjs >/dev/null); then
  if cmp -s "$ctx/packages/api/dist/main.js" packages/api/dist/main.js; then
    echo "✔ api: the bundle built from the image's build context is byte-identical to packages/api/dist/main.js"
  else
    fail "api: the bundle from the build context differs from packages/api/dist/main.js"
  fi
else
  fail "api: bundling from the build context"
fi
ctx=$(context web docker/web.Dockerfile.dockerignore)
if (cd "$ctx/packages/web" && node ../../node_modules/vite/bin/vite.js build --logLevel error) && [ -f "$ctx/packages/web/dist/index.html" ]; then
  echo "✔ web: vite build succeeds from the image's build context ($(find "$ctx/packages/web/dist" -type f | wc -l) files)"
else
  fail "web: vite build from the build context"
fi

step "docker-compose.yml"
cp .env.example "$work/.env"
# Placeholder values for the variables compose requires, to render the file.
sed -i -e 's/^REDIS_PASSWORD=$/REDIS_PASSWORD=validate0123/' -e 's|^WEB_ORIGIN=$|WEB_ORIGIN=https://localhost|' \
  -e 's/^MONGO_EXPRESS_USERNAME=$/MONGO_EXPRESS_USERNAME=validate/' -e 's/^MONGO_EXPRESS_PASSWORD=$/MONGO_EXPRESS_PASSWORD=validate/' "$work/.env"
if docker compose version >/dev/null 2>&1; then
  docker compose --env-file "$work/.env" -f docker-compose.yml --profile dev config --quiet && echo "✔ docker compose config (v2)" || fail "docker compose config"
else
  echo "- docker compose (v2 plugin) not installed"
fi
if command -v docker-compose >/dev/null; then
  docker-compose --env-file "$work/.env" -f docker-compose.yml config --quiet && echo "✔ docker-compose config ($(docker-compose version --short))" || fail "docker-compose config"
  # Required secrets really are required.
  cp .env.example "$work/empty.env"
  if docker-compose --env-file "$work/empty.env" -f docker-compose.yml config --quiet 2>/dev/null; then
    fail "compose renders without REDIS_PASSWORD/WEB_ORIGIN"
  else
    echo "✔ compose refuses to render without the required secrets"
  fi
else
  echo "- docker-compose (v1) not installed"
fi
python3 docker/check-compose.py || fail "compose structure"

step "nginx configuration (nginx -t on docker/nginx/nginx.conf with ports and paths for this machine)"
if command -v nginx >/dev/null; then
  bash docker/nginx/make-cert.sh "$work/certs" >/dev/null
  mkdir -p "$work/html" && echo '<!doctype html>' > "$work/html/index.html"
  # `api` kept as a name (resolved at request time through the resolver) …
  bash docker/nginx/test-config.sh "$work/named" 18080 18443 18081 "$work/html" "$work/certs" 127.0.0.1:5353
  nginx -t -p "$work/named" -c "$work/named/nginx.conf" || fail "nginx -t (api by name)"
  # … and replaced by a loopback stub, as a static upstream would need.
  bash docker/nginx/test-config.sh "$work/stub" 18080 18443 18081 "$work/html" "$work/certs" 127.0.0.1 127.0.0.1:4000 >/dev/null
  nginx -t -p "$work/stub" -c "$work/stub/nginx.conf" || fail "nginx -t (api as 127.0.0.1)"
else
  fail "nginx is not installed (apt-get install -y nginx-light)"
fi

if [ "${1:-}" = "--live" ]; then
  step "live: the images' contents wired like docker-compose.yml, checked through nginx"
  node --import tsx docker/live-check.mjs || fail "live check"
fi

echo
if [ "$failed" -gt 0 ]; then
  echo "docker validation: $failed failed"
  exit 1
fi
echo "docker validation: all passed"
