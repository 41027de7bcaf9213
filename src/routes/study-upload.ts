/**
 * Bulk studies on POST /v1/studies from an uploaded CSV of security-events: a `text/csv` body or
 * the file of a `multipart/form-data` one (upload-body.ts), each row judged on its own by
 * security-csv.ts, the parameters from the query string (or the form's text fields).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import { AppError, ValidationError, fromZodIssues } from '../errors.js';
import { studyParamFields, type StudyParams } from '../study/params.js';
import type { RepeatPolicy, StudySecurityInput } from '../study/resolve.js';
import { studyFieldsOf } from './chart-response.js';
import { csvRows, type RequestRows } from './request-rows.js';
import { SecurityCsvHeaderError, parseSecurityCsv, type CsvRowProblem } from './security-csv.js';
import { AdHocQuery } from './study-query.js';
import { uploadBody, type UploadKind } from './upload-body.js';

/** A bulk study as the routes hand it to the study service. */
export type AdHocRequest = { securities: StudySecurityInput[]; params: StudyParams; repeats: RepeatPolicy };

/** What a multipart upload may send as text fields: the study's parameters, not its representation. */
const FORM_FIELDS = [...Object.keys(studyParamFields), 'strict'];

/** @throws AppError 413 when a study asks for more than `max` security-events. */
export function checkStudySize(n: number, max: number): void {
  if (n > max) throw new AppError(413, 'Payload too large', `The study has ${n} security-events; one request takes at most ${max}. Split it into several requests.`, { max_securities: max });
}

export const repeatPolicy = (strict: string | undefined): RepeatPolicy => (strict === 'true' ? 'refuse' : 'report');

/** The query string and the form's text fields as one set of parameters; a name in both must agree. */
function uploadParams(query: Record<string, string>, fields: Record<string, string>) {
  const clash = Object.keys(fields).filter((name) => name in query && query[name] !== fields[name]);
  if (clash.length > 0) {
    throw new ValidationError(`${clash.join(', ')} given both in the query string and as a form field, with different values.`, clash.map((field) => ({ field, message: 'give it in one place' })));
  }
  const parsed = AdHocQuery.safeParse({ ...query, ...fields });
  if (!parsed.success) throw fromZodIssues(parsed.error.issues);
  const { strict, ...params } = studyFieldsOf(parsed.data);
  return { params, strict };
}

const lineIssues = (rows: CsvRowProblem[]) => rows.map((r) => ({ field: `line ${r.line}`, message: r.message }));

/**
 * The study an upload asks for, and how its rows are named in the answer. `strict=true` refuses
 * the whole upload when any row is bad (and, in the study, when a security-event repeats one).
 * @throws ValidationError for a bad header, bad parameters, no good row or (strict) any bad row —
 *   each listed by line number; AppError 413 for more than `max` rows.
 */
export async function readCsvUpload(c: Context<AppEnv>, kind: UploadKind, max: number): Promise<{ request: AdHocRequest; rows: RequestRows }> {
  const { csv, fields } = await uploadBody(c, kind, FORM_FIELDS);
  const { params, strict } = uploadParams(c.req.query(), fields);
  let parsed;
  try {
    parsed = parseSecurityCsv(csv);
  } catch (e) {
    if (e instanceof SecurityCsvHeaderError) throw new ValidationError(`The CSV header is not usable: ${e.message}.`, [{ field: 'line 1', message: e.message }]);
    throw e;
  }
  if (strict === 'true' && parsed.errors.length > 0) {
    throw new ValidationError(`${parsed.errors.length} bad CSV row(s) and strict=true: fix them or send without strict to study the good rows.`, lineIssues(parsed.errors));
  }
  if (parsed.rows.length === 0) throw new ValidationError('The CSV has no usable row: symbol,date[,announced_at][,benchmark][,group] after the header.', lineIssues(parsed.errors));
  checkStudySize(parsed.rows.length, max);
  const securities = parsed.rows.map(({ line: _line, group, ...s }) => ({ ...s, ...(group ? { role: group } : {}) }));
  return {
    request: { securities, params, repeats: repeatPolicy(strict) },
    rows: csvRows(parsed.rows.map((r) => r.line), parsed.errors),
  };
}
