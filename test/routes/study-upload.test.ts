/**
 * Bulk studies through POST /v1/studies on REAL shared data: a CSV upload (bad rows reported by
 * line, strict mode, the size limit), NDJSON streamed while the study is still computing, and
 * bulk results equal to single-security studies of the same events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOME_CHUNK } from '../../src/study/run-study.js';
import { BULK_SYMBOLS, bulkApp, csvOf, postCsv, postJson, readLines, type BulkApp } from '../helpers/bulk-app.js';
import { HAS_SHARED } from '../helpers/paths.js';

type Study = { securities: Record<string, unknown>[]; portfolio: unknown; rejected_rows: { line: number; message: string }[]; duplicate_rows: unknown[] };
type Problem = { status: number; detail: string; errors: { field: string; message: string }[] };

describe.skipIf(!HAS_SHARED)('POST /v1/studies in bulk (real data)', () => {
  let t: BulkApp;
  beforeAll(async () => {
    t = await bulkApp();
  });
  afterAll(() => t?.store.close());

  const post = (csv: string, query = '') => postCsv(t.app, csv, query);

  it('streams the first NDJSON line of a 10,000-row upload before the last security-event is fitted', async () => {
    const rows = BULK_SYMBOLS.flatMap((s) => t.dates.slice(0, 1250).map((d) => `${s},${d}`));
    expect(rows.length).toBe(10_000);
    const before = t.fitted();
    const res = await post(csvOf(rows), '?format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const { text, reader } = await readLines(res.body!, 1);
    const fittedAtFirstLine = t.fitted() - before;
    const first = JSON.parse(text.slice(0, text.indexOf('\n')));
    expect(first).toMatchObject({ type: 'security', symbol: 'AVGO', status: 'ok' });
    // Back-pressure holds the study until the reader reads on: one chunk fitted, not 10,000.
    expect(fittedAtFirstLine).toBeGreaterThan(0);
    expect(fittedAtFirstLine).toBeLessThanOrEqual(OUTCOME_CHUNK);
    await reader.cancel();
  });

  it('reports bad rows by line, skips duplicates, and studies the good rows exactly as single studies', async () => {
    const good = ['AVGO', 'MA', 'CSCO', 'PANW'].map((s, i) => `${s},${t.dates[900 + 37 * i]}`);
    const csv = csvOf([good[0]!, 'AVGO,2024-13-01', good[1]!, good[0]!, 'AVGO,2024-01-02,extra', good[2]!, good[3]!]);
    const res = await post(csv);
    expect(res.status).toBe(200);
    const bulk = (await res.json()) as Study;
    expect(bulk.rejected_rows.map((r) => r.line)).toEqual([3, 6]);
    expect(bulk.duplicate_rows).toEqual([{ line: 5, first_line: 2, id: bulk.securities[0]!.id }]);
    expect(bulk.securities.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (const [i, row] of good.entries()) {
      const [symbol, date] = row.split(',');
      const single = await postJson(t.app, { securities: [{ symbol, date }] });
      const one = ((await single.json()) as { securities: Record<string, unknown>[] }).securities[0]!;
      expect(bulk.securities[i]).toEqual(one);
    }
    // The same upload streamed: the same outcomes in order, then the same portfolio and report.
    const lines = (await (await post(csv, '?format=ndjson')).text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1).map(({ type, ...o }) => (expect(type).toBe('security'), o))).toEqual(bulk.securities);
    expect(lines.at(-1)).toMatchObject({ type: 'portfolio', portfolio: bulk.portfolio, rejected_rows: bulk.rejected_rows, duplicate_rows: bulk.duplicate_rows });
  });

  it('refuses the whole upload with strict=true, listing every bad line', async () => {
    const res = await post(csvOf([`AVGO,${t.dates[900]}`, 'AVGO,not-a-date', 'MA,2024-01-02,x']), '?strict=true');
    expect(res.status).toBe(400);
    const problem = (await res.json()) as Problem;
    expect(problem.errors.map((e) => e.field)).toEqual(['line 3', 'line 4']);
  });

  it('answers 413 above 10,000 security-events, JSON or CSV', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `S${i},2024-01-02`);
    const csv = await post(csvOf(rows));
    expect(csv.status).toBe(413);
    expect(((await csv.json()) as { detail: string }).detail).toMatch(/at most 10000/);
    const securities = rows.map((r) => ({ symbol: r.split(',')[0], date: '2024-01-02' }));
    const json = await postJson(t.app, { securities });
    expect(json.status).toBe(413);
  });
});
