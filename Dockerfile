# packreg: build with the dev dependencies, run with the production ones only.
# docker build -t packreg . && docker run --rm -e DATABASE_URL=postgres://… packreg import /data/file.csv --reseller RS001
# Checked by test/unit/runtime/dockerfile.test.ts (dockerfile-utils' linter, Node major = engines).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` builds dist/; the sources must be there first, so install without scripts, then build.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm run build

FROM node:24-bookworm-slim
# tini as PID 1: it forwards SIGTERM/SIGINT to packreg (a long `import` or `nightly` stops at a
# commit-group boundary instead of being killed after the stop timeout) and reaps the flock(1)
# children of the embedded lock. `docker run --init` does the same with Docker's own tini.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PACKREG_DATA_DIR=/var/lib/packreg \
    PACKREG_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY fixtures ./fixtures
# The embedded database (when DATABASE_URL is unset) lives in a volume; one container per volume
# (the embedded lock is per host and network namespace).
# Each command's V8 code cache is written beside its bundle by the first run (src/cli/loadCli.ts):
# the user packreg runs as may write there, nowhere else in /app.
RUN mkdir -p /var/lib/packreg && chown node:node /var/lib/packreg /app/dist/bundle/cache
VOLUME ["/var/lib/packreg"]
USER node
EXPOSE 8080
# For `packreg serve` (the port of PACKREG_PORT, default 8080): /healthz answers 200 while the
# database answers. Containers running `worker`, `nightly` or `import` serve no HTTP: run them with
# `--no-healthcheck` (compose: `healthcheck: { disable: true }`).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PACKREG_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--max-semi-space-size=16", "/app/bin/packreg.js"]
CMD ["--help"]
