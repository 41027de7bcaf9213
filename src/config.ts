import { z } from 'zod';
import type { StoreOptions } from './store/duckdb-store.js';

/** Every setting the service reads from the environment; parsed once at start-up. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/market.duckdb'),
  MARKET_DATA_DIR: z.string().min(1).optional(),
  EVENTS_PATH: z.string().min(1).optional(),
  PRICE_PROVIDER: z.enum(['yahoo', 'none']).optional(),
  API_KEY: z.string().min(16, 'API_KEY must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['silent', 'info']).default('info'),
  // Past one machine: DATABASE_PATH=md:<db> (MotherDuck) and daily prices from Parquet.
  MOTHERDUCK_TOKEN: z.string().min(1).optional(),
  PRICES_PARQUET: z.string().min(1).optional(),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  R2_ACCOUNT_ID: z.string().min(1).optional(),
  R2_ACCESS_KEY_ID: z.string().min(1).optional(),
  R2_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // A client must send its whole request within REQUEST_TIMEOUT_MS (408 otherwise).
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  // Study and premarket requests per client and minute (0: no limit), and the burst allowed.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100_000).default(30),
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  marketDataDir: string | undefined;
  eventsPath: string | undefined;
  priceProvider: 'yahoo' | 'none';
  apiKey: string | undefined;
  logLevel: 'silent' | 'info';
  /** MotherDuck token, Parquet price source and object-store credentials, for DuckDbStore.open. */
  store: StoreOptions;
  server: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number };
  /** Undefined: no rate limit. */
  rateLimit: { perMinute: number; burst: number } | undefined;
};

/** Thrown when an environment variable is missing or malformed; names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset": `FOO= npm start` should not be an error.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Parquet prices are read-only: nothing fetched from Yahoo could be stored next to them.
  if (e.PRICES_PARQUET && (e.PRICE_PROVIDER === 'yahoo' || e.MARKET_DATA_DIR)) {
    throw new ConfigError(
      `Invalid environment:\n  ${e.MARKET_DATA_DIR ? 'MARKET_DATA_DIR' : 'PRICE_PROVIDER'}: cannot add prices with PRICES_PARQUET ` +
        '(Parquet prices are read-only: import into a DuckDB file and export again); unset it or set PRICE_PROVIDER=none',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    marketDataDir: e.MARKET_DATA_DIR,
    eventsPath: e.EVENTS_PATH,
    priceProvider: e.PRICE_PROVIDER ?? (e.PRICES_PARQUET ? 'none' : 'yahoo'),
    apiKey: e.API_KEY,
    logLevel: e.LOG_LEVEL,
    store: {
      motherduckToken: e.MOTHERDUCK_TOKEN,
      pricesParquet: e.PRICES_PARQUET,
      objectStore: {
        ...(e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY ? { s3: { keyId: e.AWS_ACCESS_KEY_ID, secret: e.AWS_SECRET_ACCESS_KEY, region: e.AWS_REGION } } : {}),
        ...(e.R2_ACCOUNT_ID && e.R2_ACCESS_KEY_ID && e.R2_SECRET_ACCESS_KEY
          ? { r2: { keyId: e.R2_ACCESS_KEY_ID, secret: e.R2_SECRET_ACCESS_KEY, accountId: e.R2_ACCOUNT_ID } }
          : {}),
      },
    },
    server: {
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    },
    rateLimit: e.RATE_LIMIT_PER_MINUTE > 0 ? { perMinute: e.RATE_LIMIT_PER_MINUTE, burst: e.RATE_LIMIT_BURST } : undefined,
  };
}
