import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import type { PolicyEvent } from '../domain/events.js';
import { NotFoundError } from '../errors.js';
import { ALWAYS, studyParamFields, studyParamRules } from '../study/params.js';
import type { ComputedStudy } from '../study/run-study.js';
import { eventSecurities, resultJson, type StudyResponse, type StudyService } from '../study/study-service.js';
import { studyTables } from '../study/study-tables.js';
import { studyCarChart } from '../charts/study-charts.js';
import { ChartQuery, DATA_AND_CHART_FORMATS, chartContent, chartResponse, dataOrChartFormat, isChartFormat, representationKey, studyFieldsOf } from './chart-response.js';
import { csvContent, csvResponse } from './representation.js';
import { SecurityEventInput, problems } from './schemas.js';
import { StudyResultSchema } from './study-schemas.js';
import { checkStudySize, isCsvBody, ndjsonStudy, readCsvUpload, wantsNdjson } from './study-upload.js';

export const MAX_SECURITIES = 10_000;

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
    ...problems(400, 404, 422, 429),
  },
});

const StudyBody = z
  .object({
    // More than MAX_SECURITIES is a 413 from the handler (too large, not malformed).
    securities: z.array(SecurityEventInput).min(1),
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
    query: z.object({
      ...ChartQuery,
      format: z
        .enum([...DATA_AND_CHART_FORMATS, 'ndjson'])
        .optional()
        .openapi({ description: 'JSON, CSV (see `table`), a chart (SVG, PNG, Vega-Lite), or NDJSON streamed: one line per security-event as computed, then the portfolio' }),
      ...TableQuery,
    }),
    body: {
      content: { 'application/json': { schema: StudyBody } },
      required: true,
      description: `Up to ${MAX_SECURITIES} security-events. Or a CSV upload (Content-Type: text/csv, header symbol,date[,announced_at][,benchmark][,group], parameters in the query string): bad rows are reported by line number in \`rejected_rows\` and the good rows studied; \`strict=true\` refuses the upload with 400 instead.`,
    },
  },
  responses: {
    200: {
      description: 'Per-security ARs/CARs and the portfolio tests (CSV: one table, see `table`)',
      content: { 'application/json': { schema: StudyResultSchema }, ...csvContent, ...chartContent },
    },
    ...problems(400, 413, 415, 422, 429),
  },
});

/** One study in the representation asked for: JSON, CSV (`table`) or a chart (SVG, PNG, Vega-Lite). */
function represent(c: Context<AppEnv>, study: ComputedStudy & { result: StudyResponse }, stem: string, event: PolicyEvent | null, headers: Record<string, string>) {
  const format = dataOrChartFormat(c);
  if (format === 'csv') return csvResponse(c, stem, studyTables(study.result), headers);
  if (isChartFormat(format)) return chartResponse(c, format, studyCarChart(study, event), headers);
  return c.body(resultJson(study.result), 200, { ...headers, 'Content-Type': 'application/json' });
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
      { validate: true, ifNoneMatch: c.req.header('if-none-match'), representation: representationKey(c, format, 'days'), signal: c.req.raw.signal },
    );
    if (answer.notModified) return c.body(null, 304, answer.headers);
    return represent(c, answer.value, event.id, event, answer.headers);
  });

  // A CSV upload is read here, before the JSON contract of the route below.
  app.use('/v1/studies', async (c, next) => {
    if (c.req.method !== 'POST' || !isCsvBody(c)) return next();
    const { securities, params, report } = await readCsvUpload(c, MAX_SECURITIES);
    if (wantsNdjson(c)) return ndjsonStudy(c, service, { securities, params }, report);
    const answer = await service.study({ securities, params }, { validate: false, signal: c.req.raw.signal });
    if (answer.notModified) return c.body(null, 304, answer.headers);
    const value = { ...answer.value, result: { ...answer.value.result, ...report } };
    return represent(c, value, 'study', null, {});
  });

  app.openapi(adHocRoute, async (c) => {
    const { securities, ...params } = c.req.valid('json');
    checkStudySize(securities.length, MAX_SECURITIES);
    if (wantsNdjson(c)) return ndjsonStudy(c, service, { securities, params });
    const answer = await service.study({ securities, params }, { validate: false, signal: c.req.raw.signal });
    if (answer.notModified) return c.body(null, 304, answer.headers);
    return represent(c, answer.value, 'study', null, {});
  });
}
