# The analytics tier: the project's Node server (`npm start`) with its embedded DuckDB.
# Built by `wrangler deploy` for the Cloudflare Container ([[containers]] in wrangler.toml), or by
# hand for any host: docker build -t market-impact-analytics . && docker run -p 8080:8080 market-impact-analytics
# The base image is pinned to an exact release (Node 20, Debian bookworm, glibc for DuckDB's binding).
FROM node:20.20.2-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_PATH=/app/data/market.duckdb

WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only, plus the TypeScript runner the server starts with (pinned as in the lock).
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm install --no-save --no-audit --no-fund tsx@4.23.15 \
 && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY queries ./queries
COPY data/events.json ./data/events.json
RUN chown -R node:node /app/data

USER node
# DuckDB downloads httpfs (PRICES_PARQUET=s3:// r2:// https://) and motherduck (DATABASE_PATH=md:)
# on first use; an image that must start without network gets them now:
#   docker build --build-arg DUCKDB_EXTENSIONS="httpfs motherduck" .
ARG DUCKDB_EXTENSIONS=""
RUN for ext in $DUCKDB_EXTENSIONS; do \
      node -e "import('@duckdb/node-api').then(async ({ DuckDBInstance }) => (await (await DuckDBInstance.create()).connect()).run('INSTALL ' + process.argv[1]))" "$ext" || exit 1; \
    done
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The collector settings of `npm start` (README: memory under load).
CMD ["node", "--max-semi-space-size=32", "--heap-growing-percent=50", "--import", "tsx", "src/entry/node.ts"]
