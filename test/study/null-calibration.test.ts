import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StoreDailyCloses } from '../../src/store/store-daily-closes.js';
import { SeriesCache, type ReturnKind, type SeriesPair } from '../../src/study/aligned-series.js';
import { twoSidedNormalP, twoSidedStudentP } from '../../src/stats/distributions.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import type { PortfolioTests, TestName } from '../../src/study/portfolio.js';
import { runStudy } from '../../src/study/run-study.js';
import { hasSharedData, storeWithShared } from '../helpers/shared-data.js';
import { expectClose } from '../helpers/tolerance.js';
import {
  BENCHMARK,
  calibrationTable,
  carLabel,
  DEFAULT_PLACEBO_PARAMS,
  formatTable,
  PLACEBO_SEED,
  placeboSetup,
  simulate,
  TEST_NAMES,
  type CalibrationTable,
  type Design,
  type PlaceboSetup,
  type SimulationOutcome,
} from './placebo.js';

/**
 * Null calibration of the portfolio tests on REAL daily data (placebo events: no news, so a
 * well-sized 5% test rejects ~5% of the time). Seeded and deterministic: 120 stocks drawn from
 * the full-history stock universe, 500 placebo events of N = 20 per design (see placebo.ts).
 * `npx tsx bench/null-calibration.ts` prints the same table for 2000 events per design.
 *
 * HOW THE BANDS WERE SET. Measured on this sample (seed 20240611, 500 events; "here" below), on
 * the bench's 2000 events (which include these 500), and on 8 other seeds (1-8: other stock
 * sets and events, 500 each; "seeds" = the range over all 9), so that a legitimate change (data
 * refresh, another draw) does not break them: every band holds on all 9 seeds. Binomial SE at
 * n = 500: 0.97 points at 5%, 1.1 at 6.5%, 1.45 at 12%. Rates are day 0 / CAR[-1,1].
 *
 *  Design A, clustered (20 stocks on ONE date; mean r̄ 0.025 here, 0.020-0.036 on the seeds):
 *   - Unadjusted tests (cross-sectional t, Patell, BMP, generalized sign, Wilcoxon) over-reject:
 *     10.0-13.0% here, 10.3-12.3% on 2000 events, 7.4-16.0% on the seeds. KP's own prediction
 *     for BMP (SARs equicorrelated at each event's r̄, N = 20) is 10.4%. Band [7%, 18%]
 *     (generalized sign, discrete: [6.5%, 18%]): the lower end (5% + 2 SE) shows the design
 *     really is clustered (a draw or SQL bug that un-clusters the dates drops them to ~5%); the
 *     upper end catches halved (one-sided) p-values (BMP would be 18.6% / 18.2%) or worse.
 *   - KP-BMP (the headline test for shared dates): 6.4 / 6.6% here, 6.1 / 6.3% ± 0.5 on 2000,
 *     3.6-7.6% on the seeds: about 1 point liberal (r̄ from the estimation window understates
 *     same-day correlation in turbulent periods). Band [2%, 10%] = 5% - 3 SE .. 6.2% + 3.5 SE.
 *     KP not applied would put it at the BMP rate (11.8 / 10.8% here).
 *   - BMP minus KP-BMP >= 2 points (5.4 / 4.2 here, 3.4-8.2 on the seeds; the paired difference
 *     has SE ≈ 1 point) and the same for Patell minus KP-Patell (4.6 / 4.2 here, 3.4-9.2):
 *     catches KP not applied, or an r̄ near 0 (e.g. covariances instead of correlations).
 *   - KP-Patell: 7.0 / 6.8% here, 7.3 / 6.9% on 2000, 5.8-10.2% on the seeds (Patell also
 *     suffers from event-period variance, which KP does not address). Band [2%, 11%].
 *   - Corrado-Zivney: 5.6 / 6.0% here, 6.2 / 6.0% on 2000, 4.0-8.0% on the seeds (its S_U is the
 *     time-series sd of the portfolio's mean rank, so it absorbs the clustering). [2%, 10%].
 *   - mean r̄ in [0.01, 0.06] (0.020-0.036 on the seeds): catches r̄ computed as a covariance,
 *     on raw returns (with the market left in, r̄ would be ~0.3) or with the wrong sign.
 *  Design B, independent dates (20 stocks at 20 distinct dates):
 *   - cross-sectional t, BMP, Corrado-Zivney, Wilcoxon: 3.8-5.4% here, 4.3-5.7% on 2000,
 *     2.2-8.2% on the seeds. Band [1.5%, 9%] (5% - 3.5 SE .. 5% + 4 SE): catches a standard
 *     error off by ~1.3x either way (CS-t: 1.2% / 1.4% or 12.6% / 11.6%), a missing sqrt(N)
 *     (0%), halved p-values (BMP 9.6% / 9.2%).
 *   - generalized sign: 3.2 / 2.6% here, 3.2 / 4.2% on 2000, 2.6-6.0% on the seeds. With N = 20 the
 *     statistic is discrete: at p̂ = 0.5 its exact size is 4.1%, so it runs below 5%. [1%, 9%].
 *   - Patell: 7.4 / 8.8% here, 7.5 / 7.1% ± 0.6 on 2000, 4.6-8.8% on the seeds: liberal on real
 *     data because event-period volatility differs from the estimation window's (Boehmer et al.
 *     1991's reason for BMP). Band [3%, 12%] (12% = 7.5% + 4 SE).
 *   - KP-BMP: 3.6 / 3.4% here, 3.7 / 3.3% on 2000, 1.8-5.0% on the seeds: conservative, because
 *     the engine's r̄ (mean residual correlation over pairs with >= 30 common ESTIMATION dates)
 *     is ≈ 0.025 here as in design A, although the event-day ARs, on different dates, are
 *     uncorrelated. Band [0.5%, 9%]. KP-Patell: 5.6 / 5.6% here, 2.2-7.6% on the seeds: [1.5%, 11%].
 *  Exact checks per placebo event (not rates): day 0 equals CAR[0,0] for every test (two code
 *  paths: the SQL's prediction-error factor C_0 vs the closed-form CAR variance, so a missing or
 *  wrong PE correction in either fails); every p is the stated reference tail of its statistic
 *  (t(N-1) or N(0,1): a wrong df fails); KP = the documented factor times BMP / Patell (the KP
 *  factor squared, 3.2% / 3.6% in design A, would pass any sane rate band); and one placebo
 *  event per design reproduced by runStudy.
 *  What the rates alone cannot see at n = 500: effects below ~2 points, e.g. BMP's p from N(0,1)
 *  instead of t(19) (+2 points) or a PE correction dropped in both paths (~0.4% of the SE).
 */

/**
 * The setup's explicit time budget. It runs on the engine's in-process path: about 18 CPU
 * seconds in all, measured with /usr/bin/time on the whole file (import of 121 real files ~10 s;
 * per design, the series read plus evidence and portfolio for 10,000 security-events, ~2 s).
 * On a machine loaded by ~5 other processes that is still well under a minute; 300 s leaves
 * more than 10x room. The budget is set on this hook alone, so every other hook keeps the short
 * default. `npx tsx bench/null-calibration.ts --events 500` runs the same setup and prints its timings.
 */
const SETUP_BUDGET_MS = 300_000;

/** PLACEBO_SEED=<n> re-runs the test on another draw (stocks and events): how the bands were stress-tested. */
const SEED = Number(process.env.PLACEBO_SEED ?? PLACEBO_SEED);
const EVENTS = 500;
const N = 20;
const STOCKS = 120;

type Band = [number, number];
const BANDS: Record<Design, Record<TestName, Band>> = {
  clustered: {
    cross_sectional_t: [0.07, 0.18],
    patell_z: [0.07, 0.18],
    bmp_t: [0.07, 0.18],
    kp_bmp_t: [0.02, 0.1],
    kp_patell_z: [0.02, 0.11],
    corrado_zivney: [0.02, 0.1],
    generalized_sign: [0.065, 0.18],
    wilcoxon: [0.07, 0.18],
  },
  independent: {
    cross_sectional_t: [0.015, 0.09],
    patell_z: [0.03, 0.12],
    bmp_t: [0.015, 0.09],
    kp_bmp_t: [0.005, 0.09],
    kp_patell_z: [0.015, 0.11],
    corrado_zivney: [0.015, 0.09],
    generalized_sign: [0.01, 0.09],
    wilcoxon: [0.015, 0.09],
  },
};
/** The windows with asserted bands; CAR[0,0] and CAR[-5,5] are computed and printed too. */
const BANDED = ['day0', 'car-1,1'] as const;

describe.skipIf(!hasSharedData)('null calibration: placebo events on real data', () => {
  let store: DuckDbStore;
  let setup: PlaceboSetup;
  const outcomes = {} as Record<Design, SimulationOutcome>;
  const tables = {} as Record<Design, CalibrationTable>;

  beforeAll(async () => {
    const started = performance.now();
    setup = placeboSetup(SEED, STOCKS, EVENTS, N);
    store = await storeWithShared([...setup.stocks, BENCHMARK]);
    const imported = performance.now();
    const closes = new SeriesCache(new StoreDailyCloses(store));
    const source = { aligned: (pairs: readonly SeriesPair[], returns: ReturnKind) => closes.aligned(pairs, returns, 'placebo') };
    const lines = [
      `placebo study: seed ${SEED}, ${setup.stocks.length} stocks, ${setup.dates.length} dates, ` +
        `import ${((imported - started) / 1000).toFixed(1)} s`,
    ];
    for (const design of ['clustered', 'independent'] as const) {
      outcomes[design] = await simulate(source, setup.designs[design]);
      tables[design] = calibrationTable(outcomes[design].results);
      lines.push(formatTable(`design ${design}`, tables[design]));
      lines.push(
        `  series read ${(outcomes[design].queryMs / 1000).toFixed(1)} s, evidence + portfolio ${(outcomes[design].computeMs / 1000).toFixed(1)} s`,
      );
    }
    lines.push(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(lines.join('\n'));
  }, SETUP_BUDGET_MS);
  afterAll(() => store?.close());

  it('studies every placebo security-event (full-history stocks, dates with room for the windows)', () => {
    expect(setup.stocks).toHaveLength(STOCKS);
    for (const design of ['clustered', 'independent'] as const) {
      const out = outcomes[design];
      expect(out.securityEvents).toBe(EVENTS * N);
      expect(out.excluded).toBe(0);
      expect(out.results).toHaveLength(EVENTS);
      for (const r of out.results) {
        expect(r.n).toBe(N);
        expect(r.cars.map((c) => c.n)).toEqual(DEFAULT_PLACEBO_PARAMS.car.map(() => N));
      }
      // Every test is computed on every event, except KP without r̄: in design B a few events
      // have no pair of stocks whose estimation windows share >= 30 dates (1 of 500 here).
      for (const label of BANDED) {
        for (const name of TEST_NAMES) {
          const computed = tables[design].rates[label]![name].computed;
          if (name.startsWith('kp_') && design === 'independent') expect(computed).toBeGreaterThanOrEqual(EVENTS - 5);
          else expect(computed, `${design} ${label} ${name}`).toBe(EVENTS);
        }
      }
    }
    // Design A shares one date per event; design B uses N distinct dates per event.
    for (const ev of setup.designs.clustered) expect(new Set(ev.map((s) => s.day0)).size).toBe(1);
    for (const ev of setup.designs.independent) expect(new Set(ev.map((s) => s.day0)).size).toBe(N);
  });

  it('day 0 and CAR[0,0] give the same statistic for every test and event (PE correction in both paths)', () => {
    const car00 = DEFAULT_PLACEBO_PARAMS.car.findIndex(([a, b]) => a === 0 && b === 0);
    for (const design of ['clustered', 'independent'] as const) {
      for (const [e, r] of outcomes[design].results.entries()) {
        for (const name of TEST_NAMES) {
          const day = r.day0![name];
          const car = r.cars[car00]!.tests[name];
          if (day.statistic === null) {
            expect(car.statistic, `${design} #${e} ${name}`).toBeNull();
            continue;
          }
          expect(car.statistic, `${design} #${e} ${name}`).not.toBeNull();
          expect(Math.abs(car.statistic! - day.statistic), `${design} #${e} ${name}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(day.statistic)),
          );
        }
      }
    }
  });

  it('every p is its statistic\'s stated reference tail, and KP is the documented factor on BMP/Patell', () => {
    // The rejection rates measure the statistics' spread against these references, so pin them
    // (conventions.md): t(N-1) for cross-sectional t, BMP, KP-BMP; N(0,1) for Patell, KP-Patell,
    // Corrado-Zivney and generalized sign. A wrong df, or the KP factor squared (3.2% / 3.6% in
    // design A: inside any sane rate band), fails here.
    const tRef = new Set<TestName>(['cross_sectional_t', 'bmp_t', 'kp_bmp_t']);
    const zRef = new Set<TestName>(['patell_z', 'kp_patell_z', 'corrado_zivney', 'generalized_sign']);
    const close = (a: number, b: number, what: string) =>
      expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(b));
    for (const design of ['clustered', 'independent'] as const) {
      for (const [e, r] of outcomes[design].results.entries()) {
        for (const [label, tests] of [['day0', r.day0!], ...r.cars.map((c) => [carLabel(c.window), c.tests] as const)] as const) {
          const where = `${design} #${e} ${label}`;
          for (const name of TEST_NAMES) {
            const { statistic, p } = tests[name];
            if (statistic === null || p === null) continue;
            if (tRef.has(name)) close(p, twoSidedStudentP(statistic, r.n - 1), `${where} ${name} p`);
            if (zRef.has(name)) close(p, twoSidedNormalP(statistic), `${where} ${name} p`);
          }
          if (r.rbar === null || !(1 + (r.n - 1) * r.rbar > 0)) continue;
          const k = 1 + (r.n - 1) * r.rbar;
          close(tests.kp_bmp_t.statistic!, tests.bmp_t.statistic! * Math.sqrt((1 - r.rbar) / k), `${where} KP-BMP`);
          close(tests.kp_patell_z.statistic!, tests.patell_z.statistic! / Math.sqrt(k), `${where} KP-Patell`);
        }
      }
    }
  });

  it('the placebo pipeline reproduces runStudy (first clustered and independent event, to 1e-9)', async () => {
    const deps = nodeDeps(store, { eventsPath: undefined }).deps;
    const params = StudyParamsSchema.parse({ benchmark: BENCHMARK, car: DEFAULT_PLACEBO_PARAMS.car });
    for (const design of ['clustered', 'independent'] as const) {
      const event = setup.designs[design][0]!;
      const study = await runStudy(deps, event.map((s) => ({ symbol: s.symbol, date: s.day0 })), params);
      const ours = outcomes[design].results[0]!;
      // Same code, but DuckDB's regression aggregates sum in a batch-dependent order: last bits differ.
      expectClose(study.portfolio.rbar, ours.rbar, `${design} r-bar`, 1e-9);
      const compare = (theirs: PortfolioTests, mine: PortfolioTests, where: string) => {
        for (const name of TEST_NAMES) {
          expectClose(theirs[name].statistic, mine[name].statistic, `${where} ${name} statistic`, 1e-9);
          expectClose(theirs[name].p, mine[name].p, `${where} ${name} p`, 1e-9);
        }
      };
      compare(study.portfolio.days.find((d) => d.t === 0)!.tests, ours.day0!, `${design} day 0`);
      study.portfolio.cars.forEach((c, i) => compare(c.tests, ours.cars[i]!.tests, `${design} CAR${c.window}`));
    }
  });

  it('design A (clustered): unadjusted tests over-reject, KP brings BMP and Patell back near 5%', () => {
    const table = tables.clustered;
    expect(table.meanRbar!).toBeGreaterThan(0.01);
    expect(table.meanRbar!).toBeLessThan(0.06);
    for (const label of BANDED) {
      const rates = table.rates[label]!;
      for (const name of TEST_NAMES) {
        const [lo, hi] = BANDS.clustered[name];
        const { rate, se } = rates[name];
        expect(rate, `A ${label} ${name}: ${(100 * rate).toFixed(1)}% ± ${(100 * se).toFixed(1)}`).toBeGreaterThanOrEqual(lo);
        expect(rate, `A ${label} ${name}: ${(100 * rate).toFixed(1)}% ± ${(100 * se).toFixed(1)}`).toBeLessThanOrEqual(hi);
      }
      expect(rates.bmp_t.rate - rates.kp_bmp_t.rate, `A ${label} BMP - KP-BMP`).toBeGreaterThanOrEqual(0.02);
      expect(rates.patell_z.rate - rates.kp_patell_z.rate, `A ${label} Patell - KP-Patell`).toBeGreaterThanOrEqual(0.02);
    }
  });

  it('design B (independent dates): every test near its nominal 5% (KP conservative, Patell a little liberal)', () => {
    const table = tables.independent;
    for (const label of BANDED) {
      const rates = table.rates[label]!;
      for (const name of TEST_NAMES) {
        const [lo, hi] = BANDS.independent[name];
        const { rate, se } = rates[name];
        expect(rate, `B ${label} ${name}: ${(100 * rate).toFixed(1)}% ± ${(100 * se).toFixed(1)}`).toBeGreaterThanOrEqual(lo);
        expect(rate, `B ${label} ${name}: ${(100 * rate).toFixed(1)}% ± ${(100 * se).toFixed(1)}`).toBeLessThanOrEqual(hi);
      }
    }
  });
});
