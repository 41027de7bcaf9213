import { ConfigError } from '../config.js';
import type { QueryRunner } from './duckdb-store.js';
import type { ObjectStoreCredentials, ParquetSource } from './parquet-source.js';

/**
 * A failure to reach remote data, with every secret taken out. DuckDB's downloadable extensions
 * (httpfs for s3:// r2:// https://, motherduck for md:) are fetched by DuckDB on first use; where
 * that fails (no network, a locked-down image), the error says which one, why, and how to
 * install it ahead of time.
 */
export function remoteError(err: unknown, extension: 'httpfs' | 'motherduck', what: string, secrets: readonly string[] = []): ConfigError {
  if (err instanceof ConfigError) return err;
  const message = redact(String((err as Error)?.message ?? err), secrets);
  if (!new RegExp(`extension.*${extension}|${extension}.*extension`, 'is').test(message)) {
    return new ConfigError(`${what} could not be opened: ${message}`);
  }
  const reason = /Could not establish connection|Failed to download/i.test(message)
    ? 'DuckDB could not download it (no network access?)'
    : message.split('\n')[0];
  return new ConfigError(
    `${what} needs DuckDB's ${extension} extension, which DuckDB downloads on first use: ${reason}. ` +
      `On a machine with network access it installs itself. To install it ahead of time (e.g. in the image), run once ` +
      `\`node -e "import('@duckdb/node-api').then(async ({DuckDBInstance}) => (await (await DuckDBInstance.create()).connect()).run('INSTALL ${extension}'))"\` ` +
      `as the user that runs the server, or copy ${extension}.duckdb_extension into ~/.duckdb/extensions/<duckdb version>/<platform>/.`,
  );
}

/** The message without any of the given secrets (tokens must never reach a log). */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('***'), text);
}

/**
 * Points the store's daily_prices at Parquet files: credentials for s3:// / r2:// first (as
 * DuckDB secrets), then the location, then the view. Every price read goes there from then on.
 */
export async function readPricesFromParquet(db: QueryRunner, source: ParquetSource, credentials: ObjectStoreCredentials = {}): Promise<void> {
  const secrets = [credentials.s3?.secret, credentials.r2?.secret].filter((s): s is string => !!s);
  try {
    if (source.scheme === 's3' && credentials.s3) {
      await db.run('create-s3-secret', { key_id: credentials.s3.keyId, secret: credentials.s3.secret, region: credentials.s3.region });
    }
    if (source.scheme === 'r2') {
      if (!credentials.r2) {
        throw new ConfigError('PRICES_PARQUET=r2://… needs R2_ACCOUNT_ID, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY (an R2 API token with read access).');
      }
      await db.run('create-r2-secret', { key_id: credentials.r2.keyId, secret: credentials.r2.secret, account_id: credentials.r2.accountId });
    }
    await db.run('set-prices-parquet', { glob: source.glob });
    await db.run('daily-prices-from-parquet');
    // Reading once now turns a wrong location into a start-up error rather than a failed study.
    await db.run('store-status');
  } catch (err) {
    throw remoteError(err, source.extension ?? 'httpfs', `PRICES_PARQUET=${source.glob}`, secrets);
  }
}
