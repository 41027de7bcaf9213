import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { SessionSchema } from '../domain/events.js';
import { NotFoundError, fromZodIssues } from '../errors.js';
import { LIMITS, MODELS, StudyParamsSchema } from '../study/params.js';
import { runStudy, type StudyResult } from '../study/run-study.js';
import { StudyCache, fingerprint } from '../study/study-cache.js';
import { studyTables } from '../study/study-tables.js';
import { conditional } from './conditional.js';
import { FormatQuery, csvContent, csvResponse, wantsCsv } from './representation.js';
import { IsoDate, Symbol, problems } from './schemas.js';
import { StudyResultSchema } from './study-schemas.js';

export const MAX_SECURITIES = 500;

type StudyResponse = StudyResult & { event: { id: string; title: string; date: string } | null };

const TableQuery = {
  table: z
    .enum(['days', 'cars', 'securities', 'portfolio_days', 'portfolio_cars'])
    .optional()
    .openapi({ description: 'Which table a CSV response holds (default days)' }),
};

const windowDoc = (example: string, description: string) => z.string().optional().openapi({ example, description });

const StudyQuery = z.object({
  model: z.enum(MODELS).optional().openapi({ description: 'Normal-return model (default market); `factor` needs `factors`' }),
  factors: z.string().optional().openapi({ example: 'ff3', description: 'Factor set for model=factor (imported from factors/<name>.csv)' }),
  benchmark: z.string().optional().openapi({ example: 'CIBR', description: "Benchmark symbol (default: the event's first suggested one, else SPY)" }),
  estimation: windowDoc('-250,-11', 'Estimation window in trading days'),
  window: windowDoc('-5,5', 'Event window in trading days'),
  car: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ example: '0,0;0,1;-1,1', description: 'CAR windows: "a,b" separated by ";" or repeated' }),
  returns: z.enum(['simple', 'log']).optional(),
  min_obs: z.string().optional().openapi({ example: '100', description: 'Minimum estimation-window returns' }),
  roles: z
    .string()
    .regex(/^(named_firm|parent_company|peer|domestic_beneficiary)(,(named_firm|parent_company|peer|domestic_beneficiary))*$/, 'must be roles separated by commas: named_firm, parent_company, peer, domestic_beneficiary')
    .optional()
    .openapi({ example: 'named_firm,parent_company', description: "Only the event's securities with these roles (default all)" }),
  ...FormatQuery,
  ...TableQuery,
});

const eventStudyRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}/study',
  tags: ['studies'],
  summary: "Event study of a catalog event's US-listed securities",
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'china-cybersecurity-software-ban-2026' }) }),
    query: StudyQuery,
  },
  responses: {
    200: {
      description: 'Per-security ARs/CARs and the portfolio tests (CSV: one table, see `table`)',
      content: { 'application/json': { schema: StudyResultSchema }, ...csvContent },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    ...problems(400, 404, 422),
  },
});

const StudySecurity = z
  .object({
    symbol: Symbol,
    date: IsoDate.optional(),
    announced_at: z.iso.datetime({ offset: true, message: 'must be ISO 8601 with an offset, e.g. 2026-01-14T06:10:00-05:00' }).optional(),
    session: SessionSchema.optional(),
    benchmark: Symbol.optional(),
  })
  .refine((s) => s.date !== undefined || s.announced_at !== undefined, { message: 'give date or announced_at' });

const StudyBody = z
  .object({
    securities: z.array(StudySecurity).min(1).max(MAX_SECURITIES, `at most ${MAX_SECURITIES} security-events per study`),
    model: z.enum(MODELS).optional(),
    factors: z.string().optional(),
    benchmark: Symbol.optional(),
    estimation: z.tuple([z.number().int(), z.number().int()]).optional(),
    window: z.tuple([z.number().int(), z.number().int()]).optional(),
    car: z.array(z.tuple([z.number().int(), z.number().int()])).max(LIMITS.maxCarWindows).optional(),
    returns: z.enum(['simple', 'log']).optional(),
    min_obs: z.number().int().optional(),
  })
  .openapi('StudyRequest');

const adHocRoute = createRoute({
  method: 'post',
  path: '/v1/studies',
  tags: ['studies'],
  summary: 'Ad-hoc event study: any symbols, each with its own date or timestamp',
  request: {
    query: z.object({ ...FormatQuery, ...TableQuery }),
    body: { content: { 'application/json': { schema: StudyBody } }, required: true },
  },
  responses: {
    200: {
      description: 'Per-security ARs/CARs and the portfolio tests (CSV: one table, see `table`)',
      content: { 'application/json': { schema: StudyResultSchema }, ...csvContent },
    },
    ...problems(400, 413, 422),
  },
});

/** Validates study parameters with the same rules for query strings and JSON bodies. */
function parseParams(raw: Record<string, unknown>) {
  const car = Array.isArray(raw.car) && raw.car.every((c) => typeof c === 'string') ? raw.car.join(';') : raw.car;
  const cleaned = Object.fromEntries(Object.entries({ ...raw, car }).filter(([, v]) => v !== undefined));
  const parsed = StudyParamsSchema.safeParse(cleaned);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues);
  return parsed.data;
}

export function mountStudies(app: OpenAPIHono<AppEnv>): void {
  // Studies are deterministic for given data, event and parameters: computed once per process.
  const cache = new StudyCache<StudyResponse>();

  app.openapi(eventStudyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const event = (await c.var.deps.events.get(id))?.event;
    if (!event) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    const { roles, ...query } = c.req.valid('query');
    const params = parseParams(query);
    const wanted = roles?.split(',');
    const securities = event.securities.filter((s) => !wanted || wanted.includes(s.role)).map((s) => ({
      symbol: s.symbol,
      date: event.date,
      announced_at: event.announced_at ?? undefined,
      session: event.session,
      role: s.role,
      exchange: s.exchange,
      listed_in_us: s.listed_in_us,
    }));
    const dataVersion = await c.var.deps.prices.dataVersion();
    const inputs = { event, params, roles: wanted ?? null, dataVersion };
    const check = await conditional(c, { ...inputs, csv: wantsCsv(c) && (c.req.query('table') ?? 'days') });
    if ('notModified' in check) return check.notModified;
    const result = await cache.getOrCompute(await fingerprint(inputs), async () => ({
      event: { id: event.id, title: event.title, date: event.date },
      ...(await runStudy(c.var.deps, securities, params, event)),
    }));
    if (wantsCsv(c)) return csvResponse(c, event.id, studyTables(result), check.headers);
    return c.json(result, 200, check.headers);
  });

  app.openapi(adHocRoute, async (c) => {
    const { securities, ...rest } = c.req.valid('json');
    const params = parseParams(rest);
    const dataVersion = await c.var.deps.prices.dataVersion();
    const result = await cache.getOrCompute(await fingerprint({ securities, params, dataVersion }), async () => ({
      event: null,
      ...(await runStudy(c.var.deps, securities, params)),
    }));
    if (wantsCsv(c)) return csvResponse(c, 'study', studyTables(result));
    return c.json(result, 200);
  });
}
