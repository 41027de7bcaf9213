import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { Table } from '../domain/table.js';
import { ValidationError } from '../errors.js';


export const FormatQuery = {
  format: z.enum(['json', 'csv']).optional().openapi({ description: 'Response format; `Accept: text/csv` also selects CSV' }),
};

/** The representation asked for: `?format=` first, else the Accept header, else JSON. */
export function requestedFormat(c: Context): 'json' | 'csv' | 'svg' {
  const format = c.req.query('format');
  if (format === 'csv' || format === 'svg' || format === 'json') return format;
  const accept = c.req.header('accept') ?? '';
  if (/\btext\/csv\b/.test(accept)) return 'csv';
  if (/\bimage\/svg\+xml\b/.test(accept)) return 'svg';
  return 'json';
}

/** CSV when asked by `?format=csv` or `Accept: text/csv` (and not overridden by `?format=json`). */
export function wantsCsv(c: Context): boolean {
  return requestedFormat(c) === 'csv';
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Unrounded: String() gives the shortest text that reads back as the same double.
  const s = typeof v === 'number' ? String(v) : Array.isArray(v) ? v.join(';') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(table: Table): string {
  return [table.columns.join(','), ...table.rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

/** Picks `?table=` among the named tables (the first is the default) and answers with CSV. */
export function csvResponse(c: Context, fileStem: string, tables: Record<string, () => Table>, headers: Record<string, string> = {}) {
  const names = Object.keys(tables);
  const name = c.req.query('table') ?? names[0]!;
  const build = tables[name];
  if (!build) {
    throw new ValidationError(`Unknown table "${name}".`, [{ field: 'table', message: `must be one of ${names.join(', ')}` }]);
  }
  return c.body(toCsv(build()), 200, {
    ...headers,
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileStem}_${name}.csv"`,
  });
}

/** A chart for publication (studies): `?format=svg` or `Accept: image/svg+xml`. */
export const ChartFormatQuery = {
  format: z
    .enum(['json', 'csv', 'svg'])
    .optional()
    .openapi({ description: 'Response format: JSON, CSV (see `table`) or an SVG chart of the CARs; the Accept header also selects' }),
};

export const svgContent = { 'image/svg+xml': { schema: z.string().openapi({ description: 'SVG line chart: CAR per security, CAAR with a 95% band' }) } };

/** OpenAPI content entry for the CSV representation of a 200 response. */
export const csvContent = { 'text/csv': { schema: z.string().openapi({ description: 'RFC 4180 CSV, unrounded numbers' }) } };
