import { getContainer } from '@cloudflare/containers';
import { createApp } from '../app.js';
import { EventCatalog } from '../domain/event-catalog.js';
import { EventRepository } from '../events/event-repository.js';
import { parseCatalog } from '../domain/events.js';
import { TradingCalendar } from '../domain/trading-calendar.js';
import { ServiceUnavailableError } from '../errors.js';
import type { PriceReader } from '../market/price-reader.js';
import type { AlignedSeriesSource } from '../study/typed-evidence.js';
import type { FactorReturnSource } from '../study/factor-model.js';
import type { EdgeEnv } from '../edge/analytics-container.js';
import type { ResponseCache } from '../edge/edge-cache.js';
import { forward } from '../edge/forward.js';
import { isForwarded, isValidatedAtEdge } from '../edge/forwarded-routes.js';
import { noOrigin, urlOrigin, type Origin } from '../edge/origin.js';
import catalogJson from '../../data/events.json';
import { workerAssets } from './worker-assets.js';

export { AnalyticsContainer } from '../edge/analytics-container.js';

/**
 * Cloudflare Workers entry: the same Hono app serves the catalog, day-0 rules, OpenAPI and /docs
 * at the edge, and rejects invalid study, price and premarket requests there; valid ones and
 * writes are forwarded to the analytics tier (the
 * Node server with DuckDB, as a Cloudflare Container or at ANALYTICS_ORIGIN) through the edge
 * cache. The bundle holds no DuckDB and no Node-only module (scripts/check-worker-bundle.ts).
 */
const noStore = (): never => {
  throw new ServiceUnavailableError('Prices and studies are computed by the analytics tier; this route should have been forwarded.');
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

type ExecutionContextLike = { waitUntil(work: Promise<unknown>): void };

const edgeApp = (log?: (line: Record<string, unknown>) => void) =>
  createApp({ events, prices, series, factorReturns, calendar: async () => calendar, assets: workerAssets, log });
let app: ReturnType<typeof createApp> | undefined;
/** The same app without the request log, asked only whether a forwarded read is invalid. */
let validator: ReturnType<typeof createApp> | undefined;

/** Rejections that need no data: the same contract and code as the analytics tier, so the same bytes. */
const INPUT_ERRORS = [400, 413, 415];

async function invalidAtEdge(request: Request, env: EdgeEnv, ctx: ExecutionContextLike): Promise<Response | undefined> {
  const url = new URL(request.url);
  if (!isValidatedAtEdge(request.method, url.pathname)) return undefined;
  validator ??= edgeApp();
  const answer = await validator.fetch(request, env, ctx as never);
  return INPUT_ERRORS.includes(answer.status) ? answer : undefined;
}

/** ANALYTICS_ORIGIN wins (a VM, Cloud Run, or `npm start` in dev); else the container binding. */
function analyticsOrigin(env: EdgeEnv): Origin {
  if (env.ANALYTICS_ORIGIN) return urlOrigin(env.ANALYTICS_ORIGIN);
  const binding = env.ANALYTICS;
  if (binding) return (request) => getContainer(binding as never).fetch(request);
  return noOrigin;
}

/** The Workers Cache API where the runtime has one (workerd does; plain Node does not). */
function edgeCache(): ResponseCache | undefined {
  return (globalThis as { caches?: { default?: ResponseCache } }).caches?.default;
}

export default {
  fetch(request: Request, env: EdgeEnv, ctx: ExecutionContextLike) {
    const url = new URL(request.url);
    if (isForwarded(request.method, url.pathname)) {
      return forward(request, {
        origin: analyticsOrigin(env),
        cache: edgeCache(),
        waitUntil: (w) => ctx.waitUntil(w),
        answerAtEdge: (r) => invalidAtEdge(r, env, ctx),
      });
    }
    app ??= edgeApp((l) => console.log(JSON.stringify(l)));
    return app.fetch(request, env, ctx as never);
  },
};
