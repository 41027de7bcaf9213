/**
 * The headline study across markets, through the API with both shared data directories loaded,
 * against the independent R reference (test/reference/intl_study.R -> golden/intl-study.json) at
 * 1e-8: every listing on its own clock and benchmark (the seven A-shares on 15 Jan against the
 * CSI 300, Thales on 14 Jan against the CAC 40), the role groups and the group differences.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { GroupDifference, StudyGroup } from '../../src/study/groups.js';
import type { StudyResult } from '../../src/study/run-study.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { parseCsv } from '../helpers/csv-parse.js';
import { ROOT } from '../helpers/paths.js';
import { rawRows } from '../helpers/store.js';
import { hasSharedIntl, storeWithSharedAndIntl } from '../helpers/shared-data.js';
import { expectClose } from '../helpers/tolerance.js';

type Test = { statistic: number | null; p: number | null };
type RTest = Test & { df?: number | null; se?: number | null };
type RListing = {
  symbol: string;
  status: string;
  benchmark: string;
  day0?: string;
  n?: number;
  df?: number;
  alpha?: number;
  beta?: number;
  r2?: number;
  sigma?: number;
  days?: { t: number; date: string; return: number; benchmark_return: number; ar: number; ar_t: number; ar_p: number; car: number }[];
  cars?: { window: [number, number]; car: number; se: number; t: number; p: number }[];
  volume?: {
    n: number;
    df: number;
    mean: number;
    sigma: number;
    days: { t: number; date: string; log_volume: number; av: number; av_t: number; av_p: number }[];
    windows: { window: [number, number]; cav: number; se: number; t: number; p: number }[];
  } | null;
};
type RVolumeStat = { n: number; cross_sectional_t: Test; campbell_wasley_t: Test };
type RGroupVolume = { members: string[]; days: (RVolumeStat & { t: number; aav: number })[]; windows: (RVolumeStat & { caav: number })[] } | null;
type RPortfolio = { t?: number; n: number; dates?: string[]; aar?: number; caar: number; tests: Record<string, Test> };
type RGroup = { name: string; ok: string[]; rbar: number | null; currencies: string[]; day0: string[]; days: RPortfolio[]; cars: RPortfolio[]; volume: RGroupVolume };
type RWindow = {
  n_a: number;
  n_b: number;
  mean_a: number;
  mean_b: number;
  difference: number;
  welch_car: RTest;
  kp_welch_car: RTest;
  welch_scar: RTest;
  pooled_ols: { estimate: number; se: number; statistic: number; df: number; p: number };
};
type RDifference = { a: string; b: string; currencies: string[]; windows: RWindow[] };
const golden = JSON.parse(readFileSync(resolve(ROOT, 'test/reference/golden/intl-study.json'), 'utf8')) as {
  listings: RListing[];
  groups: RGroup[];
  differences: RDifference[];
};

const US = ['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO', 'ZS', 'OKTA', 'NET', 'TENB', 'QLYS', 'CIBR', 'SPY'];
const STUDY = '/v1/events/china-cybersecurity-software-ban-2026/study';
/** The R script names the control group by what it holds; the API by the catalog's flag. */
const API_NAME: Record<string, string> = { us_peer_control: 'control' };

const sameTest = (actual: Test | undefined, expected: RTest, what: string) => {
  expectClose(actual?.statistic, expected.statistic, `${what} statistic`);
  expectClose(actual?.p, expected.p, `${what} p`);
};

describe.skipIf(!hasSharedIntl)('headline study across markets = R reference (golden/intl-study.json)', () => {
  let store: DuckDbStore;
  let app: ReturnType<typeof createApp>;
  let result: StudyResult;
  beforeAll(async () => {
    store = await storeWithSharedAndIntl(US);
    app = createApp(nodeDeps(store, { eventsPath: undefined }).deps);
    const res = await app.request(STUDY);
    expect(res.status).toBe(200);
    result = (await res.json()) as StudyResult;
  });
  afterAll(() => store?.close());

  it('studies every listing on its own clock against its own benchmark: day 0, fit, ARs and CARs', () => {
    const bySymbol = new Map(result.securities.map((s) => [s.symbol, s]));
    for (const r of golden.listings) {
      const s = bySymbol.get(r.symbol)!;
      expect(s.status, r.symbol).toBe(r.status);
      if (r.status !== 'ok' || s.status !== 'ok') continue;
      expect([s.benchmark, s.day0], r.symbol).toEqual([r.benchmark, r.day0]);
      for (const k of ['n', 'df'] as const) expect(s.estimation[k], `${r.symbol}.${k}`).toBe(r[k]);
      for (const k of ['alpha', 'beta', 'r2', 'sigma'] as const) expectClose(s.estimation[k], r[k]!, `${r.symbol}.${k}`);
      expect(s.days.map((d) => [d.t, d.date])).toEqual(r.days!.map((d) => [d.t, d.date]));
      s.days.forEach((d, i) => {
        for (const k of ['return', 'benchmark_return', 'ar', 'ar_t', 'ar_p', 'car'] as const) expectClose(d[k], r.days![i]![k], `${r.symbol} day ${d.t} ${k}`);
      });
      s.cars.forEach((c, i) => {
        for (const k of ['car', 'se', 't', 'p'] as const) expectClose(c[k], r.cars![i]![k], `${r.symbol} car ${c.window} ${k}`);
      });
    }
    const day0 = (symbols: string[]) => symbols.map((x) => bySymbol.get(x)?.day0);
    const aShares = ['601360.SS', '600718.SS', '688561.SS', '688023.SS', '002439.SZ', '300454.SZ', '002212.SZ'];
    expect(day0(aShares)).toEqual(aShares.map(() => '2026-01-15'));
    expect(aShares.map((x) => bySymbol.get(x)?.benchmark)).toEqual(aShares.map(() => '000300.SS'));
    expect([bySymbol.get('HO.PA')?.day0, bySymbol.get('HO.PA')?.benchmark]).toEqual(['2026-01-14', '^FCHI']);
  });

  it('reports each role group with its own portfolio tests, the dates behind each day and its currencies', () => {
    const groups = new Map((result.groups ?? []).map((g) => [g.name, g]));
    expect([...groups.keys()]).toEqual(['named_firm', 'parent_company', 'domestic_beneficiary', 'peer', 'control']);
    for (const r of golden.groups.filter((g) => g.name !== 'us_named_and_parents')) {
      const g = groups.get(API_NAME[r.name] ?? r.name) as StudyGroup;
      const what = g.name;
      expect(g.ok.map((id) => id.split('@')[0]).sort(), what).toEqual([...r.ok].sort());
      expect([...g.currencies].sort(), what).toEqual([...r.currencies].sort());
      expect(g.day0, what).toEqual([...r.day0].sort());
      expectClose(g.rbar, r.rbar, `${what} rbar`);
      expect(g.days.length).toBe(r.days.length);
      g.days.forEach((d, i) => {
        const e = r.days[i]!;
        expect([d.t, d.n, d.dates], `${what} day ${d.t}`).toEqual([e.t, e.n, [...e.dates!].sort()]);
        expectClose(d.aar, e.aar!, `${what} day ${d.t} aar`);
        expectClose(d.caar, e.caar, `${what} day ${d.t} caar`);
        for (const [name, t] of Object.entries(e.tests)) sameTest(d.tests[name as keyof typeof d.tests], t, `${what} day ${d.t} ${name}`);
      });
      g.cars.forEach((c, i) => {
        const e = r.cars[i]!;
        expect(c.n, `${what} car ${c.window}`).toBe(e.n);
        expectClose(c.caar, e.caar, `${what} car ${c.window} caar`);
        for (const [name, t] of Object.entries(e.tests)) sameTest(c.tests[name as keyof typeof c.tests], t, `${what} car ${c.window} ${name}`);
      });
    }
    expect(groups.get('parent_company')!.note).toBe(
      "Members trade on different clocks: event time is aligned per listing, so t = 0 is each listing's own day 0 (America/New_York 2026-01-14, Europe/Paris 2026-01-14) and a day t averages different calendar dates. Members trade in USD, EUR: each CAR is a local-currency return against a local index, so CARs compare without conversion.",
    );
    expect(groups.get('domestic_beneficiary')!.note).toBeNull(); // Shanghai and Shenzhen keep one clock, one currency
  });

  it('tests the difference between groups as R does (KP-adjusted Welch, Welch, Welch on SCARs, pooled)', () => {
    const diffs = result.differences as GroupDifference[];
    const pairs = golden.differences.filter((d) => d.a !== 'us_named_and_parents');
    expect(diffs.map((d) => [d.a, d.b])).toEqual(pairs.map((d) => [API_NAME[d.a] ?? d.a, API_NAME[d.b] ?? d.b]));
    diffs.forEach((d, i) => {
      const r = pairs[i]!;
      expect([...d.currencies].sort()).toEqual([...r.currencies].sort());
      d.windows.forEach((w, k) => {
        const e = r.windows[k]!;
        const what = `${d.a} - ${d.b} ${w.window}`;
        expect([w.n_a, w.n_b], what).toEqual([e.n_a, e.n_b]);
        for (const key of ['mean_a', 'mean_b', 'difference'] as const) expectClose(w[key], e[key], `${what} ${key}`);
        const same = (actual: (typeof w)['welch_t'], expected: RTest, name: string) => {
          for (const key of ['statistic', 'p', 'df', 'se'] as const) expectClose(actual[key], expected[key] ?? null, `${what} ${name} ${key}`);
        };
        same(w.kp_welch_t, e.kp_welch_car, 'kp_welch');
        same(w.welch_t, e.welch_car, 'welch');
        same(w.welch_scar_t, e.welch_scar, 'welch_scar');
        same(w.pooled_t, e.pooled_ols, 'pooled');
      });
    });
    expect(diffs.find((d) => d.a === 'domestic_beneficiary' && d.b === 'named_firm')!.note).toMatch(/CNY, USD|USD, CNY/);
  });

  it('measures abnormal log volume where volume is stored (the A-shares), per listing and per group', async () => {
    const [stored] = await rawRows<{ volume: number }>(store, "SELECT volume FROM daily_prices WHERE symbol = '601360.SS' AND date = DATE '2025-01-02'");
    expect(stored!.volume).toBe(1671708.47); // the file's own column, imported
    const bySymbol = new Map(result.securities.map((x) => [x.symbol, x]));
    for (const r of golden.listings.filter((l) => l.status === 'ok')) {
      const s = bySymbol.get(r.symbol)!;
      const v = s.status === 'ok' ? s.volume : undefined;
      if (!r.volume) {
        expect(v, `${r.symbol} has no stored volume`).toBeUndefined();
        continue;
      }
      if (!v || 'reason' in v) throw new Error(`${r.symbol}: no volume result`);
      expect([v.n, v.df], r.symbol).toEqual([r.volume.n, r.volume.df]);
      expectClose(v.mean, r.volume.mean, `${r.symbol} volume mean`);
      expectClose(v.sigma, r.volume.sigma, `${r.symbol} volume sigma`);
      expect(v.days.map((d) => [d.t, d.date])).toEqual(r.volume.days.map((d) => [d.t, d.date]));
      v.days.forEach((d, i) => {
        for (const k of ['log_volume', 'av', 'av_t', 'av_p'] as const) expectClose(d[k], r.volume!.days[i]![k], `${r.symbol} volume day ${d.t} ${k}`);
      });
      v.windows.forEach((w, i) => {
        for (const k of ['cav', 'se', 't', 'p'] as const) expectClose(w[k], r.volume!.windows[i]![k], `${r.symbol} volume ${w.window} ${k}`);
      });
    }
    const groups = new Map((result.groups ?? []).map((g) => [g.name, g]));
    for (const r of golden.groups.filter((g) => g.name !== 'us_named_and_parents')) {
      const v = groups.get(API_NAME[r.name] ?? r.name)!.volume;
      if (!r.volume) {
        expect(v, r.name).toBeUndefined();
        continue;
      }
      expect(v!.members.map((id) => id.split('@')[0]).sort()).toEqual([...r.volume.members].sort());
      const both = (a: RVolumeStat, e: RVolumeStat, what: string) => {
        expect(a.n, what).toBe(e.n);
        sameTest(a.cross_sectional_t, e.cross_sectional_t, `${what} cross-sectional`);
        sameTest(a.campbell_wasley_t, e.campbell_wasley_t, `${what} Campbell-Wasley`);
      };
      v!.days.forEach((d, i) => {
        expectClose(d.aav, r.volume!.days[i]!.aav, `${r.name} aav ${d.t}`);
        both(d, r.volume!.days[i]!, `${r.name} volume day ${d.t}`);
      });
      v!.windows.forEach((w, i) => {
        expectClose(w.caav, r.volume!.windows[i]!.caav, `${r.name} caav ${w.window}`);
        both(w, r.volume!.windows[i]!, `${r.name} volume ${w.window}`);
      });
    }
    expect(groups.get('domestic_beneficiary')!.volume!.members.length).toBe(7);
  });

  it('gives the groups and differences as CSV tables', async () => {
    const groups = parseCsv(await (await app.request(`${STUDY}?format=csv&table=groups`)).text());
    expect(groups[0]!.slice(0, 5)).toEqual(['group', 'window_start', 'window_end', 'n', 'caar']);
    const domestic01 = groups.find((r) => r[0] === 'domestic_beneficiary' && r[1] === '0' && r[2] === '1')!;
    expectClose(Number(domestic01[4]), result.groups!.find((g) => g.name === 'domestic_beneficiary')!.cars[1]!.caar, 'csv caar');
    const diffs = parseCsv(await (await app.request(`${STUDY}?format=csv&table=differences`)).text());
    expect(diffs.length).toBe(1 + 3 * 4);
    expect(diffs[0]!.slice(9, 12)).toEqual(['kp_welch_t', 'kp_welch_t_df', 'kp_welch_t_p']);
  });
});
