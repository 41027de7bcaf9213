/**
 * The app over REAL shared prices for bulk POST /v1/studies tests, its series source counting the
 * security-events handed to the fitting stage (how far a streamed study has got), and helpers to
 * send uploads.
 */
import { createApp, type AppDeps } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { storeWithShared } from './shared-data.js';

export const BULK_SYMBOLS = ['AVGO', 'GOOGL', 'MA', 'CSCO', 'PANW', 'FTNT', 'CHKP', 'QQQ'];

export type BulkApp = {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  store: DuckDbStore;
  /** SPY's trading dates from mid-2019 to mid-2026: event dates with history on both sides. */
  dates: string[];
  /** Security-events handed to the fitting stage so far. */
  fitted: () => number;
};

export async function bulkApp(): Promise<BulkApp> {
  const store = await storeWithShared([...BULK_SYMBOLS, 'SPY']);
  const { deps } = nodeDeps(store, { eventsPath: undefined });
  let fitted = 0;
  const series = deps.series;
  deps.series = { aligned: (pairs, returns) => ((fitted += pairs.length), series.aligned(pairs, returns)) };
  const dates = (await deps.prices.tradingDates('SPY')).filter((d) => d >= '2019-06-01' && d <= '2026-07-15');
  return { app: createApp(deps), deps, store, dates, fitted: () => fitted };
}

export const csvOf = (rows: string[], header = 'symbol,date') => [header, ...rows].join('\n');

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export const postCsv = (app: App, csv: string, query = '') =>
  app.request(`/v1/studies${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });

export const postJson = (app: App, body: unknown, query = '') =>
  app.request(`/v1/studies${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A multipart/form-data upload: `parts` name -> a file (Blob) or a text field. */
export function postForm(app: App, parts: Record<string, Blob | string>, query = '') {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, `${name}.csv`);
  }
  return app.request(`/v1/studies${query}`, { method: 'POST', body: form });
}

export const csvFile = (csv: string) => new Blob([csv], { type: 'text/csv' });

/** Reads a streamed body until it holds `lines` complete lines (or ends); the reader stays open. */
export async function readLines(body: ReadableStream<Uint8Array>, lines: number): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n').length <= lines) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return { text, reader };
}
