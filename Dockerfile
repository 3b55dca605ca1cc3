# syntax=docker/dockerfile:1
# tenant-network-controller image: compiled JavaScript, production dependencies only, a non-root
# user, and tini as PID 1 so SIGTERM reaches Node (graceful shutdown releases the leader Lease).
#
#   docker build -t tenant-network-controller:0.1.0 .
#   docker run --rm tenant-network-controller:0.1.0 --provider=bogus   # exits 2, naming the bad value

ARG NODE_IMAGE=node:24-slim

# ---- build: every dependency, then tsc into dist/ ------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- production dependencies only (no install scripts: none of them needs one) ------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# Small young-generation semi-spaces: V8 otherwise grows them to ~100 MiB under a burst of
# allocation, which costs peak RSS and buys no measurable CPU here (docs/performance.md). The
# chart sets NODE_OPTIONS itself, adding a heap cap that follows the memory limit.
ENV NODE_OPTIONS="--max-semi-space-size=8"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The node image's unprivileged user, by number so runAsNonRoot can verify it.
USER 1000:1000
# Arguments are the controller's flags (the chart passes --config=...).
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--enable-source-maps", "/app/dist/cmd/main.js"]
