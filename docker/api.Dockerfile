# syntax=docker/dockerfile:1.7
# MAS API image: the esbuild bundle of packages/api/src/main.ts (scripts/bundle.mjs
# → dist/main.js, the same file test/cross-process.test.ts starts) on Node 20,
# with only @mas/api's production dependencies, as a non-root user.
#
#   docker build -f docker/api.Dockerfile -t mas-api .        (from the repository root)
#
# The same image serves requests (JOBS_ENABLED=false, scaled) and runs the job
# worker (JOBS_ENABLED=true, one replica): see docker-compose.yml.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS npm
# The lockfile and `engines` want npm 11 (the image ships npm 10).
RUN npm install --global --no-audit --no-fund npm@11.19.1
WORKDIR /app
# npm ci checks the lockfile against every workspace's manifest.
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/db/package.json packages/db/
COPY packages/api/package.json packages/api/
COPY packages/web/package.json packages/web/

# Everything needed to build (esbuild is a root devDependency). Install scripts are
# not needed for bundling, and skipping them keeps native builds out of this stage.
FROM npm AS build
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY packages/shared packages/shared
COPY packages/db packages/db
COPY packages/api packages/api
RUN npm run build -w @mas/api

# Production dependencies of @mas/api only (no web, no dev tools). argon2's
# install script picks its prebuilt linux-x64 glibc binary.
FROM npm AS deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --workspace @mas/api --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Owned by root and read-only to the app user: the process cannot rewrite its own code.
COPY --from=deps /app ./
COPY --from=build /app/packages/api/dist packages/api/dist
WORKDIR /app/packages/api
USER node
EXPOSE 4000
# /readyz answers 200 once the database answers a ping (503 otherwise).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.ts handles SIGTERM: stops accepting, tells WebSocket clients to reconnect, drains, exits.
CMD ["node", "dist/main.js"]
