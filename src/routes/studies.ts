import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import type { PolicyEvent } from '../domain/events.js';
import { AppError, NotFoundError } from '../errors.js';
import { ALWAYS, studyParamFields, studyParamRules } from '../study/params.js';
import { RepeatedEventsError } from '../study/resolve.js';
import type { ComputedStudy } from '../study/run-study.js';
import { jsonBytes } from '../json-bytes.js';
import { eventSecurities, type StudyResponse, type StudyService } from '../study/study-service.js';
import { STUDY_TABLE_NAMES, isSecurityTable, studyTables } from '../study/study-tables.js';
import { studyCarChart } from '../charts/study-charts.js';
import type { KeptAnswers } from './kept-answers.js';
import { ChartQuery, chartContent, chartResponse, dataOrChartFormat, isChartFormat, representationKey, studyFieldsOf } from './chart-response.js';
import { csvContent, csvResponse, csvTableName } from './representation.js';
import { jsonRows, type RequestRows } from './request-rows.js';
import { SecurityEventInput, problems } from './schemas.js';
import { StudyResultSchema } from './study-schemas.js';
import { AdHocQuery, TableQuery } from './study-query.js';
import { csvTableText, ndjsonText, streamedStudy, wantsNdjson, type StudyText } from './study-stream.js';
import { checkStudySize, readCsvUpload, repeatPolicy, type AdHocRequest } from './study-upload.js';
import { uploadKind } from './upload-body.js';

export const MAX_SECURITIES = 10_000;

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

const UPLOAD_DESCRIPTION = `Up to ${MAX_SECURITIES} security-events: JSON, or a CSV with the header symbol,date[,announced_at][,benchmark][,group] sent as the body (Content-Type: text/csv) or as the file of a multipart/form-data body (the part named \`file\`, else the only file part). An upload takes the study parameters in the query string; a multipart one also as text fields (not the representation: format, table and chart text stay in the query). Bad CSV rows are reported by line number in \`rejected_rows\` and the good rows studied. A security-event with the same symbol and day 0 as an earlier one is left out and reported in \`duplicate_rows\` (JSON: positions in \`securities\`, from 0; CSV: lines). \`strict=true\` refuses the request with 400 instead, listing every bad or repeated row.`;

// Plain OpenAPI schemas, not zod: uploads are read by the middleware below, not by the route's validators.
const CSV_UPLOAD_SCHEMA = { type: 'string' as const, description: 'symbol,date[,announced_at][,benchmark][,group], header required' };
const MULTIPART_UPLOAD_SCHEMA = {
  type: 'object' as const,
  required: ['file'],
  properties: {
    file: { ...CSV_UPLOAD_SCHEMA, format: 'binary' },
    ...Object.fromEntries([...Object.keys(studyParamFields), 'strict'].map((name) => [name, { type: 'string' as const, description: 'as in the query string' }])),
  },
};

const adHocRoute = createRoute({
  method: 'post',
  path: '/v1/studies',
  tags: ['studies'],
  summary: 'Ad-hoc event study: any symbols, each with its own date or timestamp',
  description:
    'NDJSON (`format=ndjson`) and the per-security CSV tables (`format=csv` with `table` days, cars or securities) are streamed: each security-event is written as soon as it is computed, the reader setting the pace, so memory stays bounded whatever the size. ' +
    'A streamed answer starts with the first studied security-event: a request refused before that gets its problem+json and status. ' +
    'A failure after the first byte cannot change the 200: NDJSON then ends with a `{"type":"error","problem":...}` line; CSV has no place for one, so the transfer is cut off (no final chunk) and the client sees a truncated body, not a complete-looking table. ' +
    'The streamed CSV is byte for byte the CSV of the same table answered whole; the other tables are small and answered whole.',
  request: {
    query: AdHocQuery,
    body: {
      content: { 'application/json': { schema: StudyBody } },
      required: true,
      description: UPLOAD_DESCRIPTION,
    },
  },
  responses: {
    200: {
      description: 'Per-security ARs/CARs and the portfolio tests (CSV: one table, see `table`; NDJSON: a line per security-event, then the portfolio)',
      content: {
        'application/json': { schema: StudyResultSchema },
        ...csvContent,
        ...chartContent,
        'application/x-ndjson': { schema: z.string().openapi({ description: '{"type":"security",...} per security-event in request order, then {"type":"portfolio",...} with the rest of the result and the row report' }) },
      },
    },
    ...problems(400, 413, 415, 422, 429),
    415: { ...problems(415)[415]!, description: 'The body must be application/json, text/csv or multipart/form-data' },
  },
});

const UPLOAD_CONTENT = {
  'text/csv': { schema: CSV_UPLOAD_SCHEMA },
  'multipart/form-data': { schema: MULTIPART_UPLOAD_SCHEMA, encoding: { file: { contentType: 'text/csv' } } },
};
/** The route as documented, uploads included; its handler sees JSON only (uploads never reach it) and keeps the JSON route's types. */
const documentedAdHocRoute: typeof adHocRoute = {
  ...adHocRoute,
  request: { ...adHocRoute.request, body: { ...adHocRoute.request.body, content: { ...adHocRoute.request.body.content, ...UPLOAD_CONTENT } } },
};

/** One study in the representation asked for: JSON, CSV (`table`) or a chart (SVG, PNG, Vega-Lite). */
function represent(c: Context<AppEnv>, study: ComputedStudy & { result: StudyResponse }, stem: string, event: PolicyEvent | null, headers: Record<string, string>) {
  const format = dataOrChartFormat(c);
  if (format === 'csv') return csvResponse(c, stem, studyTables(study.result), headers);
  if (isChartFormat(format)) return chartResponse(c, format, studyCarChart(study, event), headers);
  return c.body(jsonBytes(study.result), 200, { ...headers, 'Content-Type': 'application/json' });
}

/** The streamed text asked for, if any: NDJSON, or CSV of a per-security table. */
function streamedText(c: Context<AppEnv>, rows: RequestRows): StudyText | undefined {
  if (wantsNdjson(c)) return ndjsonText((study) => rows.report(study.repeats));
  if (dataOrChartFormat(c) !== 'csv') return undefined;
  const table = csvTableName(c, STUDY_TABLE_NAMES);
  return isSecurityTable(table) ? csvTableText('study', table) : undefined;
}

/** POST /v1/studies, JSON or upload: streamed, or computed whole with the row report in the JSON. */
async function adHocAnswer(c: Context<AppEnv>, service: StudyService, request: AdHocRequest, rows: RequestRows): Promise<Response> {
  try {
    const text = streamedText(c, rows);
    if (text) return await streamedStudy(c, (sink) => service.streamStudy(request, sink, c.req.raw.signal), text);
    const answer = await service.study(request, { validate: false, signal: () => c.req.raw.signal });
    if (answer.notModified) return c.body(null, 304, answer.headers);
    const value = { ...answer.value, result: { ...answer.value.result, ...rows.report(answer.value.repeats) } };
    return represent(c, value, 'study', null, {});
  } catch (e) {
    if (e instanceof RepeatedEventsError) throw rows.refusal(e.repeats);
    throw e;
  }
}

const isJsonBody = (c: Context) => /^\s*application\/([a-z.-]+\+)?json\b/i.test(c.req.header('content-type') ?? '');

export function mountStudies(app: OpenAPIHono<AppEnv>, service: StudyService, kept: KeptAnswers): void {
  app.openapi(eventStudyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const event = (await c.var.deps.events.get(id))?.event;
    if (!event) throw new NotFoundError(`No event with id "${id}". GET /v1/events lists the known ids.`);
    const { roles, ...params } = studyFieldsOf(c.req.valid('query'));
    const wanted = roles?.split(',');
    const format = dataOrChartFormat(c);
    const answer = await service.study(
      { securities: eventSecurities(event, wanted), params, event, ...(wanted ? { roles: wanted } : {}) },
      { validate: true, ifNoneMatch: c.req.header('if-none-match'), representation: representationKey(c, format, 'days'), signal: () => c.req.raw.signal },
    );
    if (answer.notModified) return c.body(null, 304, answer.headers);
    // JSON is already bytes kept with the study; tables and charts are kept by their ETag.
    if (format === 'json') return represent(c, answer.value, event.id, event, answer.headers);
    return kept.send(c, answer.headers, () => represent(c, answer.value, event.id, event, answer.headers));
  });

  // Uploads are read here, before the JSON contract of the route below.
  app.use('/v1/studies', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const kind = uploadKind(c);
    if (kind) {
      const { request, rows } = await readCsvUpload(c, kind, MAX_SECURITIES);
      return adHocAnswer(c, service, request, rows);
    }
    if (c.req.header('content-type') && !isJsonBody(c)) {
      throw new AppError(415, 'Unsupported media type', 'POST /v1/studies takes application/json, a CSV as text/csv, or multipart/form-data with the CSV as the file part named file.');
    }
    return next();
  });

  app.openapi(documentedAdHocRoute, async (c) => {
    const { securities, ...params } = c.req.valid('json');
    checkStudySize(securities.length, MAX_SECURITIES);
    return adHocAnswer(c, service, { securities, params, repeats: repeatPolicy(c.req.valid('query').strict) }, jsonRows);
  });
}
