import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app.js';
import type { PolicyEvent } from '../domain/events.js';
import { NotFoundError, ServiceUnavailableError, fromZodIssues } from '../errors.js';
import { StudyParamsSchema, WindowInput } from '../study/params.js';
import { DEFAULT_PREMARKET_PARAMS, runPremarket, type PremarketParams } from '../study/premarket.js';
import type { PremarketSource } from '../study/premarket-source.js';
import { premarketSplitChart } from '../charts/study-charts.js';
import { ChartQuery, chartContent, chartResponse, dataOrChartFormat, isChartFormat, studyFieldsOf } from './chart-response.js';
import { csvContent, csvResponse } from './representation.js';
import { SecurityEventInput, Symbol, problems } from './schemas.js';
import { premarketTables } from '../study/premarket-tables.js';
import { TestResultSchema, securityBaseFields } from './study-schemas.js';

export const MAX_PREMARKET_SECURITIES = 200;
const MAX_BARS = 390;


const windowDoc = (example: string, description: string) => z.string().optional().openapi({ example, description });

const PremarketTableQuery = {
  table: z.enum(['securities', 'days']).optional().openapi({ description: 'Which table a CSV response holds (default securities)' }),
};

const PremarketQuery = z.object({
  ...ChartQuery,
  ...PremarketTableQuery,
  benchmark: z
    .string()
    .optional()
    .openapi({ example: 'QQQ', description: "Benchmark for every part (default: the event's first benchmark with stored opens; close-only ETFs such as CIBR cannot split a day)" }),
  estimation: windowDoc('-250,-11', 'Estimation window in trading days'),
  window: windowDoc('-5,5', 'Event window in trading days (must contain day 0)'),
  returns: z.enum(['simple', 'log']).optional(),
  min_obs: z.string().optional().openapi({ example: '100', description: 'Minimum estimation-window returns of each part' }),
  bars: windowDoc('-12,24', 'Intraday event study: bars before and after the announcement bar'),
  bar_sessions: z.string().optional().openapi({ example: '5', description: 'Prior sessions whose bars estimate the bar-level model' }),
  path: z.enum(['true', 'false']).optional().openapi({ description: 'Include the bar-by-bar price path (default true)' }),
});

const Num = z.number();
const NullableNum = Num.nullable();
const Part = z.object({
  return: Num,
  benchmark_return: Num,
  ar: Num,
  t: Num,
  p: Num,
  estimation: z.object({ n: z.number().int(), df: z.number().int(), alpha: Num, beta: Num, r2: Num, sigma: Num }),
});
const PremarketSecuritySchema = z
  .object({
    ...securityBaseFields,
    session: z.string().nullable(),
    status: z.enum(['ok', 'close_only', 'excluded', 'live']),
    reason: z.string().optional(),
    data: z.object({ daily: z.string(), granularity: z.string().openapi({ example: 'intraday/1m' }), intraday: z.string().nullable() }),
    prices: z
      .object({ previous_date: z.string().nullable(), previous_close: NullableNum, open: NullableNum, close: Num, basis: z.string() })
      .nullable()
      .optional()
      .openapi({ description: "Day 0's stored daily prices (adjusted daily files: adjusted)" }),
    close_to_close: z
      .object({ return: Num, benchmark_return: Num, ar: Num, ar_t: Num, ar_p: Num, estimation: z.record(z.string(), z.unknown()) })
      .nullable()
      .optional(),
    overnight: Part.optional(),
    intraday: Part.optional(),
    ar_overnight_plus_intraday: Num.optional(),
    share_overnight: NullableNum.optional(),
    share_note: z.string().optional(),
    days: z.array(z.record(z.string(), z.unknown())).optional(),
    premarket: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Day-0 intraday figures from stored bars, or { reason }' }),
    intraday_study: z.record(z.string(), z.unknown()).optional().openapi({ description: 'CAR by bar for news during the session, or { reason }' }),
    live: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Live premarket quote (live: true)' }),
  })
  .openapi('PremarketSecurity');
const PartPortfolio = z.object({ n: z.number().int(), mean_ar: NullableNum, cross_sectional_t: TestResultSchema });
const PremarketResultSchema = z
  .object({
    event: z.object({ id: z.string(), title: z.string(), date: z.string(), announced_at: z.string().nullable() }).nullable(),
    params: z.record(z.string(), z.unknown()),
    securities: z.array(PremarketSecuritySchema),
    portfolio: z.object({
      n: z.number().int(),
      overnight: PartPortfolio,
      intraday: PartPortfolio,
      close_to_close: PartPortfolio,
      share_overnight: NullableNum,
      share_note: z.string(),
      premarket_instants: z.array(z.object({ label: z.string(), n: z.number().int(), mean_abnormal_move: NullableNum, cross_sectional_t: TestResultSchema })),
    }),
  })
  .openapi('PremarketResult');

const eventRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}/premarket',
  tags: ['studies'],
  summary: 'How much of an event\'s move happened before the open: overnight/intraday split, premarket figures',
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'china-cybersecurity-software-ban-2026' }) }),
    query: PremarketQuery,
  },
  responses: {
    200: {
      description: 'Per security and portfolio (CSV: `table=securities|days`)',
      content: { 'application/json': { schema: PremarketResultSchema }, ...csvContent, ...chartContent },
    },
    ...problems(400, 404, 422, 503),
  },
});

const pair = z.tuple([z.number().int(), z.number().int()]);
const PremarketBody = z
  .object({
    securities: z.array(SecurityEventInput).min(1).max(MAX_PREMARKET_SECURITIES, `at most ${MAX_PREMARKET_SECURITIES} security-events`),
    benchmark: Symbol.optional(),
    estimation: pair.optional(),
    window: pair.optional(),
    returns: z.enum(['simple', 'log']).optional(),
    min_obs: z.number().int().optional(),
    bars: pair.optional(),
    bar_sessions: z.number().int().optional(),
    path: z.boolean().optional(),
  })
  .openapi('PremarketRequest');

const adHocRoute = createRoute({
  method: 'post',
  path: '/v1/premarket',
  tags: ['studies'],
  summary: 'Ad-hoc premarket / overnight study: any symbols, each with its own date or timestamp',
  request: {
    query: z.object({ ...ChartQuery, ...PremarketTableQuery }),
    body: { content: { 'application/json': { schema: PremarketBody } }, required: true },
  },
  responses: {
    200: {
      description: 'Per security and portfolio (CSV: `table=securities|days`)',
      content: { 'application/json': { schema: PremarketResultSchema }, ...csvContent, ...chartContent },
    },
    ...problems(400, 413, 415, 422, 503),
  },
});

const BarsSchema = z
  .object({
    bars: WindowInput.default(DEFAULT_PREMARKET_PARAMS.bars),
    bar_sessions: z.coerce.number().int().min(1).max(20).default(DEFAULT_PREMARKET_PARAMS.bar_sessions),
    path: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]).default(true),
  })
  .superRefine((p, ctx) => {
    const [a, b] = p.bars;
    if (a > b) ctx.addIssue({ code: 'custom', path: ['bars'], message: `start ${a} is after end ${b}` });
    if (b - a + 1 > MAX_BARS) ctx.addIssue({ code: 'custom', path: ['bars'], message: `at most ${MAX_BARS} bars` });
  });

/** Validates parameters with the engine's rules (window must contain day 0) plus the bar options, in one answer. */
export function parsePremarketParams(raw: Record<string, unknown>): PremarketParams {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const { bars, bar_sessions, path, ...rest } = defined;
  const engine = StudyParamsSchema.safeParse({ ...rest, model: 'market', car: [[0, 0]] });
  const extra = BarsSchema.safeParse({ bars, bar_sessions, path });
  const issues = [
    ...(engine.success ? [] : engine.error.issues),
    ...(extra.success ? [] : extra.error.issues),
  ];
  if (issues.length > 0 || !engine.success || !extra.success) throw fromZodIssues(issues);
  const p = engine.data;
  return {
    benchmark: p.benchmark,
    estimation: p.estimation,
    window: p.window,
    min_obs: p.min_obs,
    returns: p.returns,
    bars: extra.data.bars,
    bar_sessions: extra.data.bar_sessions,
    path: extra.data.path,
  };
}

function premarketSource(deps: AppDeps): PremarketSource {
  if (!deps.premarket) throw new ServiceUnavailableError('The premarket study is not configured on this server (no premarket data source).');
  return deps.premarket;
}

async function findEvent(deps: AppDeps, id: string): Promise<PolicyEvent | undefined> {
  return (await deps.events.get(id))?.event;
}

export function mountPremarket(app: OpenAPIHono<AppEnv>): void {
  app.openapi(eventRoute, async (c) => {
    const deps = c.var.deps;
    const { id } = c.req.valid('param');
    const event = await findEvent(deps, id);
    if (!event) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    const format = dataOrChartFormat(c);
    const params = parsePremarketParams(studyFieldsOf(c.req.valid('query')));
    const securities = event.securities.map((s) => ({
      symbol: s.symbol,
      date: event.date,
      announced_at: event.announced_at ?? undefined,
      session: event.session,
      role: s.role,
      exchange: s.exchange,
      listed_in_us: s.listed_in_us,
    }));
    const result = await runPremarket({ ...deps, premarket: premarketSource(deps) }, securities, params, event);
    if (format === 'csv') return csvResponse(c, `${event.id}_premarket`, premarketTables(result));
    if (isChartFormat(format)) return chartResponse(c, format, premarketSplitChart(result, event));
    return c.json(
      { event: { id: event.id, title: event.title, date: event.date, announced_at: event.announced_at }, ...result },
      200,
    );
  });

  app.openapi(adHocRoute, async (c) => {
    const deps = c.var.deps;
    const { securities, ...rest } = c.req.valid('json');
    const params = parsePremarketParams(rest);
    const result = await runPremarket({ ...deps, premarket: premarketSource(deps) }, securities, params);
    const format = dataOrChartFormat(c);
    if (format === 'csv') return csvResponse(c, 'premarket', premarketTables(result));
    if (isChartFormat(format)) return chartResponse(c, format, premarketSplitChart(result, null));
    return c.json({ event: null, ...result }, 200);
  });
}
