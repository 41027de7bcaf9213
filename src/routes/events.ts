import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import type { AppEnv } from '../app.js';
import { dayZero } from '../domain/day-zero.js';
import { PolicyEventSchema, type PolicyEvent } from '../domain/events.js';
import type { TradingCalendar } from '../domain/trading-calendar.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { StoredEvents } from '../events/event-repository.js';
import { jsonBytes } from '../json-bytes.js';
import { StudyCache } from '../study/study-cache.js';
import { requireApiKey } from './auth.js';
import { IsoDate, Symbol, problems } from './schemas.js';

const DayZeroSchema = z
  .object({ date: z.string(), session: z.string().nullable(), rule: z.string() })
  .openapi('DayZero', { description: 'Day 0 for US listings: the first session whose close reflects the news' });

// The stored event plus what the service derives; a plain object (the input schema is strict).
const EventSchema = z
  .object({ ...PolicyEventSchema.shape, day_zero: DayZeroSchema, origin: z.enum(['catalog', 'api']) })
  .openapi('PolicyEvent');

const EventId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an event id (lowercase slug)')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'china-cybersecurity-software-ban-2026' });

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const auth = [{ bearerAuth: [] }];

const ListSchema = z.object({ count: z.number().int(), events: z.array(EventSchema), warnings: z.array(z.string()).optional() });

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
    200: json(
      ListSchema,
      'Matching events, oldest first (`warnings` names stored events left out because they fail validation)',
    ),
    ...problems(400),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  tags: ['events'],
  summary: 'One policy event with its securities, benchmarks, sources and day 0',
  request: { params: z.object({ id: EventId }) },
  responses: { 200: json(EventSchema, 'The event'), ...problems(400, 404, 409) },
});

const createEventRoute = createRoute({
  method: 'post',
  path: '/v1/events',
  tags: ['events'],
  summary: 'Add an event (needs the API key)',
  security: auth,
  request: { body: { content: { 'application/json': { schema: PolicyEventSchema } }, required: true } },
  responses: { 201: json(EventSchema, 'The stored event'), ...problems(400, 401, 403, 409, 413, 415) },
});

const replaceEventRoute = createRoute({
  method: 'put',
  path: '/v1/events/{id}',
  tags: ['events'],
  summary: 'Replace an API-added event (needs the API key); catalog events are read-only',
  security: auth,
  request: { params: z.object({ id: EventId }), body: { content: { 'application/json': { schema: PolicyEventSchema } }, required: true } },
  responses: { 200: json(EventSchema, 'The stored event'), ...problems(400, 401, 403, 404, 409, 413, 415) },
});

const deleteEventRoute = createRoute({
  method: 'delete',
  path: '/v1/events/{id}',
  tags: ['events'],
  summary: 'Delete an API-added event (needs the API key)',
  security: auth,
  request: { params: z.object({ id: EventId }) },
  responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
});

function present(event: PolicyEvent, origin: 'catalog' | 'api', calendar: TradingCalendar) {
  return { ...event, day_zero: dayZero(event, calendar), origin };
}

/**
 * The answer to a write, built before anything is stored: an event whose day 0 cannot be
 * resolved is refused here rather than stored and then failing every read of the catalog.
 */
function presentBeforeWrite(event: PolicyEvent, calendar: TradingCalendar) {
  try {
    return present(event, 'api', calendar);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new ValidationError(`Day 0 of event "${event.id}" cannot be resolved: ${err.message}`, [
      { field: event.announced_at ? 'announced_at' : 'date', message: `has no day 0 on the US trading calendar (${err.message})` },
    ]);
  }
}

/** Listings per query, kept while the events added through the API and the calendar are the objects they were built from. */
type KeptListings = { userEvents: StoredEvents; calendar: TradingCalendar; answers: StudyCache<Uint8Array<ArrayBuffer>> };

export function mountEvents(app: OpenAPIHono<AppEnv>, apiKey: string | undefined): void {
  // The catalog is the page's first request and a script's most frequent: its JSON (tens of kB)
  // is built once per state of the events and the calendar, not once per request.
  let listings: KeptListings | undefined;
  app.openapi(listRoute, async (c) => {
    const { events, calendar } = c.var.deps;
    const [userEvents, cal] = await Promise.all([events.userEvents(), calendar()]);
    if (listings?.userEvents !== userEvents || listings.calendar !== cal) {
      listings = { userEvents, calendar: cal, answers: new StudyCache({ maxBytes: 8 * 1024 * 1024, weigh: (b) => b.byteLength }) };
    }
    const filter = c.req.valid('query');
    const body = await listings.answers.getOrCompute(JSON.stringify(filter), async () => {
      const found = await events.list(filter);
      const warnings = userEvents.unreadable.map((u) => `stored event "${u.id}" is left out: it no longer passes validation (${u.reason}); replace it with PUT or delete it`);
      return jsonBytes({ count: found.length, events: found.map((e) => present(e, events.originOf(e.id), cal)), ...(warnings.length ? { warnings } : {}) });
    });
    // The bytes are the JSON of ListSchema; the route's types only know c.json's answers.
    return c.body(body, 200, { 'Content-Type': 'application/json' }) as unknown as TypedResponse<z.infer<typeof ListSchema>, 200, 'json'>;
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await c.var.deps.events.get(id);
    if (!found) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    return c.json(present(found.event, found.origin, await c.var.deps.calendar()), 200);
  });

  for (const method of ['POST', 'PUT', 'DELETE'] as const) {
    app.on(method, ['/v1/events', '/v1/events/*'], requireApiKey(apiKey));
  }

  app.openapi(createEventRoute, async (c) => {
    const event = c.req.valid('json');
    const answer = presentBeforeWrite(event, await c.var.deps.calendar());
    await c.var.deps.events.create(event);
    c.header('Location', `/v1/events/${event.id}`);
    return c.json(answer, 201);
  });

  app.openapi(replaceEventRoute, async (c) => {
    const { id } = c.req.valid('param');
    const event = c.req.valid('json');
    if (event.id !== id) {
      throw new ValidationError('The body id differs from the path id.', [{ field: 'id', message: `is "${event.id}" but the path says "${id}"` }]);
    }
    const answer = presentBeforeWrite(event, await c.var.deps.calendar());
    await c.var.deps.events.replace(event);
    return c.json(answer, 200);
  });

  app.openapi(deleteEventRoute, async (c) => {
    await c.var.deps.events.remove(c.req.valid('param').id);
    return c.body(null, 204);
  });
}
