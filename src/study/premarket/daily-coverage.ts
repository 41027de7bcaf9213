import type { DailyCoverage } from '../premarket-source.js';

/** What a security's stored daily prices hold, as reported in `data.daily`. */
export type DailyKind = 'adjusted OHLC' | 'close only' | 'raw + adjusted close' | 'none';

/** True when the symbol has stored daily rows with an open: the overnight/intraday split needs them. */
export function hasOpens(coverage: ReadonlyMap<string, DailyCoverage>, symbol: string): boolean {
  return (coverage.get(symbol)?.rows_with_open ?? 0) > 0;
}

export function dailyKind(cov: DailyCoverage | undefined): DailyKind {
  return !cov ? 'none' : cov.rows_with_open === 0 ? 'close only' : cov.raw_close ? 'raw + adjusted close' : 'adjusted OHLC';
}
