import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import { NotFoundError } from '../errors.js';
import { ALWAYS, studyParamFields, studyParamRules } from '../study/params.js';
import { prepareStudy, runStudy, type PreparedStudy, type StudyResult } from '../study/run-study.js';
import { StudyCache, fingerprint } from '../study/study-cache.js';
import { studyTables } from '../study/study-tables.js';
import { conditional } from './conditional.js';
import { studyCarChart } from '../charts/study-charts.js';
import { ChartQuery, chartContent, chartResponse, dataOrChartFormat, isChartFormat, representationKey, studyFieldsOf } from './chart-response.js';
import { csvContent, csvResponse } from './representation.js';
import { SecurityEventInput, problems } from './schemas.js';
import { StudyResultSchema } from './study-schemas.js';

export const MAX_SECURITIES = 500;

type StudyResponse = StudyResult & { event: { id: string; title: string; date: string } | null };

const TableQuery = {
  table: z
    .enum(['days', 'cars', 'securities', 'portfolio_days', 'portfolio_cars'])
    .optional()
    .openapi({ description: 'Which table a CSV response holds (default days)' }),
};

const StudyQuery = z
  .object({
    ...studyParamFields,
    roles: z
      .string()
      .regex(
        /^(named_firm|parent_company|peer|domestic_beneficiary)(,(named_firm|parent_company|peer|domestic_beneficiary))*$/,
        'must be roles separated by commas: named_firm, parent_company, peer, domestic_beneficiary',
      )
      .optional()
      .openapi({ example: 'named_firm,parent_company', description: "Only the event's securities with these roles (default all)" }),
    ...ChartQuery,
    ...TableQuery,
  })
  .superRefine(studyParamRules, ALWAYS);

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
      content: { 'application/json': { schema: StudyResultSchema }, ...csvContent, ...chartContent },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    ...problems(400, 404, 422),
  },
});

const StudyBody = z
  .object({
    securities: z.array(SecurityEventInput).min(1).max(MAX_SECURITIES, `at most ${MAX_SECURITIES} security-events per study`),
    ...studyParamFields,
  })
  .superRefine(studyParamRules, ALWAYS)
  .openapi('StudyRequest');

const adHocRoute = createRoute({
  method: 'post',
  path: '/v1/studies',
  tags: ['studies'],
  summary: 'Ad-hoc event study: any symbols, each with its own date or timestamp',
  request: {
    query: z.object({ ...ChartQuery, ...TableQuery }),
    body: { content: { 'application/json': { schema: StudyBody } }, required: true },
  },
  responses: {
    200: {
      description: 'Per-security ARs/CARs and the portfolio tests (CSV: one table, see `table`)',
      content: { 'application/json': { schema: StudyResultSchema }, ...csvContent, ...chartContent },
    },
    ...problems(400, 413, 415, 422),
  },
});

export function mountStudies(app: OpenAPIHono<AppEnv>): void {
  // Studies are deterministic for given data, event and parameters: computed once per process.
  const cache = new StudyCache<StudyResponse>();

  /**
   * Fetches what the store lacks first, then keys the study on the resulting data version, so a
   * cached result or a 304 is only given for data that has not changed. A study that could not
   * get all its prices (the source failed) is neither cached nor given a validator.
   */
  async function cachedStudy(
    c: Context<AppEnv>,
    study: {
      key: unknown;
      representation?: unknown;
      prepare: () => Promise<PreparedStudy>;
      run: (prepared: PreparedStudy) => Promise<StudyResponse>;
    },
  ): Promise<{ notModified: Response } | { result: StudyResponse; headers: Record<string, string> }> {
    const prepared = await study.prepare();
    if (prepared.fetched.failures.size > 0) {
      return { result: await study.run(prepared), headers: { 'Cache-Control': 'no-store' } };
    }
    const inputs = { key: study.key, dataVersion: await c.var.deps.prices.dataVersion() };
    const compute = async () => cache.getOrCompute(await fingerprint(inputs), () => study.run(prepared));
    if (c.req.method !== 'GET') return { result: await compute(), headers: {} }; // validators are for GET
    const check = await conditional(c, { ...inputs, representation: study.representation ?? null });
    if ('notModified' in check) return check;
    return { result: await compute(), headers: check.headers };
  }

  app.openapi(eventStudyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const event = (await c.var.deps.events.get(id))?.event;
    if (!event) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    const { roles, ...params } = studyFieldsOf(c.req.valid('query'));
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
    const format = dataOrChartFormat(c);
    const answer = await cachedStudy(c, {
      key: { event, params, roles: wanted ?? null },
      representation: representationKey(c, format, 'days'),
      run: async (prepared) => ({
        event: { id: event.id, title: event.title, date: event.date },
        ...(await runStudy(c.var.deps, securities, params, event, prepared)),
      }),
      prepare: () => prepareStudy(c.var.deps, securities, params, event),
    });
    if ('notModified' in answer) return answer.notModified;
    const { result, headers } = answer;
    if (format === 'csv') return csvResponse(c, event.id, studyTables(result), headers);
    if (isChartFormat(format)) return chartResponse(c, format, studyCarChart(result, event), headers);
    return c.json(result, 200, headers);
  });

  app.openapi(adHocRoute, async (c) => {
    const { securities, ...params } = c.req.valid('json');
    const answer = await cachedStudy(c, {
      key: { securities, params },
      run: async (prepared) => ({ event: null, ...(await runStudy(c.var.deps, securities, params, undefined, prepared)) }),
      prepare: () => prepareStudy(c.var.deps, securities, params),
    });
    if ('notModified' in answer) return answer.notModified;
    const { result } = answer;
    const format = dataOrChartFormat(c);
    if (format === 'csv') return csvResponse(c, 'study', studyTables(result));
    if (isChartFormat(format)) return chartResponse(c, format, studyCarChart(result, null));
    return c.json(result, 200);
  });
}
