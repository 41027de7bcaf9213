import { studentTQuantile } from '../stats/distributions.js';
import type { StudyResult } from '../study/run-study.js';

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
 * The chart's data from a study result. The mean and its 95% interval come from the
 * cross-section of the rebased CARs (t(N−1) quantile; none for one security), which ignores
 * cross-correlation: the caption says so, and the study's headline test is the one to quote.
 * TODO(arch): read mean and interval from the study result once it carries them.
 */
export function carChartDataFromStudy(result: StudyResult, event?: { announced_at?: string | null; session?: string | null }): CarChartData {
  const ok = result.securities.flatMap((s) => (s.status === 'ok' ? [s] : []));
  const paths = ok.map((s) => ({ symbol: s.symbol, points: rebasedPath(s.days) })).filter((p) => p.points.length > 0);
  const ts = [...new Set(paths.flatMap((p) => p.points.map((x) => x.t)))].sort((a, b) => a - b);
  const mean = ts.map((t): MeanBand => {
    const cars = paths.flatMap((p) => p.points.filter((x) => x.t === t).map((x) => x.car));
    const m = cars.reduce((a, b) => a + b, 0) / cars.length;
    if (cars.length < 2 || t === -1) return { t, mean: m, lo: m, hi: m, n: cars.length };
    const sd = Math.sqrt(cars.reduce((a, c) => a + (c - m) ** 2, 0) / (cars.length - 1));
    const half = (studentTQuantile(0.975, cars.length - 1) * sd) / Math.sqrt(cars.length);
    return { t, mean: m, lo: m - half, hi: m + half, n: cars.length };
  });
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
