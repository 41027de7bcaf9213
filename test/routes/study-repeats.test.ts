/**
 * Repeated security-events on REAL shared data: the same symbol with the same day 0 — sent twice,
 * with another benchmark, or with another date that resolves to the same day 0 — is studied once
 * and reported, in JSON bodies as in CSV uploads; strict=true refuses instead; the engine's
 * default (catalog events, premarket studies) still refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/trading-calendar.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { RepeatedEventsError } from '../../src/study/resolve.js';
import { computeStudy } from '../../src/study/run-study.js';
import { bulkApp, csvOf, postCsv, postJson, type BulkApp } from '../helpers/bulk-app.js';
import { HAS_SHARED } from '../helpers/paths.js';

type Study = { securities: { id: string }[]; portfolio: unknown; summary: unknown; duplicate_rows?: unknown[] };
type Problem = { status: number; detail: string; errors: { field: string; message: string }[] };

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

  it('studies the first of a JSON body, reports the later ones by position, and leaves the study as without them', async () => {
    const res = await postJson(t.app, { securities: withRepeats() });
    expect(res.status).toBe(200);
    const study = (await res.json()) as Study;
    const id = study.securities[0]!.id;
    expect(id).toBe(`MA@${monday}`);
    expect(study.duplicate_rows).toEqual([
      { index: 2, first_index: 0, id },
      { index: 3, first_index: 0, id },
    ]);
    const { duplicate_rows: _report, ...rest } = study;
    const without = (await (await postJson(t.app, { securities: distinct() })).json()) as Study;
    expect(rest).toEqual(without);
    expect('duplicate_rows' in without).toBe(false);
  });

  it('reports them on the last NDJSON line too, and refuses them with strict=true', async () => {
    const json = (await (await postJson(t.app, { securities: withRepeats() })).json()) as Study;
    const lines = (await (await postJson(t.app, { securities: withRepeats() }, '?format=ndjson')).text()).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'portfolio', duplicate_rows: json.duplicate_rows });
    for (const format of ['json', 'ndjson', 'csv']) {
      const strict = await postJson(t.app, { securities: withRepeats() }, `?strict=true&format=${format}`);
      expect(strict.status, format).toBe(400);
      const problem = (await strict.json()) as Problem;
      expect(problem.errors.map((e) => e.field)).toEqual(['securities.2', 'securities.3']);
      expect(problem.errors[0]!.message).toBe(`same symbol and day 0 as securities.0 (MA@${monday})`);
    }
  });

  it('names them by line in a CSV upload, where another date with the same day 0 once refused the whole upload', async () => {
    const csv = csvOf([`MA,${monday},`, `CSCO,${monday},`, `MA,${sunday},`, `MA,${monday},QQQ`], 'symbol,date,benchmark');
    const study = (await (await postCsv(t.app, csv)).json()) as Study;
    const id = `MA@${monday}`;
    expect(study.duplicate_rows).toEqual([
      { line: 4, first_line: 2, id },
      { line: 5, first_line: 2, id },
    ]);
    expect(study.securities.map((s) => s.id)).toEqual([id, `CSCO@${monday}`]);
    const strict = await postCsv(t.app, csvOf([`MA,${monday}`, `CSCO,${monday}`, `MA,${sunday}`]), '?strict=true&format=csv&table=cars');
    expect(strict.status).toBe(400);
    expect(((await strict.json()) as Problem).errors).toEqual([{ field: 'line 4', message: `same symbol and day 0 as line 2 (${id})` }]);
  });

  it('is still refused by the engine by default (catalog events, premarket studies)', async () => {
    const params = StudyParamsSchema.parse({});
    const refused = computeStudy(t.deps, withRepeats(), params);
    await expect(refused).rejects.toBeInstanceOf(RepeatedEventsError);
    await expect(refused).rejects.toMatchObject({ status: 400, issues: [{ field: 'securities.2' }, { field: 'securities.3' }] });
  });
});
