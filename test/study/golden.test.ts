import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { runStudy } from '../../src/study/run-study.js';
import { writeEtfFactors } from '../helpers/etf-factors.js';
import { sharedSubset } from '../helpers/fixtures.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { compareWithGolden, type GoldenCase } from './compare-golden.js';

/**
 * Every number of the engine against the independent R implementations (lm() + matrix algebra)
 * in test/reference/, on the real shared daily data. Regenerate the golden files with the
 * commands in test/reference/README.md.
 */
const load = (name: string) =>
  (JSON.parse(readFileSync(new URL(`../reference/golden/${name}`, import.meta.url), 'utf8')) as { cases: GoldenCase[] }).cases;
const cases = [...load('event-studies.json'), ...load('factor-studies.json')];
const FACTOR_ETFS = ['SPY', 'IWM', 'VTV', 'VUG', 'MTUM'];

describe.skipIf(!HAS_SHARED)('engine vs independent R reference (real data)', () => {
  let store: DuckDbStore;
  let deps: ReturnType<typeof nodeDeps>['deps'];
  beforeAll(async () => {
    const symbols = cases.flatMap((c) => [...(c.benchmark ? [c.benchmark] : []), ...c.securities.map((s) => s.symbol)]);
    const dir = sharedSubset([...new Set([...symbols, ...FACTOR_ETFS])]);
    writeEtfFactors(dir); // the ETF-proxy factor set "etf4", by the same rule as factor_study.R
    store = await DuckDbStore.open(':memory:');
    const failed = (await importDirectory(store, dir)).files.filter((f) => f.status === 'failed');
    if (failed.length) throw new Error(`import failed: ${JSON.stringify(failed)}`);
    deps = nodeDeps(store, { eventsPath: undefined }).deps;
  });
  afterAll(() => store?.close());

  for (const gc of cases) {
    it(`${gc.name}: every AR, CAR, t, p and portfolio test to 1e-8`, async () => {
      const params = StudyParamsSchema.parse({
        model: gc.model,
        ...(gc.model === 'factor' ? { factors: 'etf4' } : { benchmark: gc.benchmark }),
        estimation: gc.estimation,
        window: gc.window,
        car: gc.car_windows,
        returns: gc.returns,
      });
      const result = await runStudy(deps, gc.securities.map((s) => ({ symbol: s.symbol, date: s.day0 })), params);
      compareWithGolden(result, gc);
    });
  }
});
