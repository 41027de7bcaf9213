/**
 * Bulk studies on POST /v1/studies: a CSV upload of security-events (`text/csv`, rows judged one
 * by one by security-csv.ts) and the NDJSON stream of a study's results (one line per
 * security-event as it is computed, then one line with the portfolio), for quant scripts.
 */
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { AppError, ValidationError, fromZodIssues, toProblem } from '../errors.js';
import { ALWAYS, studyParamFields, studyParamRules, type StudyParams } from '../study/params.js';
import type { StudySecurityInput } from '../study/resolve.js';
import type { StudyService } from '../study/study-service.js';
import { SecurityCsvHeaderError, parseSecurityCsv, type CsvRowProblem } from './security-csv.js';

/** What an upload reports about the rows it did not study. */
export type RowReport = { rejected_rows: CsvRowProblem[]; duplicate_rows: { line: number; first_line: number }[] };

const UploadQuery = z
  .object({
    ...studyParamFields,
    strict: z.enum(['true', 'false']).optional(),
    format: z.string().optional(),
    table: z.string().optional(),
  })
  .superRefine(studyParamRules, ALWAYS);

/** @throws AppError 413 when a study asks for more than `max` security-events. */
export function checkStudySize(n: number, max: number): void {
  if (n > max) throw new AppError(413, 'Payload too large', `The study has ${n} security-events; one request takes at most ${max}. Split it into several requests.`, { max_securities: max });
}

export const isCsvBody = (c: Context) => /^\s*text\/csv\b/i.test(c.req.header('content-type') ?? '');
export const wantsNdjson = (c: Context) => c.req.query('format') === 'ndjson' || /\bapplication\/x-ndjson\b/.test(c.req.header('accept') ?? '');

/**
 * The security-events and parameters of a CSV upload (parameters from the query string), with the
 * rows left out. `strict=true` refuses the whole upload when any row is bad.
 * @throws ValidationError for a bad header, bad parameters, no good row or (strict) any bad row —
 *   each listed by line number; AppError 413 for more than `max` rows.
 */
export async function readCsvUpload(c: Context<AppEnv>, max: number): Promise<{ securities: StudySecurityInput[]; params: StudyParams; report: RowReport }> {
  const query = UploadQuery.safeParse(c.req.query());
  if (!query.success) throw fromZodIssues(query.error.issues);
  const { strict, format: _format, table: _table, ...params } = query.data;
  let parsed;
  try {
    parsed = parseSecurityCsv(await c.req.text());
  } catch (e) {
    if (e instanceof SecurityCsvHeaderError) throw new ValidationError(`The CSV header is not usable: ${e.message}.`, [{ field: 'line 1', message: e.message }]);
    throw e;
  }
  const lines = (rows: CsvRowProblem[]) => rows.map((r) => ({ field: `line ${r.line}`, message: r.message }));
  if (strict === 'true' && parsed.errors.length > 0) {
    throw new ValidationError(`${parsed.errors.length} bad CSV row(s) and strict=true: fix them or send without strict to study the good rows.`, lines(parsed.errors));
  }
  if (parsed.rows.length === 0) throw new ValidationError('The CSV has no usable row: symbol,date[,announced_at][,benchmark][,group] after the header.', lines(parsed.errors));
  checkStudySize(parsed.rows.length, max);
  const securities = parsed.rows.map(({ line: _line, group, ...s }) => ({ ...s, ...(group ? { role: group } : {}) }));
  return { securities, params, report: { rejected_rows: parsed.errors, duplicate_rows: parsed.duplicates } };
}

/**
 * A study as NDJSON: `{"type":"security",...}` per security-event in request order as soon as its
 * chunk is computed, then `{"type":"portfolio",...}` (or `{"type":"error",...}` with a problem).
 * Written with back-pressure, so a slow reader holds the study back instead of filling memory.
 */
export function ndjsonStudy(c: Context<AppEnv>, service: StudyService, request: { securities: StudySecurityInput[]; params: StudyParams }, report?: RowReport) {
  c.header('content-type', 'application/x-ndjson; charset=utf-8');
  return stream(c, async (out) => {
    try {
      const { result } = await service.streamStudy(
        request,
        async (outcomes) => {
          for (const o of outcomes) await out.write(`${JSON.stringify({ type: 'security', ...o })}\n`);
        },
        c.req.raw.signal,
      );
      const { securities: _securities, ...rest } = result;
      await out.write(`${JSON.stringify({ type: 'portfolio', ...rest, ...(report ?? {}) })}\n`);
    } catch (e) {
      if (!(e instanceof AppError)) c.var.deps.log?.({ level: 'error', request_id: c.var.requestId, path: c.req.path, error: String((e as Error)?.stack ?? e) });
      await out.write(`${JSON.stringify({ type: 'error', problem: toProblem(e, c.req.path) })}\n`);
    }
  });
}
