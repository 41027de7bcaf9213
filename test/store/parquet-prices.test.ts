import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { exportPricesToParquet } from '../../src/store/parquet-export.js';
import { parquetSource } from '../../src/store/parquet-source.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithShared } from '../helpers/shared-data.js';
import { makeTempDir, removeTempDirs, writeText } from '../helpers/tmp.js';

/**
 * Prices exported to Parquet and read back through PRICES_PARQUET must give the same studies,
 * to the last bit, as the DuckDB file they came from (real shared data).
 */
const HEADLINE = 'china-cybersecurity-software-ban-2026';
const SYMBOLS = ['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO', 'CIBR', 'QQQ', 'SPY', '^GSPC', 'MU', 'NVDA', 'SMH'];

describe.skipIf(!HAS_SHARED)('Parquet prices (export -> PRICES_PARQUET -> study)', () => {
  let file: DuckDbStore;
  let parquet: DuckDbStore;
  let dir: string;

  beforeAll(async () => {
    file = await storeWithShared(SYMBOLS);
    dir = join(makeTempDir('market-parquet-'), 'prices');
    const done = await exportPricesToParquet(file, dir);
    expect(done.symbols).toBe(SYMBOLS.length);
    parquet = await DuckDbStore.open(':memory:', { pricesParquet: dir });
  });

  afterAll(() => {
    file?.close();
    parquet?.close();
    removeTempDirs();
  });

  it('writes one folder per symbol', () => {
    const folders = readdirSync(dir).sort();
    expect(folders).toHaveLength(SYMBOLS.length);
    expect(folders).toContain('symbol=PANW');
    expect(readdirSync(join(dir, 'symbol=PANW')).every((f) => f.endsWith('.parquet'))).toBe(true);
  });

  it('gives the same studies, byte for byte, as the DuckDB file', async () => {
    const fromFile = createApp(nodeDeps(file, { eventsPath: undefined }).deps);
    const fromParquet = createApp(nodeDeps(parquet, { eventsPath: undefined }).deps);
    const adHoc = {
      benchmark: 'SMH',
      returns: 'log',
      securities: [{ symbol: 'MU', date: '2023-05-21' }, { symbol: 'NVDA', announced_at: '2025-04-15T16:30:00-04:00' }],
    };
    const requests: [string, RequestInit?][] = [
      [`/v1/events/${HEADLINE}/study?roles=named_firm,parent_company`],
      [`/v1/events/${HEADLINE}/study?benchmark=SPY&model=constant_mean&format=csv&table=days`],
      ['/v1/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(adHoc) }],
      ['/v1/prices/PANW?from=2025-12-01&to=2026-01-31&format=csv'],
    ];
    for (const [path, init] of requests) {
      const [a, b] = await Promise.all([fromFile.request(path, init), fromParquet.request(path, init)]);
      expect(a.status, path).toBe(200);
      expect(b.status, path).toBe(200);
      const [ta, tb] = [await a.text(), await b.text()];
      expect(tb, path).toBe(ta);
    }
    expect((await (await fromParquet.request('/health')).json()).daily_rows).toBe((await (await fromFile.request('/health')).json()).daily_rows);
  });

  it('refuses to export into a directory that is not empty', async () => {
    await expect(exportPricesToParquet(file, dir)).rejects.toThrow(/not empty/);
  });
});

describe('where Parquet prices are read from', () => {
  afterAll(() => removeTempDirs());

  it('reads a folder as the export layout and a named file as given', () => {
    const local = makeTempDir('market-parquet-src-');
    expect(parquetSource(local)).toEqual({ glob: `${local}/**/*.parquet`, scheme: 'file' });
    expect(parquetSource('s3://bucket/prices/')).toEqual({ glob: 's3://bucket/prices/**/*.parquet', scheme: 's3', extension: 'httpfs' });
    expect(parquetSource('r2://prices/v1')).toEqual({ glob: 'r2://prices/v1/**/*.parquet', scheme: 'r2', extension: 'httpfs' });
    expect(parquetSource('https://data.example/prices.parquet')).toEqual({ glob: 'https://data.example/prices.parquet', scheme: 'https', extension: 'httpfs' });
  });

  it('says what is wrong with a location it cannot use', () => {
    expect(() => parquetSource('https://data.example/prices/')).toThrow(/must name a \.parquet file/);
    expect(() => parquetSource('/no/such/folder')).toThrow(/not a directory.*npm run export -- --parquet/);
    const notParquet = makeTempDir('market-parquet-bad-');
    writeText(notParquet, 'symbol=X/data_0.parquet', 'not parquet');
    return expect(DuckDbStore.open(':memory:', { pricesParquet: notParquet })).rejects.toThrow(/PRICES_PARQUET=.*could not be opened/);
  });

  it('takes the remote path to DuckDB with the URL and credentials, and says how to install httpfs when it cannot', async () => {
    const secret = 'do-not-log-this-secret';
    for (const [source, objectStore, url] of [
      ['s3://market-bucket/prices', { s3: { keyId: 'AKIAEXAMPLE', secret, region: 'eu-west-1' } }, 's3://market-bucket/prices/**/*.parquet'],
      ['r2://market-bucket/prices', { r2: { keyId: 'r2-key', secret, accountId: 'acc123' } }, 'r2://market-bucket/prices/**/*.parquet'],
      ['https://data.example/prices.parquet', {}, 'https://data.example/prices.parquet'],
    ] as const) {
      const err = await DuckDbStore.open(':memory:', { pricesParquet: source, objectStore }).then(() => undefined, (e: unknown) => e);
      expect(err, source).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain(`PRICES_PARQUET=${url}`);
      expect(message).toMatch(/httpfs extension/);
      expect(message).toMatch(/INSTALL httpfs/);
      expect(message).not.toContain(secret);
    }
    await expect(DuckDbStore.open(':memory:', { pricesParquet: 'r2://market-bucket/prices' })).rejects.toThrow(/R2_ACCOUNT_ID, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY/);
  });

  it('is configured from the environment, read-only', () => {
    const config = parseConfig({ PRICES_PARQUET: 'r2://b/p', R2_ACCOUNT_ID: 'a', R2_ACCESS_KEY_ID: 'k', R2_SECRET_ACCESS_KEY: 's' });
    expect(config.priceProvider).toBe('none');
    expect(config.store).toEqual({ motherduckToken: undefined, pricesParquet: 'r2://b/p', objectStore: { r2: { keyId: 'k', secret: 's', accountId: 'a' } } });
    expect(parseConfig({}).priceProvider).toBe('yahoo');
    expect(() => parseConfig({ PRICES_PARQUET: '/p', PRICE_PROVIDER: 'yahoo' })).toThrow(/PRICE_PROVIDER: cannot add prices with PRICES_PARQUET/);
    expect(() => parseConfig({ PRICES_PARQUET: '/p', MARKET_DATA_DIR: '/d' })).toThrow(/MARKET_DATA_DIR: cannot add prices/);
  });
});
