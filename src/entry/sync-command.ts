import { addDays } from '../domain/trading-calendar.js';
import { writeProgress } from './import-progress.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { INTRADAY_INTERVALS, checkDates, checkSymbol, type IntradayInterval, type PriceProvider } from '../market/price-provider.js';
import { ReadThroughCache } from '../market/read-through.js';
import { earliestIntraday } from '../market/yahoo/limits.js';
import { YahooProvider } from '../market/yahoo/yahoo-provider.js';
import { DuckDbStore } from '../store/duckdb-store.js';
import { StorePriceCache } from '../store/store-price-cache.js';

export const SYNC_USAGE = `Usage:
  npm run sync -- SYMBOL... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--interval 1d|1m|2m|5m|15m|30m|60m|90m|1h]
      fetches prices from Yahoo Finance into DATABASE_PATH (default data/market.duckdb); what is
      stored already is not fetched again.
      --from      first date (default: 5 years ago for 1d; as far back as Yahoo serves for intraday)
      --to        last date (default: today)
      --interval  bar length (default 1d; Yahoo keeps 1m bars ~30 days, 2m-90m 60 days, 1h 730 days)
      --json      print the per-symbol results as JSON`;

type Stream = { write(text: string): unknown; isTTY?: boolean };

/** What the command runs against; tests inject these, the CLI uses the defaults. */
export type SyncDeps = {
  fetch?: typeof globalThis.fetch;
  provider?: PriceProvider;
  store?: DuckDbStore;
  now?: () => Date;
  stdout?: Stream;
  stderr?: Stream;
};

type Outcome = { symbol: string; status: 'fetched' | 'cached' | 'failed'; detail: string; result?: unknown };

/**
 * `npm run sync -- MSFT NVDA --from 2021-01-01`: fetches what the database lacks, one symbol
 * after another, with a progress line; returns the exit code (0 ok, 1 a symbol failed, 2 usage).
 */
export async function syncCommand(argv: readonly string[], config: Config, deps: SyncDeps = {}): Promise<number> {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const now = deps.now ?? (() => new Date());
  const args = parseArgs(argv[0] === 'sync' ? argv.slice(1) : argv, now());
  if (typeof args === 'string') {
    err.write(`${args}\n${SYNC_USAGE}\n`);
    return 2;
  }
  if (config.priceProvider === 'none' && !deps.provider) {
    err.write('PRICE_PROVIDER=none: sync fetches from Yahoo Finance; set PRICE_PROVIDER=yahoo (the default) to use it.\n');
    return 2;
  }
  const store = deps.store ?? (await DuckDbStore.open(config.databasePath));
  const provider = deps.provider ?? new YahooProvider({ fetch: deps.fetch ?? globalThis.fetch, now });
  const cache = new ReadThroughCache(new StorePriceCache(store), provider, { now });
  const started = performance.now();
  const outcomes: Outcome[] = [];
  try {
    let offline = false;
    for (const [i, symbol] of args.symbols.entries()) {
      progress(err, `sync ${i + 1}/${args.symbols.length} ${symbol} ${args.interval}: fetching...`, false);
      // Once the network is known to be unreachable, the rest are not tried (each could wait for a timeout).
      const outcome: Outcome = offline
        ? { symbol, status: 'failed', detail: 'FAILED: not tried, the network is unreachable (see above)' }
        : await syncOne(cache, symbol, args);
      offline ||= (outcome.result as { reason?: string } | undefined)?.reason === 'offline';
      outcomes.push(outcome);
      progress(err, `sync ${i + 1}/${args.symbols.length} ${symbol} ${args.interval}: ${outcome.detail}`, true);
    }
  } finally {
    if (!deps.store) store.close();
  }
  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  const summary =
    `synced ${outcomes.length} symbol(s) ${args.interval} ${args.from}..${args.to} in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
    `${count('fetched')} fetched, ${count('cached')} already stored, ${count('failed')} failed`;
  out.write(args.json ? `${JSON.stringify({ summary, symbols: outcomes }, null, 2)}\n` : `${summary}\n`);
  return count('failed') > 0 ? 1 : 0;
}

type Args = { symbols: string[]; from: string; to: string; interval: '1d' | IntradayInterval; json: boolean };

function parseArgs(argv: readonly string[], now: Date): Args | string {
  const symbols: string[] = [];
  const flags: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--from' || a === '--to' || a === '--interval') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return `${a} needs a value`;
      flags[a.slice(2)] = value;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else symbols.push(a.toUpperCase());
  }
  if (symbols.length === 0) return 'no symbols given';
  const interval = (flags.interval ?? '1d') as Args['interval'];
  if (interval !== '1d' && !INTRADAY_INTERVALS.includes(interval)) return `unknown interval ${interval}`;
  const today = now.toISOString().slice(0, 10);
  const defaultFrom =
    interval === '1d'
      ? addDays(today, -5 * 365 - 1) // about five years back (a Feb 29 has no twin five years earlier)
      : new Date(earliestIntraday(interval, now).getTime() + 86_400_000).toISOString().slice(0, 10); // first whole day Yahoo serves
  const from = flags.from ?? defaultFrom;
  const to = flags.to ?? today;
  try {
    symbols.forEach(checkSymbol);
    checkDates(from, to);
  } catch (e) {
    return (e as Error).message;
  }
  return { symbols: [...new Set(symbols)], from, to, interval, json };
}

async function syncOne(cache: ReadThroughCache, symbol: string, args: Args): Promise<Outcome> {
  try {
    if (args.interval === '1d') {
      const report = await cache.ensureDaily([symbol], args.from, args.to);
      const s = report.symbols[0]!;
      const detail =
        s.status === 'cached'
          ? 'already stored'
          : `fetched ${s.fetched.map((r) => `${r.from}..${r.to}`).join(', ')} (${s.prices_stored} days, ${s.actions_stored} dividends/splits)`;
      return { symbol, status: s.status, detail: [detail, ...s.notes].join('; '), result: s };
    }
    const from = new Date(`${args.from}T00:00:00Z`);
    const to = new Date(Date.parse(`${args.to}T00:00:00Z`) + 86_400_000);
    const read = await cache.intraday(symbol, from, to, args.interval);
    const fetchedBars = read.fetched.reduce((n, r) => n + r.bars, 0);
    const detail = [
      read.fetched.length === 0 ? `already stored (${read.bars.length} bars)` : `fetched ${fetchedBars} bars; ${read.bars.length} stored in range`,
      ...(read.limits ? [read.limits.message] : []),
    ].join('; ');
    return { symbol, status: read.fetched.length === 0 ? 'cached' : 'fetched', detail, result: { fetched: read.fetched, bars: read.bars.length, limits: read.limits } };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { symbol, status: 'failed', detail: `FAILED: ${e.message}`, result: { status: e.status, ...e.extra } };
  }
}

/** One updating line on a terminal; in a log, only each symbol's outcome. */
const progress = (stream: Stream, text: string, done: boolean) => writeProgress(stream, text, done, done);
