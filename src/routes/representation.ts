import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { Table } from '../domain/table.js';
import { ValidationError } from '../errors.js';


export const FormatQuery = {
  format: z.enum(['json', 'csv']).optional().openapi({ description: 'Response format; `Accept: text/csv` also selects CSV' }),
};

/** CSV when asked by `?format=csv` or `Accept: text/csv` (and not overridden by `?format=json`). */
export function wantsCsv(c: Context): boolean {
  const format = c.req.query('format');
  if (format) return format === 'csv';
  return /\btext\/csv\b/.test(c.req.header('accept') ?? '');
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

/** OpenAPI content entry for the CSV representation of a 200 response. */
export const csvContent = { 'text/csv': { schema: z.string().openapi({ description: 'RFC 4180 CSV, unrounded numbers' }) } };
