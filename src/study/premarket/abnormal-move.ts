import type { BarFigure } from './figure-at.js';
import type { Unavailable } from './previous-close.js';
import type { Series } from './series-figures.js';

export type Betas = { overnight: number | null; intraday: number | null; source: string };

/**
 * The abnormal move of the security at an instant. Before the open: move - beta_on * benchmark
 * move. After it: abnormal gap + (move since open - beta_id * benchmark's move since open).
 */
export function abnormalAt(
  stock: Series,
  bench: Series | null,
  sf: BarFigure | Unavailable,
  bf: BarFigure | Unavailable,
  instant: number,
  betas: Betas,
  openMs: number,
): { value: number | null; reason?: string } {
  if (sf.price === null) return { value: null, reason: 'no security price at this instant' };
  if (!bench || bf.price === null) return { value: null, reason: 'no benchmark price at this instant' };
  if (sf.move === null || bf.move === null) return { value: null, reason: 'a previous close is unavailable' };
  if (instant < openMs || sf.session === 'pre') {
    if (betas.overnight === null) return { value: null, reason: 'no overnight beta' };
    return { value: sf.move - betas.overnight * bf.move };
  }
  if (betas.overnight === null || betas.intraday === null) return { value: null, reason: 'no overnight/intraday betas' };
  if (stock.info.gap === null || bench.info.gap === null || stock.open === null || bench.open === null) {
    return { value: null, reason: 'no 09:30 open for the security or the benchmark' };
  }
  const abnGap = stock.info.gap - betas.overnight * bench.info.gap;
  return { value: abnGap + (sf.price / stock.open - 1) - betas.intraday * (bf.price / bench.open - 1) };
}
