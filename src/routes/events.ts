import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { dayZero } from '../domain/day-zero.js';
import { PolicyEventSchema, type PolicyEvent } from '../domain/events.js';
import type { TradingCalendar } from '../domain/trading-calendar.js';
import { NotFoundError } from '../errors.js';
import { IsoDate, Symbol, problems } from './schemas.js';

const DayZeroSchema = z
  .object({ date: z.string(), session: z.string().nullable(), rule: z.string() })
  .openapi('DayZero', { description: 'Day 0 for US listings: the first session whose close reflects the news' });

const EventSchema = PolicyEventSchema.and(z.object({ day_zero: DayZeroSchema })).openapi('PolicyEvent');

const EventIdParam = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an event id (lowercase slug)')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'china-cybersecurity-software-ban-2026' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['events'],
  summary: 'Policy events, filtered by country, affected symbol and date range',
  request: {
    query: z.object({
      country: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 alpha-2 code such as CN').optional(),
      symbol: Symbol.optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
    }),
  },
  responses: {
    200: {
      description: 'Matching events, oldest first',
      content: { 'application/json': { schema: z.object({ count: z.number().int(), events: z.array(EventSchema) }) } },
    },
    ...problems(400),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  tags: ['events'],
  summary: 'One policy event with its securities, benchmarks, sources and day 0',
  request: { params: EventIdParam },
  responses: {
    200: { description: 'The event', content: { 'application/json': { schema: EventSchema } } },
    ...problems(400, 404),
  },
});

export function withDayZero(event: PolicyEvent, calendar: TradingCalendar) {
  return { ...event, day_zero: dayZero(event, calendar) };
}

export function mountEvents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { catalog, calendar } = c.var.deps;
    const cal = await calendar();
    const events = catalog.list(c.req.valid('query')).map((e) => withDayZero(e, cal));
    return c.json({ count: events.length, events }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const event = c.var.deps.catalog.get(id);
    if (!event) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    return c.json(withDayZero(event, await c.var.deps.calendar()), 200);
  });
}
