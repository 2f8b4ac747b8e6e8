# One image, three commands: the API (default), the worker (`node dist/src/worker.js`) and the
# index build run before a rollout (`node dist/src/db-indexes.js`). Production uses an external
# MongoDB and Redis; nothing embedded is in this image (the embedded MongoDB engine and the
# dashboard's build tools are development dependencies).

# The Node.js major this project is built and tested with (.ci/run uses the same; package.json
# engines says the oldest that works: 22.12).
ARG NODE_VERSION=26

# ---- build: compile TypeScript and bundle the dashboard, with every dependency
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/patch-embedded-mongodb.mjs scripts/
RUN npm ci
COPY tsconfig.json nest-cli.json ./
COPY src src
COPY scripts scripts
COPY test test
COPY bench bench
COPY apps apps
RUN npm run build

# ---- prod-deps: runtime dependencies only (no embedded MongoDB, no React or Vite)
FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/patch-embedded-mongodb.mjs scripts/
RUN npm ci --omit=dev && npm cache clean --force

# ---- runtime
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WORKER_HEALTH_PORT=3001
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
COPY --from=prod-deps --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist/src dist/src
COPY --from=build --chown=node:node /app/apps/admin/dist apps/admin/dist
COPY --chown=node:node package.json ./
# Runs as the image's unprivileged user (uid 1000); the file system can be mounted read-only
# (only /tmp is written: uploads stream through it).
USER node
EXPOSE 3000 3001
# The API answers on PORT, a worker on WORKER_HEALTH_PORT: the same check serves both.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# tini forwards SIGTERM to node and reaps children, so graceful shutdown works in containers.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "--min-semi-space-size=16", "dist/src/main.js"]
