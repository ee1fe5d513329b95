# syntax=docker/dockerfile:1
# Build stage: bundle the CLI from the TypeScript sources into one file, dist/cli.js (esbuild).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/bundle-cli.mjs ./scripts/
RUN node scripts/bundle-cli.mjs

# Runtime stage: the bundled CLI only, as a non-root user. The bundle carries every dependency it
# runs with (scripts/bundle-cli.mjs), so there is no npm install here; package.json gives --version.
FROM node:20-bookworm-slim
# No PORT here: GIGS_MOCK_PORT (or PORT) from `docker run -e` decides, 4020 by default.
ENV NODE_ENV=production \
    GIGS_MOCK_HOST=0.0.0.0
WORKDIR /app
COPY package.json ./
COPY --from=build /app/dist/cli.js ./dist/cli.js
# Swagger UI for /docs (the bundle cannot hold it; src/docs/assets.ts finds it here).
COPY --from=build /app/dist/docs-assets ./dist/docs-assets
# /app belongs to root; state goes in /data, which the node user owns. Declared as a volume so it
# outlives the container: docker run -v gigs-mock-data:/data -e GIGS_MOCK_STATE_FILE=/data/state.json
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4020
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.GIGS_MOCK_PORT||process.env.PORT||4020)+'/__mock/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server handles SIGTERM itself (graceful shutdown), so node can run as PID 1.
CMD ["node", "dist/cli.js"]
