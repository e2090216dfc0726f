# packreg: build with the dev dependencies, run with the production ones only.
# docker build -t packreg . && docker run --rm -e DATABASE_URL=postgres://… packreg import /data/file.csv --reseller RS001

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` builds dist/; the sources must be there first, so install without scripts, then build.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:24-bookworm-slim
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
RUN mkdir -p /var/lib/packreg && chown node:node /var/lib/packreg
VOLUME ["/var/lib/packreg"]
USER node
EXPOSE 8080
ENTRYPOINT ["node", "/app/bin/packreg.js"]
CMD ["--help"]
