import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { Table } from '../domain/table.js';
import { AppError, ValidationError } from '../errors.js';

export const FormatQuery = {
  format: z.enum(['json', 'csv']).optional().openapi({ description: 'Response format; `Accept: text/csv` also selects CSV' }),
};

/** Every representation a route may offer, with the media types that select it. */
export const MEDIA_TYPES = {
  json: ['application/json', 'application/problem+json'],
  csv: ['text/csv'],
  svg: ['image/svg+xml'],
  png: ['image/png'],
  'vega-lite': ['application/vnd.vegalite+json', 'application/vnd.vegalite.v6+json', 'application/vnd.vegalite.v5+json'],
} as const;
export type Format = keyof typeof MEDIA_TYPES;

/** Accept header entries with their q (RFC 9110 12.5.1), most wanted first. */
function acceptEntries(accept: string): { type: string; q: number; order: number }[] {
  return accept
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((e) => e.type && e.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * The representation asked for among those `offered` (the first is the default): `?format=`
 * first, else the Accept header. An Accept that names none of them answers 406, listing them.
 */
export function requestedFormat<F extends Format>(c: Context, offered: readonly F[] = ['json', 'csv', 'svg'] as F[]): F {
  const format = c.req.query('format') as F | undefined;
  if (format && offered.includes(format)) return format;
  const accept = c.req.header('accept');
  if (!accept) return offered[0]!;
  for (const entry of acceptEntries(accept)) {
    if (entry.type === '*/*') return offered[0]!;
    const [major] = entry.type.split('/');
    const match = offered.find((f) =>
      MEDIA_TYPES[f].some((m) => m === entry.type || (entry.type.endsWith('/*') && m.startsWith(`${major}/`))),
    );
    if (match) return match;
  }
  throw new AppError(
    406,
    'Not acceptable',
    `This route cannot answer with ${accept}. It serves ${offered.map((f) => MEDIA_TYPES[f][0]).join(', ')}; or ask with ?format=${offered.join('|')}.`,
  );
}

/** CSV when asked by `?format=csv` or `Accept: text/csv` (and not overridden by `?format=json`). */
export function wantsCsv(c: Context): boolean {
  return requestedFormat(c, ['json', 'csv']) === 'csv';
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Unrounded: String() gives the shortest text that reads back as the same double.
  const s = typeof v === 'number' ? String(v) : Array.isArray(v) ? v.join(';') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One RFC 4180 record, CRLF-terminated: whole tables and streamed rows are made of the same records. */
export const csvRecord = (cells: readonly unknown[]): string => `${cells.map(cell).join(',')}\r\n`;

export function toCsv(table: Table): string {
  return csvRecord(table.columns) + table.rows.map(csvRecord).join('');
}

/** `?table=` among the named tables (the first is the default). @throws ValidationError for another name. */
export function csvTableName(c: Context, names: readonly string[]): string {
  const name = c.req.query('table') ?? names[0]!;
  if (!names.includes(name)) {
    throw new ValidationError(`Unknown table "${name}".`, [{ field: 'table', message: `must be one of ${names.join(', ')}` }]);
  }
  return name;
}

/** The headers of a CSV download of one table. */
export const csvHeaders = (fileStem: string, table: string): Record<string, string> => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${fileStem}_${table}.csv"`,
});

/** Picks `?table=` among the named tables (the first is the default) and answers with CSV. */
export function csvResponse(c: Context, fileStem: string, tables: Record<string, () => Table>, headers: Record<string, string> = {}) {
  const name = csvTableName(c, Object.keys(tables));
  return c.body(toCsv(tables[name]!()), 200, { ...headers, ...csvHeaders(fileStem, name) });
}

/** OpenAPI content entry for the CSV representation of a 200 response. */
export const csvContent = { 'text/csv': { schema: z.string().openapi({ description: 'RFC 4180 CSV, unrounded numbers' }) } };
