/**
 * Bulk studies through POST /v1/studies on REAL shared data: a CSV upload as text/csv or as the
 * file of a multipart/form-data body (bad rows reported by line, strict mode, the size limits),
 * NDJSON streamed while the study is still computing, and bulk results equal to
 * single-security studies of the same events.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STUDY_BODY_BYTES } from '../../src/app.js';
import { startServer } from '../../src/entry/node-server.js';
import { OUTCOME_CHUNK } from '../../src/study/run-study.js';
import { BULK_SYMBOLS, bulkApp, csvFile, csvOf, postCsv, postForm, postJson, readLines, type BulkApp } from '../helpers/bulk-app.js';
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

  describe('multipart/form-data', () => {
    const upload = () => {
      const rows = ['AVGO', 'MA', 'CSCO'].map((s, i) => `${s},${t.dates[700 + 41 * i]}`);
      return csvOf([rows[0]!, 'MA,2024-02-30', rows[1]!, rows[0]!, rows[2]!]);
    };

    it('studies the file part named file exactly as the same CSV sent as text/csv, rows reported by the same lines', async () => {
      const asText = (await (await post(upload(), '?benchmark=QQQ')).json()) as Study;
      expect(asText.rejected_rows.map((r) => r.line)).toEqual([3]);
      expect(asText.duplicate_rows).toHaveLength(1);
      const res = await postForm(t.app, { file: csvFile(upload()) }, '?benchmark=QQQ');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(asText);
      // Study parameters may come as text fields instead of the query string.
      const asFields = await postForm(t.app, { benchmark: 'QQQ', file: csvFile(upload()) });
      expect(await asFields.json()).toEqual(asText);
      // curl -F 'file=<events.csv' sends the CSV as a text field named file.
      const asTextField = await postForm(t.app, { file: upload() }, '?benchmark=QQQ');
      expect(await asTextField.json()).toEqual(asText);
    });

    it('takes the only file part whatever its name, and streams NDJSON from it', async () => {
      const asText = (await (await post(upload())).json()) as Study;
      const res = await postForm(t.app, { events: csvFile(upload()) }, '?format=ndjson');
      expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
      const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.slice(0, -1).map(({ type: _type, ...o }) => o)).toEqual(asText.securities);
      expect(lines.at(-1)).toMatchObject({ type: 'portfolio', rejected_rows: asText.rejected_rows, duplicate_rows: asText.duplicate_rows });
    });

    it('says what it expects when the file is missing, ambiguous or sent with other fields', async () => {
      const noFile = await postForm(t.app, { benchmark: 'QQQ' });
      expect(noFile.status).toBe(400);
      const noFileProblem = (await noFile.json()) as Problem;
      expect(noFileProblem.detail).toMatch(/no file part: send the CSV as a file part named file/);
      expect(noFileProblem.errors.map((e) => e.field)).toEqual(['file']);
      const two = (await (await postForm(t.app, { a: csvFile(upload()), b: csvFile(upload()) })).json()) as Problem;
      expect(two.detail).toMatch(/2 file parts \(a, b\)/);
      const representation = await postForm(t.app, { file: csvFile(upload()), format: 'csv', colour: 'red' });
      expect(representation.status).toBe(400);
      expect(((await representation.json()) as Problem).errors.map((e) => e.field)).toEqual(['format', 'colour']);
      const clash = await postForm(t.app, { file: csvFile(upload()), benchmark: 'SPY' }, '?benchmark=QQQ');
      expect(((await clash.json()) as Problem).errors).toEqual([{ field: 'benchmark', message: 'give it in one place' }]);
      const unreadable = await t.app.request('/v1/studies', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: 'symbol,date\nAVGO,2024-01-02\n' });
      expect(unreadable.status).toBe(400);
      expect(((await unreadable.json()) as Problem).detail).toMatch(/multipart\/form-data body cannot be read/);
    });

    it('applies strict=true from a text field and the row rules of text/csv', async () => {
      const res = await postForm(t.app, { strict: 'true', file: csvFile(upload()) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors.map((e) => e.field)).toEqual(['line 3']);
    });

    it('answers 413 above the 4 MiB body limit, read in process or sent with a Content-Length to the Node server', async () => {
      const big = csvOf(Array.from({ length: Math.ceil(MAX_STUDY_BODY_BYTES / 16) + 1 }, () => 'AVGO,2024-01-02'));
      expect(big.length).toBeGreaterThan(MAX_STUDY_BODY_BYTES);
      const inProcess = await postForm(t.app, { file: csvFile(big) });
      expect(inProcess.status).toBe(413);
      const server: Server = await new Promise((resolve) => {
        const s = startServer({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      try {
        const form = new FormData();
        form.append('file', csvFile(big), 'events.csv');
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/studies`, { method: 'POST', body: form });
        expect(res.status).toBe(413);
        expect(((await res.json()) as Problem).detail).toMatch(/larger than 4096 KiB/);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  it('answers 415 for a body that is neither JSON, CSV nor multipart, saying what it takes', async () => {
    const res = await t.app.request('/v1/studies', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'symbol=AVGO' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as Problem).detail).toMatch(/application\/json, a CSV as text\/csv, or multipart\/form-data/);
  });
});
