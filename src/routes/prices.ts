import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { addDays } from '../domain/trading-calendar.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import type { KeptAnswers } from './kept-answers.js';
import { conditional } from './conditional.js';
import { FormatQuery, csvContent, csvResponse, wantsCsv } from './representation.js';
import { IsoDate, Symbol, problems } from './schemas.js';

const BarSchema = z
  .object({
    date: z.string(),
    open: z.number().nullable(),
    high: z.number().nullable(),
    low: z.number().nullable(),
    close: z.number(),
    adj_close: z.number(),
    simple_return: z.number().nullable(),
    log_return: z.number().nullable(),
  })
  .openapi('DailyBar');

const route = createRoute({
  method: 'get',
  path: '/v1/prices/{symbol}',
  tags: ['prices'],
  summary: 'Daily bars with simple and log returns (from the adjusted close)',
  request: {
    params: z.object({ symbol: Symbol.openapi({ param: { name: 'symbol', in: 'path' }, example: 'PANW' }) }),
    query: z.object({
      from: IsoDate.optional().openapi({ description: 'First date (default: a year before `to`)' }),
      to: IsoDate.optional().openapi({ description: 'Last date (default: the last stored date)' }),
      ...FormatQuery,
    }),
  },
  responses: {
    200: {
      description: 'Bars in the range, oldest first',
      content: {
        'application/json': {
          schema: z.object({
            symbol: z.string(),
            from: z.string(),
            to: z.string(),
            bars: z.array(BarSchema),
            warnings: z.array(z.string()).optional(),
          }),
        },
        ...csvContent,
      },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    ...problems(400, 404),
  },
});

export function mountPrices(app: OpenAPIHono<AppEnv>, kept: KeptAnswers): void {
  app.openapi(route, async (c) => {
    const { symbol } = c.req.valid('param');
    const query = c.req.valid('query');
    const { prices, marketData } = c.var.deps;
    const fromAfterTo = (from: string, to: string) =>
      new ValidationError('`from` is after `to`.', [{ field: 'from', message: `${from} is after to=${to}` }]);
    if (query.from && query.to && query.from > query.to) throw fromAfterTo(query.from, query.to);
    let summary = (await prices.securities([symbol])).get(symbol);
    const warnings: string[] = [];
    if (marketData && (!summary || query.from || query.to)) {
      // Read-through: the source is asked only for what the store lacks in the range (an unknown
      // symbol: the last year); without a range, what is stored is the answer.
      const today = new Date((c.var.deps.now ?? Date.now)()).toISOString().slice(0, 10);
      const to = query.to && query.to < today ? query.to : today;
      try {
        await marketData.ensureDaily([symbol], query.from ?? addDays(to, -365), to);
      } catch (err) {
        // What is stored still answers; without anything stored the source's error does.
        if (!summary || !(err instanceof AppError)) throw err;
        warnings.push(`${err.message} — the stored prices (through ${summary.last_date}) are shown.`);
      }
      summary = (await prices.securities([symbol])).get(symbol);
    }
    if (!summary) {
      throw new NotFoundError(
        `No stored prices for ${symbol}. Import a directory with daily/${symbol}.csv (npm run import -- <dir>).`,
      );
    }
    const to = query.to ?? summary.last_date;
    const from = query.from ?? addDays(to, -365);
    if (from > to) throw fromAfterTo(from, to);
    const check = warnings.length
      ? { headers: { 'Cache-Control': 'no-store' } }
      : await conditional(c, { symbol, from, to, csv: wantsCsv(c), data: await prices.dataVersion() });
    if ('notModified' in check) return check.notModified;
    // Kept by ETag (symbol, range, data version): a chart polling one symbol is answered without a
    // query. Each DuckDB result is native memory that the collector frees late, and under load it
    // piles up (bench:soak).
    return kept.send(c, check.headers, async () => {
      const bars = await prices.daily(symbol, from, to);
      if (wantsCsv(c)) {
        const columns = ['date', 'open', 'high', 'low', 'close', 'adj_close', 'simple_return', 'log_return'] as const;
        const table = () => ({ columns: [...columns], rows: bars.map((b) => columns.map((k) => b[k])) });
        return csvResponse(c, `${symbol}_${from}_${to}`, { prices: table }, check.headers);
      }
      return c.json({ symbol, from, to, bars, ...(warnings.length ? { warnings } : {}) }, 200, check.headers);
    });
  });
}
