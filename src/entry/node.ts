import { createApp } from '../app.js';
import { ConfigError, parseConfig } from '../config.js';
import { AppError } from '../errors.js';
import { directoryList, importDirectory } from '../store/import-directory.js';
import { progressLine, summarize } from './import-progress.js';
import { nodeDeps, openStore } from './node-deps.js';
import { startServer } from './node-server.js';

/** `npm start`: opens the embedded database, imports MARKET_DATA_DIR (comma-separated directories) if set, serves the API. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const log = config.logLevel === 'silent' ? undefined : (line: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));
  const store = await openStore(config);
  if (config.marketDataDir) {
    const report = await importDirectory(store, directoryList(config.marketDataDir), progressLine());
    console.error(summarize(report));
  }
  const { deps } = nodeDeps(store, config, log);
  const status = await deps.prices.status();
  if (status.symbols === 0) {
    console.error(
      `The database ${config.databasePath} holds no prices yet. Start with MARKET_DATA_DIR=<dir> ` +
        '(e.g. MARKET_DATA_DIR=../shared/market-data npm start) or run `npm run import -- <dir>`.',
    );
  }
  const app = createApp({ ...deps, rateLimit: config.rateLimit });
  const server = startServer({ fetch: app.fetch, port: config.port, hostname: config.host, limits: config.server }, (info) => {
    console.error(`Serving on http://${config.host}:${info.port} (database ${config.databasePath}: ${status.symbols} symbols, ${status.daily_rows} daily rows)`);
  });
  const shutdown = () => {
    server.close();
    store.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof AppError ? err.message : err);
  process.exit(1);
});
