# syntax=docker/dockerfile:1.7
# MAS web image: the Vite build of packages/web behind nginx, which also terminates
# TLS and proxies /trpc (HTTP + WebSocket), /healthz and /readyz to the API.
#
#   docker build -f docker/web.Dockerfile -t mas-web .        (from the repository root)
#
# nginx is Debian bookworm's own package (1.22.x, security fixes backported by
# Debian): the same build docker/validate.sh checks the configuration with.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_BASE=debian:bookworm-slim

FROM ${NODE_IMAGE} AS build
RUN npm install --global --no-audit --no-fund npm@11.19.1
WORKDIR /app
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/db/package.json packages/db/
COPY packages/api/package.json packages/api/
COPY packages/web/package.json packages/web/
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY packages/shared packages/shared
COPY packages/web packages/web
# The web app imports only types from @mas/api, which the build erases.
RUN npm run build -w @mas/web \
 && find packages/web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' -o -name '*.webmanifest' \) \
      -size +1k -exec gzip -9 --keep {} +

FROM ${NGINX_BASE} AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/conf.d /var/www/html \
 && mkdir -p /etc/nginx/certs /usr/share/nginx/html
COPY docker/nginx/nginx.conf /etc/nginx/nginx.conf
COPY docker/nginx/security-headers.conf /etc/nginx/security-headers.conf
# Precompressed .gz files sit next to the originals (gzip_static).
COPY --from=build /app/packages/web/dist /usr/share/nginx/html
EXPOSE 80 443
# 127.0.0.1:8081 answers only inside the container; bash's /dev/tcp needs no HTTP client in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /nginx-health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
# SIGQUIT: finish open requests, then exit.
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
