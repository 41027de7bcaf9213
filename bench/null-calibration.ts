/**
 * Null calibration (placebo study) of the event-study tests on the real shared daily data:
 * prints, for the clustered and independent-dates designs, every test's rejection rate at 5%
 * on day 0 and on each CAR window, with binomial standard errors and the mean r̄.
 *
 *   npx tsx bench/null-calibration.ts [--events 2000] [--stocks 120] [--n 20] [--seed 20240611]
 *                                     [--chunk 500] [--alpha 0.05]
 *
 * Same seeded simulation as test/study/null-calibration.test.ts (test/study/placebo.ts); with
 * the same seed and stock count, its first 500 events per design are the test's sample.
 * `--stocks 0` uses the whole stock universe. `--chunk` = placebo events per SQL call (memory).
 */
import { StoreDailyCloses } from '../src/store/store-daily-closes.js';
import { SeriesCache, type ReturnKind, type SeriesPair } from '../src/study/aligned-series.js';
import { storeWithShared } from '../test/helpers/shared-data.js';
import {
  BENCHMARK,
  calibrationTable,
  formatTable,
  placeboSetup,
  simulate,
  PLACEBO_SEED,
  type Design,
} from '../test/study/placebo.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

const events = arg('events', 2000);
const stockCount = arg('stocks', 120);
const n = arg('n', 20);
const seed = arg('seed', PLACEBO_SEED);
const chunk = arg('chunk', 500);
const alpha = arg('alpha', 0.05);

const started = performance.now();
const setup = placeboSetup(seed, stockCount > 0 ? stockCount : Number.POSITIVE_INFINITY, events, n);
const store = await storeWithShared([...setup.stocks, BENCHMARK]);
const imported = performance.now();
console.log(
  `seed ${seed}: ${setup.stocks.length} stocks, ${setup.dates.length} placebo dates ` +
    `(${setup.dates[0]} .. ${setup.dates[setup.dates.length - 1]}), ${events} events x N=${n} per design, ` +
    `alpha ${alpha}; import ${((imported - started) / 1000).toFixed(1)} s`,
);
try {
  const closes = new SeriesCache(new StoreDailyCloses(store));
    const source = { aligned: (pairs: readonly SeriesPair[], returns: ReturnKind) => closes.aligned(pairs, returns, 'placebo') };
  for (const design of ['clustered', 'independent'] as Design[]) {
    const out = await simulate(source, setup.designs[design], { eventsPerQuery: chunk });
    const table = calibrationTable(out.results, alpha);
    console.log('');
    console.log(formatTable(`Design ${design === 'clustered' ? 'A (clustered: one date per event)' : 'B (independent dates)'}`, table));
    console.log(
      `  ${out.securityEvents} security-events, ${out.excluded} excluded; series read ${(out.queryMs / 1000).toFixed(1)} s, ` +
        `evidence + portfolio ${(out.computeMs / 1000).toFixed(1)} s`,
    );
  }
} finally {
  store.close();
}
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
