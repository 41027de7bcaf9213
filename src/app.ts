import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { EventCatalog } from './domain/event-catalog.js';
import type { TradingCalendar } from './domain/trading-calendar.js';
import { AppError, NotFoundError, fromZodIssues, toProblem } from './errors.js';
import type { PriceReader } from './market/price-reader.js';
import type { AbnormalReturnSource } from './study/abnormal-returns.js';
import { mountEvents } from './routes/events.js';
import { mountHealth } from './routes/health.js';
import { mountPrices } from './routes/prices.js';
import { mountStudies } from './routes/studies.js';

/** What the app needs from its runtime; the Node and Worker entries each inject their own. */
export type AppDeps = {
  catalog: EventCatalog;
  prices: PriceReader;
  abnormalReturns: AbnormalReturnSource;
  /** The US trading calendar (stored benchmark dates + holiday rules). */
  calendar: () => Promise<TradingCalendar>;
  log?: (line: Record<string, unknown>) => void;
};

export type AppEnv = { Variables: { deps: AppDeps } };

/** zod issues -> one ValidationError listing every bad field. */
function validationHook(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  if (!result.success && result.error) throw fromZodIssues(result.error.issues);
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });

  mountHealth(app);
  mountEvents(app);
  mountPrices(app);
  mountStudies(app);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Market-impact analytics',
      version: '1',
      description: 'Event studies of policy news on stock prices: abnormal returns, CARs and significance tests.',
    },
  });

  const problemResponse = (c: Context, err: unknown) => {
    const appErr =
      err instanceof HTTPException && err.status < 500
        ? new AppError(err.status, 'Bad request', err.message || 'The request was rejected.')
        : err;
    const problem = toProblem(appErr, c.req.path);
    if (!(appErr instanceof AppError)) {
      deps.log?.({ level: 'error', path: c.req.path, error: String((err as Error)?.stack ?? err) });
    }
    return c.body(JSON.stringify(problem), problem.status as 500, { 'content-type': 'application/problem+json' });
  };
  app.notFound((c) =>
    problemResponse(c, new NotFoundError(`No route ${c.req.method} ${c.req.path}. GET /openapi.json lists the routes.`)),
  );
  app.onError((err, c) => problemResponse(c, err));

  return app;
}
