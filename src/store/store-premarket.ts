import type { SessionBar } from '../domain/bars.js';
import { listValue } from '@duckdb/node-api';
import type {
  DailyContext,
  DailyCoverage,
  OvernightColumns,
  OvernightRequest,
  PremarketSource,
  QuotesFn,
} from '../study/premarket-source.js';
import type { QueryRunner } from './duckdb-store.js';

/** The premarket study's reads over DuckDB; `quotes` is an injected live-quote provider, if any. */
export class StorePremarket implements PremarketSource {
  readonly quotes?: QuotesFn;

  constructor(
    private readonly db: QueryRunner,
    options: { quotes?: QuotesFn } = {},
  ) {
    if (options.quotes) this.quotes = options.quotes;
  }

  overnightReturns(req: OvernightRequest): Promise<OvernightColumns> {
    return this.db.columns<OvernightColumns>('overnight-abnormal-returns', {
      keys: listValue(req.items.map((i) => i.key)),
      symbols: listValue(req.items.map((i) => i.symbol)),
      benchmarks: listValue(req.items.map((i) => i.benchmark)),
      day0s: listValue(req.items.map((i) => i.day0)),
      log: req.returns === 'log',
      est_start: req.estimation[0],
      est_end: req.estimation[1],
      win_start: req.window[0],
      win_end: req.window[1],
    });
  }

  async dailyCoverage(symbols: readonly string[]): Promise<Map<string, DailyCoverage>> {
    if (symbols.length === 0) return new Map();
    const rows = await this.db.all<DailyCoverage>('premarket-daily-coverage', { symbols: listValue([...new Set(symbols)]) });
    return new Map(rows.map((r) => [r.symbol, r]));
  }

  async dailyContext(symbols: readonly string[], date: string): Promise<Map<string, DailyContext>> {
    if (symbols.length === 0) return new Map();
    const rows = await this.db.all<DailyContext>('premarket-daily-context', { symbols: listValue([...new Set(symbols)]), date });
    return new Map(rows.map((r) => [r.symbol, r]));
  }

  async intradayBars(symbols: readonly string[], from: string, to: string, timeZone: string): Promise<SessionBar[]> {
    if (symbols.length === 0) return [];
    return this.db.all<SessionBar>('intraday-bars', { symbols: listValue([...new Set(symbols)]), from, to, timezone: timeZone });
  }
}
