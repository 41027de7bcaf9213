import { describe, expect, it } from 'vitest';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { addDays } from '../../src/domain/trading-calendar.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { runStudy } from '../../src/study/run-study.js';
import { DAILY_HEADER, csv, writeMarketDir } from '../helpers/fixtures.js';
import { storeWithDirectory } from '../helpers/store.js';

/** SYNTHETIC prices: 320 weekdays, a deterministic wiggle; only the dates matter here. */
function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  for (let d = from; out.length < n; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d);
  }
  return out;
}
const series = (dates: string[], phase: number) =>
  csv(DAILY_HEADER, dates.map((d, i) => `${d},,,,${(100 * (1 + 0.01 * Math.sin(i * 0.7 + phase) + 0.0003 * i)).toFixed(4)}`));

describe('returns over different intervals are not paired (synthetic prices)', () => {
  it('leaves out the two-day return after a day the security did not trade', async () => {
    const dates = weekdays('2024-01-01', 320);
    const day0 = dates[300]!;
    const missing = dates[302]!; // t = 2 in the benchmark's calendar
    const dir = writeMarketDir({
      daily: { BENCH: series(dates, 0), ACME: series(dates.filter((d) => d !== missing), 1.3) },
    });
    const { store } = await storeWithDirectory(dir);
    try {
      const { deps } = nodeDeps(store, { eventsPath: undefined });
      const result = await runStudy(deps, [{ symbol: 'ACME', date: day0 }], StudyParamsSchema.parse({ benchmark: 'BENCH' }));
      const acme = result.securities[0]!;
      if (acme.status !== 'ok') throw new Error(acme.reason);
      const eventDates = acme.days.map((d) => d.date);
      expect(eventDates).not.toContain(missing); // no price that day
      expect(eventDates).not.toContain(dates[303]); // the return from dates[301] to dates[303] spans two days
      expect(eventDates).toContain(dates[304]);
      expect(acme.days.find((d) => d.t === 2)?.date).toBe(dates[304]);
    } finally {
      store.close();
    }
  });
});

describe('ad-hoc securities listed outside the US', () => {
  it("are not studied against the study's US benchmark: their own market's index is used, and without it stored they are excluded saying so", async () => {
    const dates = weekdays('2024-01-01', 320);
    const dir = writeMarketDir({ daily: { BENCH: series(dates, 0), 'HO.PA': series(dates, 2), ACME: series(dates, 1) } });
    const { store } = await storeWithDirectory(dir);
    try {
      const { deps } = nodeDeps(store, { eventsPath: undefined });
      const result = await runStudy(
        deps,
        [{ symbol: 'HO.PA', date: dates[300] }, { symbol: 'ACME', date: dates[300] }],
        StudyParamsSchema.parse({ benchmark: 'BENCH' }),
      );
      expect(result.securities.map((s) => s.status)).toEqual(['excluded', 'ok']);
      expect(result.securities[0]).toMatchObject({ benchmark: '^FCHI', reason: 'no stored prices for the benchmark ^FCHI' });
    } finally {
      store.close();
    }
  });
});
