import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config.js';

/** Object-store credentials for PRICES_PARQUET, from the environment (never from code). */
export type ObjectStoreCredentials = {
  s3?: { keyId: string; secret: string; region: string };
  r2?: { keyId: string; secret: string; accountId: string };
};

/** Where DuckDB reads Parquet prices from, and what it needs for that. */
export type ParquetSource = {
  /** The path or URL handed to read_parquet (a glob over the export's symbol folders). */
  glob: string;
  scheme: 'file' | 's3' | 'r2' | 'https';
  /** DuckDB extension the scheme needs; httpfs is downloaded by DuckDB on first use. */
  extension?: 'httpfs';
};

const REMOTE = /^(s3|r2|https?):\/\//i;

/**
 * PRICES_PARQUET -> what read_parquet reads. A folder (local or s3:// / r2://) is read as
 * `<folder>/**\/*.parquet`, the layout `npm run export -- --parquet` writes; a URL or path ending
 * in .parquet (or holding a glob) is used as given. https:// cannot list a folder, so it names files.
 *
 * @example parquetSource('r2://prices/v1') // { glob: 'r2://prices/v1/**\/*.parquet', scheme: 'r2', extension: 'httpfs' }
 */
export function parquetSource(source: string): ParquetSource {
  const explicit = /\.parquet$|[*?[]/i.test(source);
  const remote = REMOTE.exec(source)?.[1]?.toLowerCase();
  if (remote) {
    const scheme = remote === 'http' || remote === 'https' ? 'https' : (remote as 's3' | 'r2');
    if (scheme === 'https' && !explicit) {
      throw new ConfigError(`PRICES_PARQUET=${source}: an https:// URL must name a .parquet file (HTTP cannot list a folder); use s3:// or r2:// for a folder.`);
    }
    return { glob: explicit ? source : `${source.replace(/\/+$/, '')}/**/*.parquet`, scheme, extension: 'httpfs' };
  }
  const path = resolve(source);
  if (!explicit && !(existsSync(path) && statSync(path).isDirectory())) {
    throw new ConfigError(`PRICES_PARQUET=${source}: ${path} is not a directory. Write one with \`npm run export -- --parquet ${source}\`.`);
  }
  return { glob: explicit ? path : `${path}/**/*.parquet`, scheme: 'file' };
}
