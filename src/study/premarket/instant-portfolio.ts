import { crossSectionalT } from '../../stats/parametric-tests.js';
import type { IntradayFigures } from './intraday-figures.js';
import type { InstantPortfolio } from './types.js';

/** The cross-section of abnormal moves at each instant label, in the order labels first appear. */
export function instantPortfolios(figures: readonly (IntradayFigures | { reason: string } | undefined)[]): InstantPortfolio[] {
  const byLabel = new Map<string, number[]>();
  for (const premarket of figures) {
    if (!premarket || !('instants' in premarket)) continue;
    for (const f of premarket.instants) {
      if (f.abnormal_move === null) continue;
      byLabel.set(f.label, [...(byLabel.get(f.label) ?? []), f.abnormal_move]);
    }
  }
  return [...byLabel.entries()].map(([label, xs]) => ({
    label,
    n: xs.length,
    mean_abnormal_move: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null,
    cross_sectional_t: crossSectionalT(xs),
  }));
}
