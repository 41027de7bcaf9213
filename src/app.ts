import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { EventRepository } from './events/event-repository.js';
import type { TradingCalendar } from './domain/trading-calendar.js';
import { AppError, NotFoundError, ValidationError, fromZodIssues, toProblem } from './errors.js';
import type { MarketDataSync } from './market/price-provider.js';
import type { PriceReader } from './market/price-reader.js';
import { mountEvents } from './routes/events.js';
import { mountHealth } from './routes/health.js';
import { KeptAnswers } from './routes/kept-answers.js';
import { openCors } from './routes/cors.js';
import { mountPremarket } from './routes/premarket.js';
import { mountPrices } from './routes/prices.js';
import { mountStudies } from './routes/studies.js';
import { mountWeb } from './routes/web.js';
import { rateLimit, type RateLimit } from './routes/rate-limit.js';
import type { AlignedSeriesSource } from './study/typed-evidence.js';
import type { FactorReturnSource } from './study/factor-model.js';
import type { VolumeSource, WindowDiagnosticsSource } from './study/stored-window.js';
import type { PremarketSource } from './study/premarket-source.js';
import { StudyService } from './study/study-service.js';
import type { StaticAssets } from './web/static-assets.js';

/** What the app needs from its runtime; the Node and Worker entries each inject their own. */
export type AppDeps = {
  events: EventRepository;
  prices: PriceReader;
  series: AlignedSeriesSource;
  factorReturns: FactorReturnSource;
  /** Premarket/overnight reads (and optional live quotes); the route answers 503 without it. */
  premarket?: PremarketSource;
  /** Fetches missing daily prices into the store before a study (Yahoo, or nothing). */
  marketData?: MarketDataSync;
  /** Estimation-window diagnostics of stored prices (stale prices, thin trading) for study warnings. */
  diagnostics?: WindowDiagnosticsSource;
  /** Stored daily volumes, for abnormal volume where the store holds it. */
  volumes?: VolumeSource;
  /** The US trading calendar (stored benchmark dates + holiday rules). */
  calendar: () => Promise<TradingCalendar>;
  /** The clock (epoch ms); Date.now unless a test or a replay fixes it. */
  now?: () => number;
  /** Writes need `Authorization: Bearer <apiKey>`; without a key they are disabled. */
  apiKey?: string | undefined;
  /** Per-client limit on the study and premarket routes; none when undefined. */
  rateLimit?: RateLimit | undefined;
  log?: ((line: Record<string, unknown>) => void) | undefined;
  /** The web page's and the API reference's files; without them / and /docs answer 503. */
  assets?: StaticAssets;
  /** SVG -> PNG; without it charts are served as SVG and Vega-Lite only. */
  renderPng?: (svg: string) => Promise<Uint8Array>;
};

export type AppEnv = { Variables: { deps: AppDeps; requestId: string } };

export const MAX_BODY_BYTES = 256 * 1024;
/** POST /v1/studies takes up to 10,000 security-events (JSON or CSV). */
export const MAX_STUDY_BODY_BYTES = 4 * 1024 * 1024;

/** zod issues -> one ValidationError listing every bad field. */
function validationHook(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  if (!result.success && result.error) throw fromZodIssues(result.error.issues);
}

/** Hono's own rejections (malformed JSON, wrong content type) in the one error model. */
function fromHttpException(err: HTTPException): unknown {
  if (err.status === 400) {
    return new ValidationError(`The request body is not valid JSON: ${err.message}`, [{ field: '(body)', message: 'is not valid JSON' }]);
  }
  if (err.status === 415) {
    return new AppError(415, 'Unsupported media type', 'Send the body as JSON with the header Content-Type: application/json.');
  }
  return err.status < 500 ? new AppError(err.status, 'Bad request', err.message || 'The request was rejected.') : err;
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    await next();
    deps.log?.({
      request_id: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use('*', openCors());
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError(413, 'Payload too large', `The request body is larger than ${maxSize / 1024} KiB.`);
      },
    });
  const [small, large] = [limit(MAX_BODY_BYTES), limit(MAX_STUDY_BODY_BYTES)];
  // Only where a body may come: reading a GET's body on Node builds a whole web Request for nothing.
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : (c.req.path === '/v1/studies' ? large : small)(c, next)));

  if (deps.rateLimit) {
    const limited = rateLimit(deps.rateLimit, deps.now);
    for (const path of ['/v1/events/:id/study', '/v1/events/:id/premarket', '/v1/studies', '/v1/premarket']) app.on(['GET', 'POST'], path, limited);
  }

  mountHealth(app);
  mountEvents(app, deps.apiKey);
  const kept = new KeptAnswers();
  mountPrices(app, kept);
  const studies = new StudyService(deps);
  mountStudies(app, studies, kept);
  mountPremarket(app, studies, kept);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Market-impact analytics',
      version: '1',
      description: 'Event studies of policy news on stock prices: abnormal returns, CARs and significance tests.',
    },
  });

  mountWeb(app);

  const problemResponse = (c: Context<AppEnv>, err: unknown) => {
    const appErr =
      err instanceof HTTPException ? fromHttpException(err)
      // The study stopped because its client went away: nobody reads this answer, but the log should not call it a failure.
      : (err as Error)?.name === 'AbortError' && c.req.raw.signal.aborted ? new AppError(499, 'Client closed request', 'The client went away before the study was computed; it was stopped.')
      : err;
    const problem = toProblem(appErr, c.req.path);
    if (!(appErr instanceof AppError)) {
      deps.log?.({ level: 'error', request_id: c.var.requestId, path: c.req.path, error: String((err as Error)?.stack ?? err) });
    }
    return c.body(JSON.stringify(problem), problem.status as 500, { 'content-type': 'application/problem+json' });
  };
  app.notFound((c) =>
    problemResponse(c, new NotFoundError(`No route ${c.req.method} ${c.req.path}. GET /openapi.json lists the routes.`)),
  );
  app.onError((err, c) => problemResponse(c, err));

  return app;
}
