/**
 * The CSV of an upload to POST /v1/studies and the text fields sent with it: the body of a
 * `text/csv` request, or the file of a `multipart/form-data` one — the part named `file` (a file,
 * or a text field holding the CSV itself), else the only file part. Other form fields may carry
 * the parameters the query string takes; anything else is refused with what is expected.
 */
import type { Context } from 'hono';
import { ValidationError } from '../errors.js';

export type UploadKind = 'csv' | 'multipart';

export function uploadKind(c: Context): UploadKind | undefined {
  const type = c.req.header('content-type') ?? '';
  if (/^\s*text\/csv\b/i.test(type)) return 'csv';
  if (/^\s*multipart\/form-data\b/i.test(type)) return 'multipart';
  return undefined;
}

const FILE_HINT = 'send the CSV as a file part named file, e.g. curl -F file=@events.csv';

/** The form's parts, each name once. @throws ValidationError for a body that is not multipart, or a repeated name. */
async function formParts(c: Context): Promise<Map<string, string | File>> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (e) {
    throw new ValidationError(`The multipart/form-data body cannot be read (${(e as Error).message}): ${FILE_HINT}.`, [{ field: '(body)', message: 'is not multipart/form-data with the boundary of its Content-Type' }]);
  }
  const parts = new Map<string, string | File>();
  const repeated = new Set<string>();
  form.forEach((value, name) => {
    if (parts.has(name)) repeated.add(name);
    parts.set(name, value);
  });
  if (repeated.size > 0) {
    throw new ValidationError(`Form field(s) ${[...repeated].join(', ')} given more than once.`, [...repeated].map((field) => ({ field, message: 'give it once' })));
  }
  return parts;
}

/** The CSV part's name: `file`, else the only file part. */
function csvPartName(parts: ReadonlyMap<string, string | File>): string {
  if (parts.has('file')) return 'file';
  const files = [...parts].flatMap(([name, value]) => (value instanceof File ? [name] : []));
  if (files.length === 1) return files[0]!;
  const found = files.length === 0 ? 'no file part' : `${files.length} file parts (${files.join(', ')})`;
  throw new ValidationError(`The multipart upload has ${found}: ${FILE_HINT}.`, [{ field: 'file', message: 'the CSV of security-events: symbol,date[,announced_at][,benchmark][,group]' }]);
}

/**
 * The uploaded CSV text and the form's text fields (none for text/csv).
 * @throws ValidationError for an unreadable form, no or several candidate files, or a field not in `fieldNames`.
 */
export async function uploadBody(c: Context, kind: UploadKind, fieldNames: readonly string[]): Promise<{ csv: string; fields: Record<string, string> }> {
  if (kind === 'csv') return { csv: await c.req.text(), fields: {} };
  const parts = await formParts(c);
  const csvName = csvPartName(parts);
  const csv = parts.get(csvName)!;
  parts.delete(csvName);
  const fields: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [name, value] of parts) {
    if (typeof value === 'string' && fieldNames.includes(name)) fields[name] = value;
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new ValidationError(`The multipart upload takes one CSV file and, as text fields, only ${fieldNames.join(', ')}; the representation (format, table, chart text) goes in the query string.`, unknown.map((field) => ({ field, message: 'not a field of this upload' })));
  }
  return { csv: typeof csv === 'string' ? csv : await csv.text(), fields };
}
