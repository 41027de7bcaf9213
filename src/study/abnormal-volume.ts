/**
 * Abnormal log volume of the studied security-events where the store holds volume (A-shares do;
 * the US files do not), on each listing's own event time, and per group (docs/conventions.md,
 * "Abnormal volume"). Statistics: stats/abnormal-volume.ts; reference test/reference/intl_study.R.
 */
import { abnormalLogVolume, campbellWasleyT, type AbnormalVolume, type VolumeDay } from '../stats/abnormal-volume.js';
import { crossSectionalT } from '../stats/parametric-tests.js';
import { notComputed, type TestResult } from '../stats/test-result.js';
import { firstOnOrAfter, toEpochDay } from './aligned-series.js';
import type { Window } from './params.js';
import type { SecurityEvidence } from './security-result.js';
import type { VolumeSource } from './stored-window.js';


export type SecurityVolume =
  | {
      n: number;
      df: number;
      mean: number;
      sigma: number;
      days: { t: number; date: string; log_volume: number; av: number; av_t: number | null; av_p: number | null }[];
      windows: { window: Window; cav: number | null; se: number | null; t: number | null; p: number | null }[];
    }
  | { reason: string };

export type GroupVolume = {
  members: string[];
  days: { t: number; n: number; aav: number; cross_sectional_t: TestResult; campbell_wasley_t: TestResult }[];
  windows: { window: Window; n: number; caav: number | null; cross_sectional_t: TestResult; campbell_wasley_t: TestResult }[];
};

/** One security-event's abnormal volume: the response part and what its group needs. */
export type VolumeEvidence = { id: string; result: SecurityVolume; fit: Extract<AbnormalVolume, { n: number }> | null };

/**
 * Abnormal log volume per studied security-event that has stored volume in both its estimation
 * and its event window (undefined otherwise: no volume, nothing said).
 */
export async function securityVolumes(
  source: VolumeSource | undefined,
  studied: readonly { id: string; symbol: string; evidence: SecurityEvidence }[],
  estimation: Window,
  carWindows: readonly Window[],
): Promise<(VolumeEvidence | undefined)[]> {
  if (!source || studied.length === 0) return studied.map(() => undefined);
  const stored = await source.volumes(
    studied.map(({ symbol, evidence }) => ({ symbol, from: evidence.estimationAr.days[0]!, to: toEpochDay(evidence.days.at(-1)!.date) })),
  );
  return studied.map((s, i): VolumeEvidence | undefined => {
    const stock = stored[i]!;
    if (stock.dates.length === 0) return undefined; // no stored volume: nothing to date or say
    const { evidence } = s;
    // Event time of each estimation date: the estimation rows in the order they were fitted.
    const ts = Array.from(evidence.ranked.t).filter((t) => t >= estimation[0] && t <= estimation[1]);
    const estDays = Array.from(evidence.estimationAr.days, (day, j) => ({ day, t: ts[j]! }));
    const pick = (rows: readonly { t: number; day: number }[]) =>
      rows.flatMap((r): VolumeDay[] => {
        const at = firstOnOrAfter(stock.dates, r.day);
        return stock.dates[at] === r.day ? [{ t: r.t, volume: stock.volumes[at]! }] : [];
      });
    const est = pick(estDays);
    const event = pick(evidence.days.map((d) => ({ t: d.t, day: toEpochDay(d.date) })));
    if (est.length === 0 || event.length === 0) return undefined;
    const fit = abnormalLogVolume(est, event);
    if ('reason' in fit) return { id: s.id, result: { reason: fit.reason }, fit: null };
    const dateOf = new Map(evidence.days.map((d) => [d.t, d.date]));
    return {
      id: s.id,
      fit,
      result: {
        n: fit.n,
        df: fit.df,
        mean: fit.mean,
        sigma: fit.sigma,
        days: fit.days.map((d) => ({ t: d.t, date: dateOf.get(d.t)!, log_volume: d.log_volume, av: d.av, av_t: d.test.statistic, av_p: d.test.p })),
        windows: carWindows.map((w) => {
          const x = fit.window(w[0], w[1]);
          return x ? { window: w, cav: x.cav, se: x.se, t: x.test.statistic, p: x.test.p } : { window: w, cav: null, se: null, t: null, p: null };
        }),
      },
    };
  });
}

/** A group's mean abnormal volume per event day and CAR window, with the cross-sectional and Campbell-Wasley t; null without volume. */
export function groupVolume(members: readonly (VolumeEvidence | undefined)[], window: Window, carWindows: readonly Window[]): GroupVolume | null {
  const fitted = members.flatMap((m) => (m?.fit ? [{ id: m.id, fit: m.fit }] : []));
  if (fitted.length === 0) return null;
  const estimation = fitted.flatMap((m) => m.fit.estimation);
  const mean = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const days: GroupVolume['days'] = [];
  for (let t = window[0]; t <= window[1]; t++) {
    const av = fitted.flatMap((m) => m.fit.days.filter((d) => d.t === t).map((d) => d.av));
    if (av.length === 0) continue;
    days.push({ t, n: av.length, aav: mean(av), cross_sectional_t: crossSectionalT(av), campbell_wasley_t: campbellWasleyT(estimation, mean(av)) });
  }
  const windows = carWindows.map((w) => {
    const cav = fitted.flatMap((m) => {
      const x = m.fit.window(w[0], w[1]);
      return x ? [x.cav] : [];
    });
    const caav = cav.length ? mean(cav) : null;
    return {
      window: w,
      n: cav.length,
      caav,
      cross_sectional_t: crossSectionalT(cav),
      campbell_wasley_t: caav === null ? notComputed('no member has volume on every day of the window') : campbellWasleyT(estimation, caav, w[1] - w[0] + 1),
    };
  });
  return { members: fitted.map((m) => m.id), days, windows };
}
