# One image, two commands: the API (default) and the worker (`node dist/src/worker.js`).
# Production uses an external MongoDB (MONGODB_URI) and Redis (REDIS_URL); nothing embedded
# runs in this image.

# The Node.js major this project is built and tested with (.ci/run uses the same; package.json
# engines says the oldest that works: 22.12).
ARG NODE_VERSION=26

# ---- build: compile TypeScript with all dependencies
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
# The API and worker (tsc) and the admin dashboard (type-checked, then built by Vite).
RUN npm run build

# ---- prod-deps: runtime dependencies only
FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/patch-embedded-mongodb.mjs scripts/
RUN npm ci --omit=dev && npm cache clean --force

# ---- runtime
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
COPY --from=prod-deps --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist/src dist/src
COPY --from=build --chown=node:node /app/apps/admin/dist apps/admin/dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# tini forwards SIGTERM to node and reaps children, so graceful shutdown works in containers.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
