/**
 * The in-process reads of stored windows (src/study/stored-window.ts: the warnings' diagnostics
 * and the abnormal volume's inputs, from the kept series) against their SQL reference
 * (queries/estimation-window-diagnostics.sql, queries/daily-volumes.sql) on REAL shared data:
 * US files without volume, the SPAC shell USAR (stale prices), A-shares, Paris and Hong Kong
 * with volume; seeded ranges inside, across and outside each series. Equal exactly.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StoreDailyCloses } from '../../src/store/store-daily-closes.js';
import { StoreWindowReads } from '../../src/store/store-window-reads.js';
import { SeriesCache, toEpochDay } from '../../src/study/aligned-series.js';
import { SeriesWindowReads, type DatedRange } from '../../src/study/stored-window.js';
import { mulberry32 } from '../../src/stats/random.js';
import { SHARED_INTL, storeWithSharedAndIntl } from '../helpers/shared-data.js';

const US = ['USAR', 'MP', 'PANW', 'S', 'RPD', 'CIBR'];
const INTL = readdirSync(join(SHARED_INTL, 'daily')).map((f) => f.replace(/\.csv$/, ''));
const random = mulberry32(20260114);
const [first, last] = [toEpochDay('2017-11-01'), toEpochDay('2026-09-01')];
const ranges: DatedRange[] = [...US, ...INTL].flatMap((symbol) =>
  Array.from({ length: 12 }, () => {
    const from = first + Math.floor(random() * (last - first));
    return { symbol, from, to: from + Math.floor(random() * 700) };
  }),
);
ranges.push({ symbol: 'USAR', from: toEpochDay('2023-01-01'), to: toEpochDay('2025-12-31') }); // the shell's stale stretch
ranges.push({ symbol: 'NOSUCH', from: first, to: last }); // nothing stored

let store: DuckDbStore;
let memory: SeriesWindowReads;
let sql: StoreWindowReads;
beforeAll(async () => {
  store = await storeWithSharedAndIntl(US);
  memory = new SeriesWindowReads(new SeriesCache(new StoreDailyCloses(store)), async () => 'v');
  sql = new StoreWindowReads(store);
});
afterAll(() => store?.close());

describe('stored windows read in process equal their SQL reference', () => {
  it('diagnostics: unchanged share, stalest 60-return stretch, zero-volume share', async () => {
    const [a, b] = [await memory.windows(ranges), await sql.windows(ranges)];
    expect(a).toEqual(b);
    // The comparison has teeth: stale stretches, zero-volume days and no-volume symbols all occur.
    expect(b.some((d) => d.stalestStretchShare > 0.3)).toBe(true);
    expect(b.some((d) => d.zeroVolumeShare === null)).toBe(true);
    expect(b.some((d) => d.zeroVolumeShare !== null)).toBe(true);
  });

  it('volumes: the dates that have one, and their values', async () => {
    const [a, b] = [await memory.volumes(ranges), await sql.volumes(ranges)];
    expect(a).toEqual(b);
    expect(b.filter((v) => v.dates.length > 0).length).toBeGreaterThan(INTL.length);
  });
});
