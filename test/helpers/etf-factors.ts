import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED as SHARED_MARKET_DATA } from './paths.js';

/** Simple returns from a daily CSV's consecutive adjusted closes, by date. */
function returnsOf(symbol: string): Map<string, number> {
  const lines = readFileSync(join(SHARED_MARKET_DATA, 'daily', `${symbol}.csv`), 'utf8').trim().split('\n').slice(1);
  const out = new Map<string, number>();
  let prev: number | undefined;
  for (const line of lines) {
    const cells = line.split(',');
    const close = Number(cells[4]);
    if (prev !== undefined) out.set(cells[0]!, close / prev - 1);
    prev = close;
  }
  return out;
}

/**
 * Writes `factors/etf4.csv` into `dir`: ETF-based proxies of four factors built from the real
 * shared daily data (not Fama-French data, which is not available here): MKT = r_SPY,
 * SMB = r_IWM - r_SPY, HML = r_VTV - r_VUG, MOM = r_MTUM - r_SPY. The same rule as
 * test/reference/factor_study.R, so both sides regress on identical numbers.
 */
export function writeEtfFactors(dir: string): void {
  const [spy, iwm, vtv, vug, mtum] = ['SPY', 'IWM', 'VTV', 'VUG', 'MTUM'].map(returnsOf) as Map<string, number>[];
  const rows = ['date,MKT,SMB,HML,MOM'];
  for (const [date, m] of spy!) {
    const [a, b, c, d] = [iwm!.get(date), vtv!.get(date), vug!.get(date), mtum!.get(date)];
    if (a === undefined || b === undefined || c === undefined || d === undefined) continue;
    rows.push([date, m, a - m, b - c, d - m].join(','));
  }
  mkdirSync(join(dir, 'factors'), { recursive: true });
  writeFileSync(join(dir, 'factors', 'etf4.csv'), rows.join('\n') + '\n');
}
