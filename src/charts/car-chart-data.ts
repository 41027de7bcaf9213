import type { ComputedStudy } from '../study/run-study.js';

/** One security's CAR path, rebased so that it is 0 at the close before day 0 (t = −1). */
export type CarPath = { symbol: string; points: { t: number; car: number }[] };

/** The mean rebased CAR on day t and its interval (lo = hi = mean when there is none). */
export type MeanBand = { t: number; mean: number; lo: number; hi: number; n: number };

/** Everything the CAR chart plots; the chart computes nothing statistical itself. */
export type CarChartData = {
  window: [number, number];
  paths: CarPath[];
  mean: MeanBand[];
  /** What the band is, for the caption, e.g. "95% interval of the mean (cross-sectional t)". */
  bandLabel: string | null;
  day0: string | null;
  /** ISO timestamp of the news, if known, and the session it fell in. */
  announcedAt: string | null;
  session: string | null;
  model: string;
  benchmark: string;
  estimation: [number, number];
  returns: string;
};

/** A security's running CAR rebased to its value at t = −1 (0 when the window starts after −1). */
export function rebasedPath(days: readonly { t: number; car: number }[]): { t: number; car: number }[] {
  const anchor = days.find((d) => d.t === -1)?.car ?? (days[0] && days[0].t >= 0 ? 0 : undefined);
  if (anchor === undefined) return [];
  const points = days.map((d) => ({ t: d.t, car: d.car - anchor }));
  if (!points.some((p) => p.t === -1)) points.unshift({ t: -1, car: 0 });
  return points;
}

/**
 * The chart's data from a computed study: each security's rebased path, and the mean with its 95%
 * interval as the study computed it (`carBand`: cross-section of the rebased CARs, t(N−1)
 * quantile, none for one security), which ignores cross-correlation: the caption says so, and the
 * study's headline test is the one to quote.
 */
export function carChartDataFromStudy(study: ComputedStudy, event?: { announced_at?: string | null; session?: string | null }): CarChartData {
  const { result } = study;
  const ok = result.securities.flatMap((s) => (s.status === 'ok' ? [s] : []));
  const paths = ok.map((s) => ({ symbol: s.symbol, points: rebasedPath(s.days) })).filter((p) => p.points.length > 0);
  const band = study.carBand.filter((b) => b.n > 0);
  const mean = [
    ...(band.length && band[0]!.t > -1 && paths.some((p) => p.points[0]!.t === -1) ? [{ t: -1, mean: 0, lo: 0, hi: 0, n: paths.length }] : []),
    ...band.map((b): MeanBand => ({ t: b.t, mean: b.mean, lo: b.mean - b.half, hi: b.mean + b.half, n: b.n })),
  ];
  const p = result.params;
  return {
    window: p.window as [number, number],
    paths,
    mean,
    bandLabel: paths.length > 1 ? '95% interval of the mean (cross-sectional t, ignores cross-correlation)' : null,
    day0: ok[0]?.day0 ?? null,
    announcedAt: event?.announced_at ?? null,
    session: event?.session ?? null,
    model: String(p.model),
    benchmark: String(p.benchmark ?? ok[0]?.benchmark ?? ''),
    estimation: p.estimation as [number, number],
    returns: String(p.returns),
  };
}
