import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../app.js';
import type { Config } from '../config.js';
import { EventCatalog } from '../domain/event-catalog.js';
import { EventRepository } from '../events/event-repository.js';
import type { MarketDataSync } from '../market/price-provider.js';
import { ReadThroughCache } from '../market/read-through.js';
import { YahooProvider } from '../market/yahoo/yahoo-provider.js';
import { renderPngWithResvg } from '../charts/resvg-png.js';
import { nodeAssets } from './node-assets.js';
import { parseCatalog } from '../domain/events.js';
import { TradingCalendar } from '../domain/trading-calendar.js';
import { DuckDbStore } from '../store/duckdb-store.js';
import { SeriesCache } from '../study/aligned-series.js';
import { StoreDailyCloses } from '../store/store-daily-closes.js';
import { StoreFactorReturns } from '../store/store-factor-returns.js';
import { StorePremarket } from '../store/store-premarket.js';
import { SeriesWindowReads } from '../study/stored-window.js';
import { StorePriceCache } from '../store/store-price-cache.js';
import { StorePriceReader } from '../store/store-price-reader.js';
import { StoreUserEvents } from '../store/store-user-events.js';

export const DEFAULT_EVENTS_PATH = fileURLToPath(new URL('../../data/events.json', import.meta.url));

/** Benchmarks whose stored dates define the US trading calendar, in order of preference. */
const CALENDAR_BENCHMARKS = ['SPY', '^GSPC', 'QQQ'];

export function loadCatalog(path = DEFAULT_EVENTS_PATH): EventCatalog {
  return new EventCatalog(parseCatalog(JSON.parse(readFileSync(path, 'utf8'))));
}

/**
 * The Node runtime's dependencies: the DuckDB store behind every read, Yahoo (or nothing) behind
 * the read-through cache. The calendar is memoized and rebuilt after a fetch adds dates; an
 * import at start-up happens before the deps are built.
 */
export function nodeDeps(
  store: DuckDbStore,
  config: Pick<Config, 'eventsPath'> & Partial<Pick<Config, 'apiKey' | 'priceProvider'>>,
  log?: AppDeps['log'],
  fetch: typeof globalThis.fetch = globalThis.fetch,
) {
  const prices = new StorePriceReader(store, () => store.writeGeneration);
  // Closes are read once per data version and kept (byte-bounded); each study aligns its pairs in process.
  const closes = new SeriesCache(new StoreDailyCloses(store));
  // The warnings' window diagnostics and the abnormal volume read the same kept series.
  const windowReads = new SeriesWindowReads(closes, () => prices.dataVersion());
  let calendar: Promise<TradingCalendar> | undefined;
  const loadCalendar = async () => {
    for (const symbol of CALENDAR_BENCHMARKS) {
      const dates = await prices.tradingDates(symbol);
      if (dates.length > 0) return new TradingCalendar(dates);
    }
    return new TradingCalendar([]); // holiday rules only
  };
  // Yahoo only when asked for. Without it (tests, PRICE_PROVIDER=none) there is no price source:
  // studies and prices read what is stored, and no request asks for missing days.
  const yahoo = config.priceProvider === 'yahoo' ? new YahooProvider({ fetch, log }) : undefined;
  const sync = yahoo ? new ReadThroughCache(new StorePriceCache(store), yahoo) : undefined;
  const marketData: MarketDataSync | undefined = sync && {
    ensureDaily: async (symbols, from, to) => {
      const report = await sync.ensureDaily(symbols, from, to);
      if (report.fetched.length > 0) calendar = undefined; // new benchmark dates
      return report;
    },
    ensureIntradayDay: (symbols, day, timeZone) => sync.ensureIntradayDay(symbols, day, timeZone),
  };
  const deps: AppDeps = {
    events: new EventRepository(loadCatalog(config.eventsPath), new StoreUserEvents(store)),
    apiKey: config.apiKey,
    prices,
    series: { aligned: async (pairs, returns) => closes.aligned(pairs, returns, await prices.dataVersion()) },
    factorReturns: new StoreFactorReturns(store),
    diagnostics: windowReads,
    volumes: windowReads,
    premarket: new StorePremarket(store, yahoo ? { quotes: (s) => yahoo.quote(s).then((r) => r.quotes) } : {}),
    ...(marketData ? { marketData } : {}),
    calendar: () => (calendar ??= loadCalendar()),
    log,
    assets: nodeAssets(),
    renderPng: renderPngWithResvg,
  };
  return { deps };
}

/** The store DATABASE_PATH names, with its MotherDuck token and Parquet price source if set. */
export function openStore(config: Pick<Config, 'databasePath' | 'store'>): Promise<DuckDbStore> {
  return DuckDbStore.open(config.databasePath, config.store);
}

export { DuckDbStore };
