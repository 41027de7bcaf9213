/**
 * A list of security-events as CSV (`symbol,date[,announced_at][,benchmark][,group]`, header
 * required), as quant scripts upload it to POST /v1/studies or pass it to `npm run cli -- study`.
 * Every row is judged on its own: bad rows are reported by line number and the good ones kept.
 * Repeats are not judged here: a row repeats another when both have the same symbol and day 0,
 * which only the study knows (an announcement after the close moves day 0; resolve.ts).
 */
import { SecurityEventInput } from './schemas.js';

export type CsvSecurityEvent = {
  line: number;
  symbol: string;
  date?: string;
  announced_at?: string;
  benchmark?: string;
  group?: string;
};
export type CsvRowProblem = { line: number; message: string };
export type ParsedSecurityCsv = {
  rows: CsvSecurityEvent[];
  errors: CsvRowProblem[];
};

const COLUMNS = ['symbol', 'date', 'announced_at', 'benchmark', 'group'] as const;
const MAX_GROUP_LENGTH = 64;

/** RFC 4180 fields of one physical line (quoted fields may hold commas and doubled quotes). */
function splitLine(line: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return 'unterminated quoted field';
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return `unexpected character after a quoted field at column ${i + 1}`;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      fields.push((comma < 0 ? line.slice(i) : line.slice(i, comma)).trim());
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

export class SecurityCsvHeaderError extends Error {}

/** @throws SecurityCsvHeaderError when the header is missing or names an unknown column. */
export function parseSecurityCsv(text: string): ParsedSecurityCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitLine(lines[0] ?? '');
  if (typeof header === 'string' || header.length === 0 || header[0] === '') {
    throw new SecurityCsvHeaderError('the first line must be a header: symbol,date[,announced_at][,benchmark][,group]');
  }
  const names = header.map((h) => h.toLowerCase());
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (unknown.length) throw new SecurityCsvHeaderError(`unknown column(s) ${unknown.join(', ')}: allowed are ${COLUMNS.join(', ')}`);
  if (!names.includes('symbol')) throw new SecurityCsvHeaderError('the header needs a symbol column');
  if (!names.includes('date') && !names.includes('announced_at')) {
    throw new SecurityCsvHeaderError('the header needs a date or an announced_at column');
  }
  if (new Set(names).size !== names.length) throw new SecurityCsvHeaderError('a column is named twice in the header');

  const out: ParsedSecurityCsv = { rows: [], errors: [] };
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const fields = splitLine(raw);
    if (typeof fields === 'string') return void out.errors.push({ line, message: fields });
    if (fields.length !== names.length) {
      return void out.errors.push({ line, message: `${fields.length} fields, the header has ${names.length}` });
    }
    const record: Record<string, string> = {};
    names.forEach((n, j) => {
      if (fields[j] !== '') record[n] = fields[j]!;
    });
    const { group, ...event } = record;
    const parsed = SecurityEventInput.safeParse(event);
    const problems = parsed.success ? [] : parsed.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`);
    if (group !== undefined && group.length > MAX_GROUP_LENGTH) problems.push(`group: at most ${MAX_GROUP_LENGTH} characters`);
    if (!parsed.success || problems.length) return void out.errors.push({ line, message: problems.join('; ') });
    const d = parsed.data;
    out.rows.push({
      line,
      symbol: d.symbol,
      ...(d.date ? { date: d.date } : {}),
      ...(d.announced_at ? { announced_at: d.announced_at } : {}),
      ...(d.benchmark ? { benchmark: d.benchmark } : {}),
      ...(group !== undefined ? { group } : {}),
    });
  });
  return out;
}
