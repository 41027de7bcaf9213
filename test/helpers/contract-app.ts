import { createApp, type AppDeps } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { storeWithShared } from './shared-data.js';

/**
 * Real shared daily files for the public-API tests: the headline event's US-listed securities
 * and benchmarks (CIBR, QQQ, SPY), plus the Micron/NVIDIA securities of the README's ad-hoc
 * example (SMH, MU, NVDA, AMD).
 */
export const API_SYMBOLS = ['PANW', 'FTNT', 'CHKP', 'AVGO', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO', 'CIBR', 'SPY', 'QQQ', 'SMH', 'MU', 'NVDA', 'AMD'];

export const HEADLINE = 'china-cybersecurity-software-ban-2026';
export const TEST_API_KEY = 'test-key-0123456789abcdef';

export type ApiApp = {
  app: ReturnType<typeof createApp>;
  store: DuckDbStore;
  deps: AppDeps;
  logs: Record<string, unknown>[];
};

/** The app over an in-memory store with `symbols` imported; writes enabled when `apiKey` is given. */
export async function apiApp(opts: { apiKey?: string; symbols?: readonly string[]; store?: DuckDbStore } = {}): Promise<ApiApp> {
  const store = opts.store ?? (await storeWithShared(opts.symbols ?? API_SYMBOLS));
  const logs: Record<string, unknown>[] = [];
  const { deps } = nodeDeps(store, { eventsPath: undefined, apiKey: opts.apiKey }, (line) => logs.push(line));
  return { app: createApp(deps), store, deps, logs };
}

/** Authorization header for writes. */
export const bearer = (key = TEST_API_KEY) => ({ authorization: `Bearer ${key}` });

/** A JSON request init. */
export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

/**
 * A valid API event over stored symbols (PANW, FTNT; benchmark SPY). Its date is the headline
 * event's (Wed 2026-01-14, premarket news), so day 0 is that day.
 */
export function apiEvent(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: 'Test event added through the API',
    date: '2026-01-14',
    announced_at: '2026-01-14T06:10:00-05:00',
    session: 'pre',
    authority: 'Test authority',
    country: 'CN',
    securities: [
      { symbol: 'PANW', name: 'Palo Alto Networks', role: 'named_firm', exchange: 'XNAS', listed_in_us: true },
      { symbol: 'FTNT', name: 'Fortinet', role: 'named_firm', exchange: 'XNAS', listed_in_us: true },
    ],
    benchmarks: ['SPY'],
    sources: ['https://example.com/news'],
    notes: [],
    ...overrides,
  };
}

/** A JSON body of more than 256 KiB that is otherwise a valid event / study. */
export function oversized(body: Record<string, unknown>, bytes = 300 * 1024): string {
  return JSON.stringify({ ...body, notes: ['x'.repeat(bytes)] });
}
