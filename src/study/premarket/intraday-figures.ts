import type { DailyContext, IntradayBar } from '../premarket-source.js';
import { abnormalAt, type Betas } from './abnormal-move.js';
import { EXCHANGE_TZ, iso, localTime, zonedMs } from './exchange-clock.js';
import { figureAt, type BarFigure } from './figure-at.js';
import type { Unavailable } from './previous-close.js';
import { finestSeries, seriesFigures, type Series, type SeriesFigures } from './series-figures.js';

export type PathPoint = { time: string; at: string; session: string; price: number; move: number | null };

export type InstantFigure = {
  label: string;
  instant: string;
  local_time: string;
  security: BarFigure | Unavailable;
  benchmark: BarFigure | Unavailable;
  /** Before the open: move - beta_on * benchmark move. After: abnormal gap + (move since open - beta_id * benchmark's). */
  abnormal_move: number | null;
  abnormal_reason?: string;
};

export type IntradayFigures = {
  date: string;
  time_zone: string;
  security: SeriesFigures;
  benchmark: SeriesFigures | { symbol: string; reason: string };
  betas: Betas;
  instants: InstantFigure[];
  opening_gap: { security: number | null; benchmark: number | null; abnormal: number | null };
  session: { security_move_from_open: number | null; benchmark_move_from_open: number | null; abnormal: number | null; through: string | null };
  path?: { security: PathPoint[]; benchmark: PathPoint[] };
};

/**
 * Day-0 intraday figures of a security against its benchmark at the given instants.
 * `instants`: label -> epoch ms (e.g. announcement, +30m, +60m, 09:29).
 */
export function intradayFigures(input: {
  date: string;
  symbol: string;
  benchmark: string;
  bars: readonly IntradayBar[];
  context: Map<string, DailyContext>;
  instants: { label: string; ms: number }[];
  betas: Betas;
  includePath: boolean;
}): IntradayFigures | { reason: string } {
  const stock = seriesFigures(input.symbol, finestSeries(input.bars, input.symbol, input.date), input.context.get(input.symbol));
  if (!('info' in stock)) return { reason: stock.reason };
  const benchRaw = seriesFigures(input.benchmark, finestSeries(input.bars, input.benchmark, input.date), input.context.get(input.benchmark));
  const bench = 'info' in benchRaw ? benchRaw : null;
  const openMs = zonedMs(input.date, '09:30');
  const instants = input.instants.map((x): InstantFigure => {
    const sf = figureAt(stock, x.ms);
    const bf: BarFigure | Unavailable = bench ? figureAt(bench, x.ms) : { price: null, reason: (benchRaw as { reason: string }).reason };
    const abn = abnormalAt(stock, bench, sf, bf, x.ms, input.betas, openMs);
    return {
      label: x.label,
      instant: iso(x.ms),
      local_time: localTime(x.ms),
      security: sf,
      benchmark: bf,
      abnormal_move: abn.value,
      ...(abn.reason ? { abnormal_reason: abn.reason } : {}),
    };
  });
  const gapS = stock.info.gap;
  const gapB = bench?.info.gap ?? null;
  const sessS = stock.info.session?.move_from_open ?? null;
  const sessB = bench?.info.session?.move_from_open ?? null;
  const sameEnd = stock.info.session && bench?.info.session && stock.info.session.last_bar_time === bench.info.session.last_bar_time;
  return {
    date: input.date,
    time_zone: EXCHANGE_TZ,
    security: stock.info,
    benchmark: bench ? bench.info : { symbol: input.benchmark, reason: (benchRaw as { reason: string }).reason },
    betas: input.betas,
    instants,
    opening_gap: {
      security: gapS,
      benchmark: gapB,
      abnormal: gapS !== null && gapB !== null && input.betas.overnight !== null ? gapS - input.betas.overnight * gapB : null,
    },
    session: {
      security_move_from_open: sessS,
      benchmark_move_from_open: sessB,
      abnormal: sessS !== null && sessB !== null && sameEnd && input.betas.intraday !== null ? sessS - input.betas.intraday * sessB : null,
      through: stock.info.session?.last_bar_time ?? null,
    },
    ...(input.includePath ? { path: { security: pathOf(stock), benchmark: bench ? pathOf(bench) : [] } } : {}),
  };
}

/** The bar-by-bar path of a series, starting from its previous close when there is one. */
function pathOf(s: Series): PathPoint[] {
  const start: PathPoint[] =
    s.prev === null
      ? []
      : [{ time: 'previous close', at: s.info.previous_close.price === null ? '' : (s.info.previous_close as { date: string }).date, session: 'close', price: s.prev, move: 0 }];
  return start.concat(
    s.bars.map((b) => ({ time: b.local_time, at: iso(b.ms), session: b.session, price: b.close, move: s.prev !== null ? b.close / s.prev - 1 : null })),
  );
}
