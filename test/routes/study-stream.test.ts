/**
 * The streamed CSV of POST /v1/studies on REAL shared data: the per-security tables written as the
 * security-events are computed, byte for byte the table answered whole; refusals before the first
 * byte keep their status; a failure after it cuts the CSV transfer off (NDJSON: an error line).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { startServer } from '../../src/entry/node-server.js';
import { toCsv } from '../../src/routes/representation.js';
import { OUTCOME_CHUNK, type StudyResult } from '../../src/study/run-study.js';
import { SECURITY_TABLES, studyTables } from '../../src/study/study-tables.js';
import { BULK_SYMBOLS, bulkApp, csvOf, postCsv, postJson, readLines, type BulkApp } from '../helpers/bulk-app.js';
import { HAS_SHARED } from '../helpers/paths.js';

describe.skipIf(!HAS_SHARED)('streamed CSV of POST /v1/studies (real data)', () => {
  let t: BulkApp;
  /** The same app whose volume reads fail: after every security-event is written. */
  let failsLate: ReturnType<typeof createApp>;
  const logged: Record<string, unknown>[] = [];
  beforeAll(async () => {
    t = await bulkApp();
    failsLate = createApp({ ...t.deps, volumes: { volumes: () => Promise.reject(new Error('volume store failed')) }, log: (line) => logged.push(line) });
  });
  afterAll(() => t?.store.close());

  // Excluded security-events (no stored prices) before the first studied one and between others.
  const upload = () => csvOf(['ZZZZ,2024-01-02', ...['AVGO', 'MA', 'CSCO'].map((s, i) => `${s},${t.dates[800 + 23 * i]}`), `YYYY,${t.dates[900]}`, `PANW,${t.dates[950]}`]);

  for (const table of ['days', 'cars', 'securities'] as const) {
    it(`streams table=${table} byte for byte as the whole table of the same study`, async () => {
      const whole = toCsv(studyTables((await (await postCsv(t.app, upload())).json()) as StudyResult)[table]());
      const res = await postCsv(t.app, upload(), `?format=csv&table=${table}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="study_${table}.csv"`);
      const text = await res.text();
      expect(text.split('\r\n').length).toBeGreaterThan(3);
      expect(text).toBe(whole);
      // A JSON body is streamed the same way.
      const securities = upload().split('\n').slice(1).map((row) => ({ symbol: row.split(',')[0], date: row.split(',')[1] }));
      expect(await (await postJson(t.app, { securities }, `?format=csv&table=${table}`)).text()).toBe(whole);
    });
  }

  it('writes the header and the first rows of a 10,000-row upload before the last security-event is fitted', async () => {
    const rows = BULK_SYMBOLS.flatMap((s) => t.dates.slice(0, 1250).map((d) => `${s},${d}`));
    const before = t.fitted();
    const res = await postCsv(t.app, csvOf(rows), '?format=csv&table=cars');
    const { text, reader } = await readLines(res.body!, 2);
    const fitted = t.fitted() - before;
    expect(text.split('\r\n')[0]).toBe(SECURITY_TABLES.cars.columns.join(','));
    expect(text.split('\r\n')[1]).toMatch(/^AVGO@/);
    expect(fitted).toBeGreaterThan(0);
    expect(fitted).toBeLessThanOrEqual(OUTCOME_CHUNK);
    await reader.cancel();
  });

  it('keeps the status of a refusal found before the first byte: nothing studyable, an unknown table', async () => {
    for (const format of ['csv', 'ndjson']) {
      const nothing = await postCsv(t.app, csvOf(['ZZZZ,2024-01-02', 'YYYY,2024-01-03']), `?format=${format}`);
      expect(nothing.status, format).toBe(422);
      expect(nothing.headers.get('content-type')).toBe('application/problem+json');
    }
    const unknown = await postCsv(t.app, upload(), '?format=csv&table=prices');
    expect(unknown.status).toBe(400);
  });

  it('cuts a CSV transfer off when the study fails after the first byte; NDJSON ends with an error line', async () => {
    const csv = await postCsv(failsLate, upload(), '?format=csv&table=days');
    expect(csv.status).toBe(200);
    const reader = csv.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^id,symbol,benchmark,day0,t,date/);
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return;
    })()).rejects.toThrow('volume store failed');
    const ndjson = await postCsv(failsLate, upload(), '?format=ndjson');
    const last = JSON.parse((await ndjson.text()).trim().split('\n').at(-1)!) as { type: string; problem: { status: number } };
    expect(last).toMatchObject({ type: 'error', problem: { status: 500 } });
    expect(logged.filter((l) => l.level === 'error').map((l) => String(l.error))).toEqual([expect.stringContaining('volume store failed'), expect.stringContaining('volume store failed')]);
  });

  it('over HTTP, a CSV cut off is a truncated chunked transfer the client notices', async () => {
    const server: Server = await new Promise((resolve) => {
      const s = startServer({ fetch: failsLate.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/studies?format=csv&table=days`;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: upload() });
      expect(res.status).toBe(200);
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      await expect(res.text()).rejects.toThrow(/terminated/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
