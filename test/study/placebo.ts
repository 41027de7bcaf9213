import { readdirSync, readFileSync } from 'node:fs';
import { mulberry32 } from '../../src/stats/random.js';
import { join } from 'node:path';
import { twoSidedStudentP } from '../../src/stats/distributions.js';
import type { Window } from '../../src/study/params.js';
import { TEST_NAMES, portfolio, type PortfolioTests, type TestName } from '../../src/study/portfolio.js';
import { typedEvidence, type AlignedSeriesSource, type TypedStudyParams } from '../../src/study/typed-evidence.js';
import type { SecurityEvidence } from '../../src/study/security-result.js';
import { SHARED_MARKET_DATA } from '../helpers/shared-data.js';

/**
 * Null calibration (placebo study) of the event-study engine on REAL daily data.
 *
 * Placebo events are random (stock, date) draws: there is no event, so every test's rejection
 * rate at 5% should be about 5% when the test is correctly sized. Two designs:
 *  - `clustered`  : each placebo event = N distinct stocks sharing ONE random date
 *                   (cross-correlated ARs: unadjusted Patell/BMP over-reject, KP repairs them);
 *  - `independent`: each placebo event = N distinct stocks, each at its own random date
 *                   (the N dates are distinct too, so no two ARs share a calendar day).
 * Everything is seeded (mulberry32): the same seed and data give the same table.
 *
 * Efficiency: all security-events of a design are aligned in ONE series read (or a few,
 * `eventsPerQuery`), then `typedEvidence` per security-event and `portfolio` per placebo event —
 * the same functions the study engine uses, minus the day-0 rule (placebo dates are SPY trading days and
 * every stock has a row on each of them).
 */

/** Funds, leveraged/inverse products, bond/commodity funds and the index: not ordinary stocks. */
export const NOT_STOCKS: ReadonlySet<string> = new Set(
  (
    'SPY QQQ VOO VTI RSP DIA IWM IJH IJR AGG BND BIL SHY IEF TLT EDV TIP LQD HYG MBB VCIT GLD SLV USO DBC PDBC ' +
    'GDX EEM EFA EWJ EWT EWY FXI INDA VGK VXUS VT VNQ SCHH SMH SOXX IGV CIBR HACK BUG IHAK DGRO NOBL SCHD SPHD ' +
    'VIG VYM VTV VUG VBR USMV QUAL MTUM JEPI JEPQ SOXL TQQQ SQQQ QLD SSO SDS SH PSQ SPXL UPRO UDOW TNA TZA TECL ' +
    'FAS LABU TMF TMV UVXY VXX XBI ^GSPC'
  ).split(' '),
);
const isNotStock = (symbol: string) => NOT_STOCKS.has(symbol) || symbol.startsWith('XL');

export const BENCHMARK = 'SPY';
export const FIRST_DATE = '2018-01-02';
/** Placebo day-0 range: SPY trading dates in it leave room for [-250,-11] before and +5 after. */
export const PLACEBO_FROM = '2019-03-01';
export const PLACEBO_TO = '2026-06-30';
/** A stock must have rows up to at least this date (covers t = +5 of the last placebo day 0). */
const LAST_NEEDED = '2026-07-15';

export { TEST_NAMES };

export type Design = 'clustered' | 'independent';

/** `k` distinct elements of `items` (partial Fisher-Yates on a copy), in draw order. */
export function sample<T>(items: readonly T[], k: number, rng: () => number): T[] {
  if (k > items.length) throw new RangeError(`cannot draw ${k} distinct of ${items.length}`);
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

type DailyFile = { dates: string[]; fullOhlc: boolean };

function readDaily(symbol: string, dir: string): DailyFile {
  const lines = readFileSync(join(dir, `${symbol}.csv`), 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const dates: string[] = [];
  let fullOhlc = true;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    dates.push(cells[0]!);
    if (cells.length < 5 || cells.slice(1, 5).some((c) => c.trim() === '')) fullOhlc = false;
  }
  return { dates, fullOhlc };
}

/**
 * Ordinary stocks with full history in the shared daily directory, sorted: first row
 * 2018-01-02, rows up to at least mid-July 2026, open/high/low/close on every row (close-only
 * symbols out), not a fund/ETF/leveraged product/index.
 */
export function stockUniverse(dir = join(SHARED_MARKET_DATA, 'daily')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => f.slice(0, -4))
    .filter((s) => !isNotStock(s))
    .filter((s) => {
      const { dates, fullOhlc } = readDaily(s, dir);
      return fullOhlc && dates[0] === FIRST_DATE && dates[dates.length - 1]! >= LAST_NEEDED;
    })
    .sort();
}

/** SPY trading dates in [PLACEBO_FROM, PLACEBO_TO]. */
export function placeboDates(dir = join(SHARED_MARKET_DATA, 'daily')): string[] {
  return readDaily(BENCHMARK, dir).dates.filter((d) => d >= PLACEBO_FROM && d <= PLACEBO_TO);
}

export type SecurityEventDraw = { symbol: string; day0: string };
export type PlaceboEvent = SecurityEventDraw[];

/**
 * `count` placebo events of `n` distinct stocks each. Clustered: one date per event.
 * Independent: n distinct dates per event, one per stock. Deterministic given `rng`; the first
 * k events of a longer draw equal a draw of k events (the stream is consumed event by event).
 */
export function drawEvents(
  design: Design,
  stocks: readonly string[],
  dates: readonly string[],
  count: number,
  n: number,
  rng: () => number,
): PlaceboEvent[] {
  const events: PlaceboEvent[] = [];
  for (let e = 0; e < count; e++) {
    const symbols = sample(stocks, n, rng);
    if (design === 'clustered') {
      const day0 = dates[Math.floor(rng() * dates.length)]!;
      events.push(symbols.map((symbol) => ({ symbol, day0 })));
    } else {
      const day0s = sample(dates, n, rng);
      events.push(symbols.map((symbol, i) => ({ symbol, day0: day0s[i]! })));
    }
  }
  return events;
}

export type PlaceboParams = {
  /** A model the abnormal-returns SQL computes (market, constant_mean, market_adjusted). */
  model: TypedStudyParams['model'];
  returns: 'simple' | 'log';
  estimation: Window;
  window: Window;
  car: Window[];
  min_obs: number;
};

export const DEFAULT_PLACEBO_PARAMS: PlaceboParams = {
  model: 'market',
  returns: 'simple',
  estimation: [-250, -11],
  window: [-5, 5],
  car: [
    [0, 0],
    [-1, 1],
    [-5, 5],
  ],
  min_obs: 100,
};

/** What one placebo event yields: r̄ and the tests on day 0 and on each CAR window. */
export type PlaceboResult = {
  n: number;
  rbar: number | null;
  day0: PortfolioTests | null;
  cars: { window: Window; n: number; tests: PortfolioTests }[];
};

export type SimulationOutcome = {
  results: PlaceboResult[];
  /** Security-events excluded by the engine (min_obs, no day-0 return, ...) or missing. */
  excluded: number;
  securityEvents: number;
  queryMs: number;
  computeMs: number;
};

const pad = (i: number, width: number) => String(i).padStart(width, '0');

export type SimulateOptions = {
  params?: PlaceboParams;
  /** Placebo events per series read; default all of them in ONE read. */
  eventsPerQuery?: number;
};

/**
 * Runs the placebo events through the engine: abnormal returns for all their security-events
 * in `ceil(events / eventsPerQuery)` store calls (one by default), then `typedEvidence` per
 * security-event and `portfolio(evidence, params.window, params.car)` per placebo event.
 */
export async function simulate(
  source: AlignedSeriesSource,
  events: readonly PlaceboEvent[],
  options: SimulateOptions = {},
): Promise<SimulationOutcome> {
  const params = options.params ?? DEFAULT_PLACEBO_PARAMS;
  const eventsPerQuery = options.eventsPerQuery ?? Number.POSITIVE_INFINITY;
  const width = String(events.length).length;
  const results: PlaceboResult[] = [];
  let excluded = 0;
  let securityEvents = 0;
  let queryMs = 0;
  let computeMs = 0;
  const step = Math.max(1, Math.min(events.length, eventsPerQuery));
  for (let start = 0; start < events.length; start += step) {
    const chunk = events.slice(start, start + step);
    // Key = <event>:<slot>: unique per security-event, and the SQL's ORDER BY key keeps each
    // security-event's rows contiguous.
    const items = chunk.flatMap((ev, e) =>
      ev.map((s, j) => ({ key: `${pad(start + e, width)}:${pad(j, 2)}`, symbol: s.symbol, benchmark: BENCHMARK, day0: s.day0 })),
    );
    securityEvents += items.length;
    let t0 = performance.now();
    const series = await source.aligned(items, params.returns);
    queryMs += performance.now() - t0;
    t0 = performance.now();
    const byEvent = new Map<number, SecurityEvidence[]>();
    let found = 0;
    items.forEach((item, i) => {
      const ev = typedEvidence(item.key, series[i]!, item.day0, params);
      if (ev === undefined) return;
      found++;
      if ('days' in ev) {
        const e = Number(item.key.slice(0, item.key.indexOf(':')));
        const list = byEvent.get(e) ?? [];
        list.push(ev);
        byEvent.set(e, list);
      } else {
        excluded++;
      }
    });
    excluded += items.length - found;
    for (let e = start; e < start + chunk.length; e++) {
      const ok = byEvent.get(e) ?? [];
      if (ok.length === 0) {
        results.push({ n: 0, rbar: null, day0: null, cars: [] });
        continue;
      }
      const p = portfolio(ok, params.window, params.car);
      results.push({
        n: p.n,
        rbar: p.rbar,
        day0: p.days.find((d) => d.t === 0)?.tests ?? null,
        cars: p.cars.map((c) => ({ window: c.window, n: c.n, tests: c.tests })),
      });
    }
    computeMs += performance.now() - t0;
  }
  return { results, excluded, securityEvents, queryMs, computeMs };
}

/** Rejection rate of one test at one level: rejections / computed, with its binomial SE. */
export type Rate = { rejected: number; computed: number; rate: number; se: number };

export type WindowLabel = 'day0' | `car${number},${number}`;

export type CalibrationTable = {
  events: number;
  meanN: number;
  meanRbar: number | null;
  rbarEvents: number;
  /**
   * Kolari-Pynnönen's prediction for the unadjusted BMP t on one day when the N ARs are
   * equicorrelated at each event's r̄: mean over events of P(|t(N-1)| > c sqrt((1-r̄)/(1+(N-1)r̄))),
   * c the two-sided critical value (the KP factor turned around). Null without r̄.
   */
  bmpPredicted: number | null;
  /** label (`day0` or `car-1,1` ...) -> test -> rate */
  rates: Record<string, Record<TestName, Rate>>;
  /**
   * label -> test -> scale: median |statistic| / the median |X| of its reference distribution
   * (t(N-1) for cross-sectional t, BMP and KP-BMP; N(0,1) for Patell, KP-Patell, Corrado-Zivney).
   * 1 when the statistic has the spread its p-value assumes; a robust, more powerful check of the
   * standardization than the 5% tail. Null for the generalized sign (discrete) and Wilcoxon (W+).
   */
  scale: Record<string, Record<TestName, number | null>>;
};

export function rate(rejected: number, computed: number): Rate {
  const r = computed > 0 ? rejected / computed : Number.NaN;
  return { rejected, computed, rate: r, se: computed > 0 ? Math.sqrt((r * (1 - r)) / computed) : Number.NaN };
}

export const carLabel = (w: Window): WindowLabel => `car${w[0]},${w[1]}`;

/** The two-sided critical value of t(df) at `alpha` (bisection on the engine's own p). */
export function studentCritical(alpha: number, df: number): number {
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedStudentP(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** KP's predicted rejection rate of the unadjusted BMP t for N equicorrelated (r̄) SARs. */
export function predictedBmpRate(rbar: number, n: number, alpha = 0.05): number {
  const c = studentCritical(alpha, n - 1);
  return twoSidedStudentP(c * Math.sqrt((1 - rbar) / (1 + (n - 1) * rbar)), n - 1);
}

/** Median of |X| for X ~ t(df) (df = Infinity: N(0,1), 0.6745): the x with two-sided p 0.5. */
export function medianAbs(df: number): number {
  return df === Number.POSITIVE_INFINITY ? 0.6744897501960817 : studentCritical(0.5, df);
}

const T_TESTS: ReadonlySet<TestName> = new Set(['cross_sectional_t', 'bmp_t', 'kp_bmp_t']);
const Z_TESTS: ReadonlySet<TestName> = new Set(['patell_z', 'kp_patell_z', 'corrado_zivney']);

function median(values: number[]): number {
  const a = [...values].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}

/** Rejection rates at `alpha` (p < alpha) per window label and test, and the mean r̄. */
export function calibrationTable(results: readonly PlaceboResult[], alpha = 0.05): CalibrationTable {
  const counts = new Map<string, Map<TestName, { rejected: number; computed: number; scaled: number[] }>>();
  const medians = new Map<number, number>();
  const medianOf = (df: number) => medians.get(df) ?? medians.set(df, medianAbs(df)).get(df)!;
  const add = (label: string, tests: PortfolioTests, n: number) => {
    const perTest = counts.get(label) ?? new Map();
    counts.set(label, perTest);
    for (const name of TEST_NAMES) {
      const c = perTest.get(name) ?? { rejected: 0, computed: 0, scaled: [] };
      perTest.set(name, c);
      const { statistic, p } = tests[name];
      if (p === null || statistic === null) continue;
      c.computed++;
      if (p < alpha) c.rejected++;
      if (T_TESTS.has(name)) c.scaled.push(Math.abs(statistic) / medianOf(n - 1));
      else if (Z_TESTS.has(name)) c.scaled.push(Math.abs(statistic) / medianOf(Number.POSITIVE_INFINITY));
    }
  };
  let rbarSum = 0;
  let rbarEvents = 0;
  let predictedSum = 0;
  let predictedEvents = 0;
  let nSum = 0;
  for (const r of results) {
    nSum += r.n;
    if (r.rbar !== null) {
      rbarSum += r.rbar;
      rbarEvents++;
    }
    if (r.rbar !== null && 1 + (r.n - 1) * r.rbar > 0) {
      predictedSum += predictedBmpRate(r.rbar, r.n, alpha);
      predictedEvents++;
    }
    if (r.day0) add('day0', r.day0, r.n);
    for (const c of r.cars) add(carLabel(c.window), c.tests, c.n);
  }
  const rates: CalibrationTable['rates'] = {};
  const scale: CalibrationTable['scale'] = {};
  for (const [label, perTest] of counts) {
    rates[label] = Object.fromEntries(
      TEST_NAMES.map((name) => {
        const c = perTest.get(name)!;
        return [name, rate(c.rejected, c.computed)];
      }),
    ) as Record<TestName, Rate>;
    scale[label] = Object.fromEntries(
      TEST_NAMES.map((name) => {
        const scaled = perTest.get(name)!.scaled;
        return [name, scaled.length ? median(scaled) : null];
      }),
    ) as Record<TestName, number | null>;
  }
  return {
    events: results.length,
    meanN: results.length ? nSum / results.length : 0,
    meanRbar: rbarEvents ? rbarSum / rbarEvents : null,
    rbarEvents,
    bmpPredicted: predictedEvents ? predictedSum / predictedEvents : null,
    rates,
    scale,
  };
}

/** A fixed-width text table: one row per test, one column per window label, "rate ± SE (computed)". */
export function formatTable(title: string, table: CalibrationTable): string {
  const labels = Object.keys(table.rates);
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  const cell = (r: Rate) => `${pct(r.rate)}% ± ${(100 * r.se).toFixed(1)} (n=${r.computed})`;
  const lines = [
    `${title}: ${table.events} placebo events, mean N = ${table.meanN.toFixed(2)}, ` +
      `mean r̄ = ${table.meanRbar === null ? 'n/a' : table.meanRbar.toFixed(4)} (over ${table.rbarEvents} events); ` +
      `KP-predicted one-day BMP rate if same-day ARs were correlated at r̄: ` +
      `${table.bmpPredicted === null ? 'n/a' : `${(100 * table.bmpPredicted).toFixed(1)}%`}`,
    `${'test'.padEnd(18)}${labels.map((l) => l.padEnd(26)).join('')}`,
  ];
  for (const name of TEST_NAMES) {
    lines.push(`${name.padEnd(18)}${labels.map((l) => cell(table.rates[l]![name]).padEnd(26)).join('')}`);
  }
  lines.push(`scale = median |statistic| / median |reference| (1 = spread its p-value assumes):`);
  for (const name of TEST_NAMES) {
    if (table.scale[labels[0]!]![name] === null) continue;
    lines.push(`${name.padEnd(18)}${labels.map((l) => (table.scale[l]![name]?.toFixed(3) ?? '-').padEnd(26)).join('')}`);
  }
  return lines.join('\n');
}

export type PlaceboSetup = {
  seed: number;
  stocks: string[];
  dates: string[];
  designs: Record<Design, PlaceboEvent[]>;
};

/**
 * The seeded setup: `stockCount` stocks drawn from the universe (stream `seed`), and for each
 * design `events` placebo events of `n` stocks (streams `seed + 1` clustered, `seed + 2`
 * independent), so the designs do not depend on each other and a larger draw extends a
 * smaller one.
 */
export function placeboSetup(seed: number, stockCount: number, events: number, n: number): PlaceboSetup {
  const universe = stockUniverse();
  const stocks = stockCount >= universe.length ? universe : sample(universe, stockCount, mulberry32(seed)).sort();
  const dates = placeboDates();
  return {
    seed,
    stocks,
    dates,
    designs: {
      clustered: drawEvents('clustered', stocks, dates, events, n, mulberry32(seed + 1)),
      independent: drawEvents('independent', stocks, dates, events, n, mulberry32(seed + 2)),
    },
  };
}

/** The seed of the test and (by default) the bench script. */
export const PLACEBO_SEED = 20240611;
