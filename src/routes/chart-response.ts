import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import type { Chart } from '../charts/study-charts.js';
import { CHART_WIDTH, type ChartText } from '../charts/svg-canvas.js';
import { ServiceUnavailableError, ValidationError } from '../errors.js';
import { requestedFormat, type Format } from './representation.js';

/** The formats of a route that answers with data (JSON, CSV) or a chart of it. */
export const CHART_FORMATS = ['svg', 'png', 'vega-lite'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];
export const DATA_AND_CHART_FORMATS = ['json', 'csv', ...CHART_FORMATS] as const;

/** Query fields of routes that can answer with a chart. */
export const ChartQuery = {
  format: z
    .enum(DATA_AND_CHART_FORMATS)
    .optional()
    .openapi({ description: 'JSON, CSV (see `table`), or a chart: SVG, PNG (twice the SVG\'s pixel size) or a Vega-Lite v6 spec. The Accept header also selects.' }),
  title: z.string().max(300).optional().openapi({ description: "Chart title (default: the study's finding)" }),
  subtitle: z.string().max(500).optional().openapi({ description: 'Chart subtitle (default: what is plotted, against which benchmark and model)' }),
  source: z.string().max(300).optional().openapi({ description: 'Chart source line (default: price and news sources)' }),
  width: z.coerce
    .number()
    .int()
    .min(CHART_WIDTH.min)
    .max(CHART_WIDTH.max)
    .optional()
    .openapi({ description: `Chart width in px (${CHART_WIDTH.min}-${CHART_WIDTH.max}, default ${CHART_WIDTH.default}); the layout adapts below 560` }),
};
const PRESENTATION_KEYS = ['format', 'table', 'title', 'subtitle', 'source', 'width'] as const;

/** The query without the fields that only choose the representation (they do not change the study). */
export function studyFieldsOf<Q extends Record<string, unknown>>(query: Q): Omit<Q, (typeof PRESENTATION_KEYS)[number]> {
  const rest: Record<string, unknown> = { ...query };
  for (const k of PRESENTATION_KEYS) delete rest[k];
  return rest as Omit<Q, (typeof PRESENTATION_KEYS)[number]>;
}

/** The representation asked for, for routes that serve data and charts (406 for anything else). */
export function dataOrChartFormat(c: Context): Format {
  return requestedFormat(c, DATA_AND_CHART_FORMATS);
}

export const isChartFormat = (f: Format): f is ChartFormat => (CHART_FORMATS as readonly string[]).includes(f);

/** What identifies a representation for its ETag: the format and every presentation parameter. */
export function representationKey(c: Context, format: Format, defaultTable: string) {
  return {
    format,
    table: format === 'csv' ? (c.req.query('table') ?? defaultTable) : null,
    ...(isChartFormat(format) ? Object.fromEntries(['title', 'subtitle', 'source', 'width'].map((k) => [k, c.req.query(k) ?? null])) : {}),
  };
}

function chartText(c: Context, defaults: ChartText): ChartText {
  const width = c.req.query('width');
  const parsed = width === undefined ? undefined : Number(width);
  if (parsed !== undefined && !(Number.isInteger(parsed) && parsed >= CHART_WIDTH.min && parsed <= CHART_WIDTH.max)) {
    throw new ValidationError('Invalid chart width.', [{ field: 'width', message: `must be a whole number of px from ${CHART_WIDTH.min} to ${CHART_WIDTH.max}` }]);
  }
  const given = (k: 'title' | 'subtitle' | 'source') => {
    const v = c.req.query(k);
    return v === undefined ? defaults[k] : v.trim() || defaults[k];
  };
  return { ...defaults, title: given('title') ?? defaults.title, subtitle: given('subtitle'), source: given('source') ?? defaults.source, width: parsed ?? defaults.width };
}

/** Answers with the chart in the asked format, named for download. */
export async function chartResponse(c: Context<AppEnv>, format: ChartFormat, chart: Chart, headers: Record<string, string> = {}): Promise<Response> {
  const text = chartText(c, chart.defaults);
  const disposition = (ext: string) => `inline; filename="${chart.stem}.${ext}"`;
  if (format === 'vega-lite') {
    return c.body(JSON.stringify(chart.vegaLite(text), null, 2), 200, {
      ...headers,
      'content-type': 'application/vnd.vegalite.v6+json; charset=utf-8',
      'content-disposition': disposition('vl.json'),
    });
  }
  const { svg } = chart.svg(text);
  if (format === 'svg') {
    return c.body(svg, 200, { ...headers, 'content-type': 'image/svg+xml; charset=utf-8', 'content-disposition': disposition('svg') });
  }
  const render = c.var.deps.renderPng;
  if (!render) throw new ServiceUnavailableError('This deployment cannot render PNG; ask for ?format=svg, or use the Node server.');
  const png = await render(svg);
  return c.body(png as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-type': 'image/png', 'content-disposition': disposition('png') });
}

/** OpenAPI content entries for the chart representations of a 200 response. */
export const chartContent = {
  'image/svg+xml': { schema: z.string().openapi({ description: 'SVG chart' }) },
  'image/png': { schema: z.string().openapi({ format: 'binary', description: 'PNG chart (twice the SVG pixel size)' }) },
  'application/vnd.vegalite.v6+json': { schema: z.record(z.string(), z.unknown()).openapi({ description: 'Vega-Lite v6 spec with inline data' }) },
};
