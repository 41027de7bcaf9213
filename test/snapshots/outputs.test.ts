/**
 * Byte-identical outputs: the JSON, CSV and SVG bodies of the headline study, the premarket
 * study and the README examples, compared byte for byte with files recorded from the code of
 * commit 34c0942 (before the engine reshape of issue 9) on the real shared data (on another Node
 * major than 20, numbers may differ in their last bits: see RECORDED_MAJOR).
 *
 * The files in test/snapshots/outputs/ are DERIVED from the real market data by that code; they
 * are not hand-written. Re-record (only after a deliberate change of an output, saying why in the
 * commit) with:
 *   UPDATE_OUTPUT_SNAPSHOTS=1 npx vitest run test/snapshots/outputs.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { writeEtfFactors } from '../helpers/etf-factors.js';
import { sharedSubset } from '../helpers/fixtures.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithDirectory } from '../helpers/store.js';
import { removeTempDirs } from '../helpers/tmp.js';

const DIR = fileURLToPath(new URL('./outputs/', import.meta.url));
/**
 * The outputs were recorded on Node 20, which CI runs. V8's Math functions may round the last bit
 * differently in another major (Node 24: 12 numbers of 4 outputs, at most 3.1e-16 relative): there
 * numbers may differ by 1e-14 relative, and every other byte must still be the same.
 */
const RECORDED_MAJOR = process.versions.node.split('.')[0] === '20';

/** Where two outputs differ other than in the last bits of a number (numbers: within 1e-14 relative). */
function lastBitDifferences(text: string, recorded: string): string[] {
  const number = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;
  const [a, b] = [text.split(number), recorded.split(number)];
  const [x, y] = [text.match(number) ?? [], recorded.match(number) ?? []];
  if (a.join('\u0000') !== b.join('\u0000') || x.length !== y.length) return ['the text around the numbers differs'];
  return x.flatMap((v, i) => {
    const [p, q] = [Number(v), Number(y[i])];
    return Math.abs(p - q) <= 1e-14 * Math.max(Math.abs(p), Math.abs(q)) ? [] : [`${v} (recorded ${y[i]})`];
  });
}
const UPDATE = process.env.UPDATE_OUTPUT_SNAPSHOTS === '1';
const HEADLINE = '/v1/events/china-cybersecurity-software-ban-2026';
const ROLES = 'roles=named_firm,parent_company';
const DAILY = [
  ...['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO'],
  ...['QQQ', 'SPY', 'CIBR', 'HACK', 'MU', 'NVDA', 'SMH', 'IWM', 'VTV', 'VUG', 'MTUM'],
];
const INTRADAY = ['AVGO', 'QQQ'].map((symbol) => ({ interval: '5m', symbol }));

type Case = { file: string; path: string; body?: unknown; status?: number };

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const README_POST = {
  benchmark: 'SMH',
  securities: [
    { symbol: 'MU', date: '2023-05-21' },
    { symbol: 'NVDA', announced_at: '2025-04-15T16:30:00-04:00' },
  ],
};
const HEADLINE_FIRMS = ['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO'].map((symbol) => ({
  symbol,
  announced_at: '2026-01-14T06:10:00-05:00',
}));

const CASES: Case[] = [
  { file: 'study-headline.json', path: `${HEADLINE}/study?${ROLES}` },
  ...['days', 'cars', 'securities', 'portfolio_days', 'portfolio_cars'].map((table) => ({
    file: `study-headline-${table}.csv`,
    path: `${HEADLINE}/study?${ROLES}&format=csv&table=${table}`,
  })),
  { file: 'study-headline.svg', path: `${HEADLINE}/study?${ROLES}&format=svg` },
  { file: 'study-headline-all-roles.json', path: `${HEADLINE}/study` },
  { file: 'study-headline-constant-mean-log.json', path: `${HEADLINE}/study?${ROLES}&model=constant_mean&returns=log` },
  { file: 'study-headline-market-adjusted-spy.json', path: `${HEADLINE}/study?${ROLES}&model=market_adjusted&benchmark=SPY` },
  { file: 'study-headline-factor.json', path: `${HEADLINE}/study?${ROLES}&model=factor&factors=etf4` },
  { file: 'studies-readme-cars.csv', path: '/v1/studies?format=csv&table=cars', body: README_POST },
  { file: 'studies-readme.json', path: '/v1/studies', body: README_POST },
  { file: 'studies-factor.json', path: '/v1/studies', body: { model: 'factor', factors: 'etf4', securities: HEADLINE_FIRMS } },
  { file: 'studies-nothing-studied.json', path: '/v1/studies', body: { securities: [{ symbol: 'CYBR', date: '2026-01-14' }] }, status: 422 },
  { file: 'premarket-headline.json', path: `${HEADLINE}/premarket` },
  { file: 'premarket-headline-securities.csv', path: `${HEADLINE}/premarket?format=csv` },
  { file: 'premarket-headline-days.csv', path: `${HEADLINE}/premarket?format=csv&table=days` },
  { file: 'premarket-headline-cibr.json', path: `${HEADLINE}/premarket?benchmark=CIBR&path=false` },
  {
    file: 'premarket-in-session.json',
    path: '/v1/premarket',
    body: { securities: [{ symbol: 'avgo', announced_at: '2026-01-14T11:00:00-05:00' }], benchmark: 'QQQ' },
  },
  {
    file: 'premarket-in-session-daily-beta.json',
    path: '/v1/premarket',
    body: { securities: [{ symbol: 'AVGO', announced_at: '2026-01-14T11:00:00-05:00' }], benchmark: 'QQQ', bar_sessions: 1, path: false },
  },
];

describe.skipIf(!HAS_SHARED)('outputs are byte-identical to the recorded ones (real data)', () => {
  let store: DuckDbStore;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const dir = sharedSubset(DAILY, INTRADAY);
    writeEtfFactors(dir);
    store = (await storeWithDirectory(dir)).store;
    app = createApp(nodeDeps(store, { eventsPath: undefined }).deps);
    if (UPDATE) mkdirSync(DIR, { recursive: true });
  });
  afterAll(() => {
    store?.close();
    removeTempDirs();
  });

  for (const c of CASES) {
    it(c.file, async () => {
      const res = await app.request(c.path, c.body === undefined ? {} : json(c.body));
      expect(res.status).toBe(c.status ?? 200);
      const text = await res.text();
      const file = join(DIR, c.file);
      if (UPDATE) writeFileSync(file, text);
      expect(existsSync(file), `${c.file} is recorded`).toBe(true);
      const recorded = readFileSync(file, 'utf8');
      if (RECORDED_MAJOR || text === recorded) {
        expect(text === recorded, `${c.file} differs from the recorded output`).toBe(true);
      } else {
        expect(lastBitDifferences(text, recorded), `${c.file} differs from the recorded output beyond the last bits of its numbers`).toEqual([]);
      }
    });
  }
});
