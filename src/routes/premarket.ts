import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { NotFoundError } from '../errors.js';
import { ALWAYS } from '../study/params.js';
import { premarketParamFields, premarketParamRules } from '../study/premarket/inputs.js';
import { jsonBytes } from '../json-bytes.js';
import { eventSecurities, type StudyService } from '../study/study-service.js';
import { premarketSplitChart } from '../charts/study-charts.js';
import type { KeptAnswers } from './kept-answers.js';
import { ChartQuery, chartContent, chartResponse, dataOrChartFormat, isChartFormat, representationKey, studyFieldsOf } from './chart-response.js';
import { csvContent, csvResponse } from './representation.js';
import { SecurityEventInput, problems } from './schemas.js';
import { premarketTables } from '../study/premarket/result.js';
import { TestResultSchema, securityBaseFields } from './study-schemas.js';

export const MAX_PREMARKET_SECURITIES = 200;

const PremarketTableQuery = {
  table: z.enum(['securities', 'days']).optional().openapi({ description: 'Which table a CSV response holds (default securities)' }),
};

const PremarketQuery = z
  .object({ ...ChartQuery, ...PremarketTableQuery, ...premarketParamFields })
  .superRefine(premarketParamRules, ALWAYS);

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
    sessions: z.string().optional().openapi({ description: 'A listing outside the US: which of its own sessions came before and after the announcement' }),
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
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    ...problems(400, 404, 422, 429, 503),
  },
});

const PremarketBody = z
  .object({
    securities: z.array(SecurityEventInput).min(1).max(MAX_PREMARKET_SECURITIES, `at most ${MAX_PREMARKET_SECURITIES} security-events`),
    ...premarketParamFields,
  })
  .superRefine(premarketParamRules, ALWAYS)
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
    ...problems(400, 413, 415, 422, 429, 503),
  },
});

export function mountPremarket(app: OpenAPIHono<AppEnv>, service: StudyService, kept: KeptAnswers): void {
  app.openapi(eventRoute, async (c) => {
    const { id } = c.req.valid('param');
    const event = (await c.var.deps.events.get(id))?.event;
    if (!event) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    const params = studyFieldsOf(c.req.valid('query'));
    const format = dataOrChartFormat(c);
    const answer = await service.premarket(
      { securities: eventSecurities(event), params, event },
      { validate: true, ifNoneMatch: c.req.header('if-none-match'), representation: representationKey(c, format, 'securities'), signal: () => c.req.raw.signal },
    );
    if (answer.notModified) return c.body(null, 304, answer.headers);
    if (format === 'json') return c.body(jsonBytes(answer.value), 200, { ...answer.headers, 'Content-Type': 'application/json' });
    return kept.send(c, answer.headers, () =>
      isChartFormat(format)
        ? chartResponse(c, format, premarketSplitChart(answer.value, event), answer.headers)
        : csvResponse(c, `${event.id}_premarket`, premarketTables(answer.value), answer.headers),
    );
  });

  app.openapi(adHocRoute, async (c) => {
    const { securities, ...params } = c.req.valid('json');
    const answer = await service.premarket({ securities, params }, { validate: false, signal: () => c.req.raw.signal });
    if (answer.notModified) return c.body(null, 304, answer.headers);
    const format = dataOrChartFormat(c);
    if (format === 'csv') return csvResponse(c, 'premarket', premarketTables(answer.value));
    if (isChartFormat(format)) return chartResponse(c, format, premarketSplitChart(answer.value, null));
    return c.body(jsonBytes(answer.value), 200, { 'Content-Type': 'application/json' });
  });
}
