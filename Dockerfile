# syntax=docker/dockerfile:1
#
# One image for the bangfu api, worker and migrate services; docker-compose.yml picks the command.
#
# Debian (glibc) on purpose: @temporalio/core-bridge ships prebuilt native modules for
# x86_64/aarch64-unknown-linux-gnu only, and Temporal does not support musl (Alpine) images.

# Node 20 reached end of life in April 2026 and docker-node stopped building it (last: 20.20.2), so
# this tag no longer receives OS or Node security updates. The Temporal TypeScript SDK supports
# Node 20, 22 and 24 and package.json allows >=20.19: switch with
# --build-arg NODE_IMAGE=node:22-bookworm-slim once the test suite passes on it.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: full dependency tree, TypeScript compile, prebuilt workflow bundle ----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false

# The node:20 image ships npm 10, which ignores package.json's `allowScripts` (an npm 11 field)
# and runs dependency install scripts as usual.
COPY package.json package-lock.json ./
RUN npm ci

COPY . .
# `npm run build` runs scripts/bootstrap.js: its dependency step is a no-op (node_modules is
# fresh), then tsc (rootDir ".", so apps/api/src/main.ts -> dist/apps/api/src/main.js) and the
# workflow bundler (dist/workflow-bundle.js).
RUN npm run build \
 && for f in dist/apps/api/src/main.js dist/apps/worker/src/main.js dist/libs/database/migrate.js dist/workflow-bundle.js; do \
      [ -f "$f" ] || { echo "build output $f is missing (docker-compose.yml runs it)" >&2; exit 1; }; \
    done

# ---- runtime: production dependencies and compiled output only --------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false

# Slim images carry no CA bundle; the Temporal native client (Rust) needs one for TLS connections.
# Unpinned on purpose: always take the current Debian security update.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force

# Code stays root-owned and read-only for the process user.
COPY --from=build /app/dist ./dist

USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
