import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { runStudy } from '../../src/study/run-study.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithShared } from '../helpers/shared-data.js';

/**
 * A study is a function of its data and parameters, to the last bit: the ETag promises it.
 * DuckDB sums partial aggregates from parallel threads in varying order unless the SQL orders
 * them, which once made repeated studies differ in the 16th digit.
 */
describe.skipIf(!HAS_SHARED)('studies are bitwise reproducible', () => {
  let store: DuckDbStore;
  beforeAll(async () => {
    store = await storeWithShared(['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CIBR', 'SPY']);
  });
  afterAll(() => store?.close());

  it('gives byte-identical results on repeated runs', async () => {
    const { deps } = nodeDeps(store, { eventsPath: undefined });
    const securities = ['AVGO', 'PANW', 'FTNT', 'CHKP', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA'].map((symbol) => ({ symbol, date: '2026-01-14' }));
    const params = StudyParamsSchema.parse({ benchmark: 'CIBR' });
    const runs = new Set<string>();
    for (let i = 0; i < 6; i++) runs.add(JSON.stringify(await runStudy(deps, securities, params)));
    expect(runs.size).toBe(1);
  });
});
