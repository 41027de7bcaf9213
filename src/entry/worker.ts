import { createApp } from '../app.js';
import { EventCatalog } from '../domain/event-catalog.js';
import { EventRepository } from '../events/event-repository.js';
import { parseCatalog } from '../domain/events.js';
import { TradingCalendar } from '../domain/trading-calendar.js';
import { ServiceUnavailableError } from '../errors.js';
import type { PriceReader } from '../market/price-reader.js';
import type { AlignedSeriesSource } from '../study/typed-evidence.js';
import type { FactorReturnSource } from '../study/factor-model.js';
import catalogJson from '../../data/events.json';

/**
 * Cloudflare Workers entry: the same Hono app, with what the edge has. The event catalog is
 * bundled; there is no DuckDB here (the bundle must not contain it), so price and study routes
 * answer 503 with a pointer to the Node server. Writes are disabled (no store).
 */
// No API key is passed: without a store there is nothing to write, and writes answer 403.
type Env = Record<string, unknown>;

const noStore = (): never => {
  throw new ServiceUnavailableError(
    'This edge deployment has no price store: studies and prices are served by the Node server (npm start) with its embedded DuckDB.',
  );
};

const prices: PriceReader = {
  status: async () => ({ database: 'none', symbols: 0, daily_rows: 0, first_date: null, last_date: null, intraday_bars: 0 }),
  securities: async () => noStore(),
  daily: async () => noStore(),
  dataVersion: async () => 'edge',
  tradingDates: async () => [],
};
const series: AlignedSeriesSource = { aligned: async () => noStore() };
const factorReturns: FactorReturnSource = { factorSet: async () => noStore(), factorReturns: async () => noStore() };

const events = new EventRepository(new EventCatalog(parseCatalog(catalogJson)));
// Holiday rules only: without stored benchmark dates, unscheduled closures are unknown here.
const calendar = new TradingCalendar([]);

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: unknown) {
    app ??= createApp({ events, prices, series, factorReturns, calendar: async () => calendar, log: (l) => console.log(JSON.stringify(l)) });
    return app.fetch(request, env, ctx as never);
  },
};
