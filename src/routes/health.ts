import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { ServiceUnavailableError } from '../errors.js';
import { problems } from './schemas.js';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.enum(['reachable', 'none']).openapi({ description: "'none' on the edge deployment, which has no price store" }),
    symbols: z.number().int(),
    daily_rows: z.number().int(),
    intraday_bars: z.number().int(),
    first_date: z.string().nullable(),
    last_date: z.string().nullable(),
    events: z.number().int(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['service'],
  summary: 'Database reachable, symbols and rows loaded, data range',
  description: '`database: reachable`: the database answered a query in the last 250 ms (health checks arriving together share one). The counts are read once per committed write.',
  responses: {
    200: { description: 'The service and its store are up', content: { 'application/json': { schema: HealthSchema } } },
    ...problems(503),
  },
});

export function mountHealth(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { prices, events } = c.var.deps;
    const status = await prices.status().catch((err: Error) => {
      throw new ServiceUnavailableError(`The database cannot be read: ${err.message}`);
    });
    return c.json({ status: 'ok' as const, ...status, events: await events.size() }, 200);
  });
}
