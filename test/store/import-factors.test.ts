import { describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/store/import-directory.js';
import { writeEtfFactors } from '../helpers/etf-factors.js';
import { csv } from '../helpers/fixtures.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { memoryStore, rawRows } from '../helpers/store.js';
import { makeTempDir, writeText } from '../helpers/tmp.js';

/** Factor files: factors/<set>.csv, date + factor columns (+ optional rf), decimals. */
const factorDir = (name: string, text: string) => {
  const dir = makeTempDir('factors-synthetic-');
  writeText(dir, `factors/${name}.csv`, text);
  return dir;
};

describe('importing factor sets (synthetic values unless stated)', () => {
  it('stores each factor by date, keeps the column order and notes an rf column', async () => {
    const store = await memoryStore();
    const dir = factorDir('ff3', csv('date,Mkt_RF,SMB,HML,RF', ['2026-01-02,0.01,-0.002,0.003,0.0001', '2026-01-05,-0.004,0.001,0,0.0001']));
    const [file] = (await importDirectory(store, dir)).files;
    expect(file).toMatchObject({ kind: 'factors', symbol: 'ff3', status: 'imported', rows_stored: 2 });
    expect(await rawRows(store, "SELECT name, factors, has_rf FROM factor_sets")).toEqual([{ name: 'ff3', factors: ['Mkt_RF', 'SMB', 'HML'], has_rf: true }]);
    expect(await rawRows(store, "SELECT count(*)::INTEGER AS n FROM factor_values WHERE factor = 'rf'")).toEqual([{ n: 2 }]);
  });

  it('refuses a file in percent, saying how to fix it, and keeps the earlier version', async () => {
    const store = await memoryStore();
    const good = factorDir('ff3', csv('date,MKT,SMB', ['2026-01-02,0.01,-0.002']));
    await importDirectory(store, good);
    writeText(good, 'factors/ff3.csv', csv('date,MKT,SMB', ['2026-01-02,1.23,-0.2', '2026-01-05,-0.48,0.11']));
    const [file] = (await importDirectory(store, good)).files;
    expect(file!.status).toBe('failed');
    expect(file!.error).toMatch(/look like percent.*divide the file by 100/);
    expect(await rawRows(store, "SELECT value FROM factor_values WHERE factor = 'MKT'")).toEqual([{ value: 0.01 }]);
  });

  it('rejects rows with a missing or unparsable value or a bad date, with line numbers', async () => {
    const store = await memoryStore();
    const dir = factorDir('f2', csv('date,MKT,SMB', ['2026-01-02,0.01,-0.002', '2026-01-05,,0.001', '2026-01-06,abc,0.001', '26-01-07,0.01,0.01']));
    const [file] = (await importDirectory(store, dir)).files;
    expect(file!.rows_stored).toBe(1);
    expect(file!.rejects).toEqual([
      { reason: 'missing value', count: 1, lines: [3] },
      { reason: 'unparsable number', count: 1, lines: [4] },
      { reason: 'bad date', count: 1, lines: [5] },
    ]);
  });

  it.skipIf(!HAS_SHARED)('imports the ETF-proxy factor set built from the real shared data', async () => {
    const store = await memoryStore();
    const dir = makeTempDir('factors-etf4-');
    writeEtfFactors(dir);
    const [file] = (await importDirectory(store, dir)).files;
    expect(file).toMatchObject({ symbol: 'etf4', status: 'imported', rows_rejected: 0 });
    expect(file!.rows_stored).toBeGreaterThan(2000);
  });
});
