import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import type { PolicyEvent } from '../domain/events.js';
import { NotFoundError } from '../errors.js';
import { ALWAYS, studyParamFields, studyParamRules } from '../study/params.js';
import type { ComputedStudy } from '../study/run-study.js';
import { eventSecurities, type StudyResponse, type StudyService } from '../study/study-service.js';
import { studyTables } from '../study/study-tables.js';
import { studyCarChart } from '../charts/study-charts.js';
import { ChartQuery, chartContent, chartResponse, dataOrChartFormat, isChartFormat, representationKey, studyFieldsOf } from './chart-response.js';
import { csvContent, csvResponse } from './representation.js';
import { SecurityEventInput, problems } from './schemas.js';
import { StudyResultSchema } from './study-schemas.js';

export const MAX_SECURITIES = 500;

const TableQuery = {
  table: z
    .enum(['days', 'cars', 'securities', 'portfolio_days', 'portfolio_cars', 'summary', 'warnings', 'groups', 'differences'])
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

/** One study in the representation asked for: JSON, CSV (`table`) or a chart (SVG, PNG, Vega-Lite). */
function represent(c: Context<AppEnv>, study: ComputedStudy & { result: StudyResponse }, stem: string, event: PolicyEvent | null, headers: Record<string, string>) {
  const format = dataOrChartFormat(c);
  if (format === 'csv') return csvResponse(c, stem, studyTables(study.result), headers);
  if (isChartFormat(format)) return chartResponse(c, format, studyCarChart(study, event), headers);
  return c.json(study.result, 200, headers);
}

export function mountStudies(app: OpenAPIHono<AppEnv>, service: StudyService): void {
  app.openapi(eventStudyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const event = (await c.var.deps.events.get(id))?.event;
    if (!event) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    const { roles, ...params } = studyFieldsOf(c.req.valid('query'));
    const wanted = roles?.split(',');
    const format = dataOrChartFormat(c);
    const answer = await service.study(
      { securities: eventSecurities(event, wanted), params, event, ...(wanted ? { roles: wanted } : {}) },
      { validate: true, ifNoneMatch: c.req.header('if-none-match'), representation: representationKey(c, format, 'days') },
    );
    if (answer.notModified) return c.body(null, 304, answer.headers);
    return represent(c, answer.value, event.id, event, answer.headers);
  });

  app.openapi(adHocRoute, async (c) => {
    const { securities, ...params } = c.req.valid('json');
    const answer = await service.study({ securities, params }, { validate: false });
    if (answer.notModified) return c.body(null, 304, answer.headers);
    return represent(c, answer.value, 'study', null, {});
  });
}
