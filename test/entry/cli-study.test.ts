/**
 * `npm run cli -- study|events` end to end in a subprocess, on a database file holding REAL
 * shared prices: machine-readable stdout, problems on stderr, exit codes that mean something.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { runCli } from '../helpers/cli.js';
import { parseCsv } from '../helpers/csv-parse.js';
import { sharedSubset } from '../helpers/fixtures.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';

const dir = makeTempDir('cli-study-');
const env = { DATABASE_PATH: join(dir, 'market.duckdb'), PRICE_PROVIDER: 'none', LOG_LEVEL: 'silent' };

beforeAll(async () => {
  const store = await DuckDbStore.open(env.DATABASE_PATH);
  await importDirectory(store, sharedSubset(['PANW', 'FTNT', 'CRWD', 'CHKP', 'S', 'RPD', 'CIBR', 'SPY']));
  store.close();
});
afterAll(removeTempDirs);

describe('cli study', { timeout: 180_000 }, () => {
  it('prints a catalog event study as JSON on stdout (and nothing else), progress on stderr', async () => {
    const r = await runCli(['study', 'china-cybersecurity-software-ban-2026', '--roles', 'named_firm'], env);
    expect(r.code).toBe(0);
    const study = JSON.parse(r.stdout) as { securities: { symbol: string; status: string }[]; portfolio: { n: number } };
    expect(study.portfolio.n).toBe(6);
    expect(r.stderr).toMatch(/studying .*\n.*done in/s);
  });

  it('studies a CSV of security-events as CSV, reporting a bad row by its line number and skipping it', async () => {
    const file = join(dir, 'events.csv');
    writeFileSync(file, 'symbol,date,benchmark\nPANW,2026-01-14,CIBR\nFTNT,2026-02-30,CIBR\nCRWD,2026-01-14,CIBR\n');
    const out = join(dir, 'cars.csv');
    const r = await runCli(['study', file, '--format', 'csv', '--table', 'cars', '--car', '0,0;0,1', '--out', out], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:3: date: must be a real date`);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => `${r[col('symbol')]} ${r[col('window_start')]},${r[col('window_end')]}`)).toEqual(['PANW 0,0', 'PANW 0,1', 'CRWD 0,0', 'CRWD 0,1']);
  });

  it('reports a repeated security-event by its line, and writes the CSV the API streams for the same upload', async () => {
    const file = join(dir, 'repeats.csv');
    // Line 4 repeats line 2 with another benchmark: the same firm and day 0.
    const csv = 'symbol,date,benchmark\nPANW,2026-01-14,CIBR\nFTNT,2026-01-14,CIBR\nPANW,2026-01-14,SPY\nCRWD,2026-01-32,CIBR\n';
    writeFileSync(file, csv);
    const r = await runCli(['study', file, '--format', 'csv', '--table', 'days'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}:5: date: must be a real date`);
    expect(r.stderr).toContain(`${file}:4: same symbol and day 0 as line 2, PANW@2026-01-14 (row skipped)`);
    const json = await runCli(['study', file], env);
    expect(json.stderr).toContain(`${file}:4: same symbol and day 0 as line 2, PANW@2026-01-14 (row skipped)`);
    const store = await DuckDbStore.open(env.DATABASE_PATH);
    try {
      const app = createApp(nodeDeps(store, { eventsPath: undefined }).deps);
      const api = await app.request('/v1/studies?format=csv&table=days', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
      expect(r.stdout).toBe(await api.text());
      expect(JSON.parse(json.stdout)).toEqual(await (await app.request('/v1/studies', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json());
    } finally {
      store.close();
    }
  });

  it('exits 2 on bad input, 3 when nothing can be studied', async () => {
    const unknown = await runCli(['study', 'no-such-event'], env);
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain('error 404: No event with id "no-such-event"');
    const badOption = await runCli(['study', 'x', '--frobnicate', '1'], env);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('unknown option --frobnicate');
    const nothing = await runCli(['study', 'china-cybersecurity-software-ban-2026', '--roles', 'named_firm', '--benchmark', 'QQQ'], env);
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toMatch(/error 422: .*\n {2}PANW: no stored prices for the benchmark QQQ/s);
  });

  it('lists the catalog', async () => {
    const r = await runCli(['events'], env);
    expect(r.code).toBe(0);
    const catalog = JSON.parse(r.stdout) as { events: { id: string }[] };
    expect(catalog.events.map((e) => e.id)).toContain('china-cybersecurity-software-ban-2026');
  });
});
