/**
 * Repeated security-events on REAL shared data: the same symbol with the same day 0 — sent twice,
 * with another benchmark, or with another date that resolves to the same day 0. The engine's
 * default (catalog events, premarket studies) refuses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/trading-calendar.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { RepeatedEventsError } from '../../src/study/resolve.js';
import { computeStudy } from '../../src/study/run-study.js';
import { bulkApp, type BulkApp } from '../helpers/bulk-app.js';
import { HAS_SHARED } from '../helpers/paths.js';


describe.skipIf(!HAS_SHARED)('repeated security-events (real data)', () => {
  let t: BulkApp;
  /** A Monday (a trading day after a non-trading one) and the Sunday before it: the same day 0. */
  let monday = '';
  let sunday = '';
  beforeAll(async () => {
    t = await bulkApp();
    monday = t.dates.find((d, i) => i > 600 && addDays(t.dates[i - 1]!, 3) === d)!;
    sunday = addDays(monday, -1);
  });
  afterAll(() => t?.store.close());

  const distinct = () => [
    { symbol: 'MA', date: monday },
    { symbol: 'CSCO', date: monday },
  ];
  // Position 2 repeats 0 by its date's day 0, position 3 with another benchmark.
  const withRepeats = () => [...distinct(), { symbol: 'ma', date: sunday }, { symbol: 'MA', date: monday, benchmark: 'QQQ' }];

  it('is still refused by the engine by default (catalog events, premarket studies)', async () => {
    const params = StudyParamsSchema.parse({});
    const refused = computeStudy(t.deps, withRepeats(), params);
    await expect(refused).rejects.toBeInstanceOf(RepeatedEventsError);
    await expect(refused).rejects.toMatchObject({ status: 400, issues: [{ field: 'securities.2' }, { field: 'securities.3' }] });
  });
});
