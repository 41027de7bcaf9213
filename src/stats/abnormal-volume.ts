/**
 * Abnormal log volume, mean-adjusted (Campbell & Wasley 1996): normal log volume is the
 * estimation-window mean, and each event day's abnormal log volume is tested against the
 * estimation window's dispersion (docs/conventions.md, "Abnormal volume").
 * Reference: test/reference/intl_study.R (`lm(log(volume) ~ 1)`), golden/intl-study.json.
 */
import { twoSidedStudentP } from './distributions.js';
import { computed, notComputed, type TestResult } from './test-result.js';

export type VolumeDay = { t: number; volume: number };

export type AbnormalVolume =
  | {
      n: number;
      df: number;
      mean: number;
      sigma: number;
      days: { t: number; log_volume: number; av: number; test: TestResult }[];
      /** Sum of AV over [a, b] with se = s sqrt(L + L²/M); null when a day is missing. */
      window: (a: number, b: number) => { cav: number; se: number; test: TestResult } | null;
      /** AV of the estimation days, for the group's portfolio t. */
      estimation: { t: number; av: number }[];
    }
  | { reason: string };

const isPositive = (d: VolumeDay) => Number.isFinite(d.volume) && d.volume > 0;

/**
 * @param estimation the listing's volumes on its estimation-window event days
 * @param event its volumes on the event-window days
 */
export function abnormalLogVolume(estimation: readonly VolumeDay[], event: readonly VolumeDay[]): AbnormalVolume {
  const bad = [...estimation, ...event].find((d) => !isPositive(d));
  if (bad) return { reason: `volume on event day ${bad.t} is ${bad.volume}: log volume needs volume > 0` };
  const m = estimation.length;
  if (m < 3) return { reason: `abnormal volume needs at least 3 estimation days with volume (M = ${m})` };
  const logE = estimation.map((d) => Math.log(d.volume));
  const mean = logE.reduce((s, v) => s + v, 0) / m;
  const df = m - 1;
  const sigma = Math.sqrt(logE.reduce((s, v) => s + (v - mean) ** 2, 0) / df);
  if (!(sigma > 0)) return { reason: 'abnormal volume: constant log volume in the estimation window' };
  const days = event.map((d) => {
    const av = Math.log(d.volume) - mean;
    const t = av / (sigma * Math.sqrt(1 + 1 / m));
    return { t: d.t, log_volume: Math.log(d.volume), av, test: computed(t, twoSidedStudentP(t, df)) };
  });
  const byT = new Map(days.map((d) => [d.t, d.av]));
  const window = (a: number, b: number) => {
    let cav = 0;
    for (let t = a; t <= b; t++) {
      const av = byT.get(t);
      if (av === undefined) return null;
      cav += av;
    }
    const l = b - a + 1;
    const se = sigma * Math.sqrt(l + (l * l) / m);
    return { cav, se, test: computed(cav / se, twoSidedStudentP(cav / se, df)) };
  };
  return { n: m, df, mean, sigma, days, window, estimation: estimation.map((d, i) => ({ t: d.t, av: logE[i]! - mean })) };
}

/**
 * Campbell & Wasley's portfolio t for a group: the group's mean AV on a day (or summed over a
 * window of L days, divided by sqrt(L)) over S, the standard deviation (M_E - 1) of the group's
 * daily mean AV across the estimation event days; p from t(M_E - 1).
 */
export function campbellWasleyT(groupEstimation: readonly { t: number; av: number }[], meanAv: number, days = 1): TestResult {
  const byT = new Map<number, number[]>();
  for (const { t, av } of groupEstimation) {
    const list = byT.get(t);
    if (list) list.push(av);
    else byT.set(t, [av]);
  }
  const aav = [...byT.values()].map((v) => v.reduce((s, x) => s + x, 0) / v.length);
  const me = aav.length;
  if (me < 2) return notComputed(`Campbell-Wasley t needs at least 2 estimation days (M_E = ${me})`);
  const mean = aav.reduce((s, v) => s + v, 0) / me;
  const s = Math.sqrt(aav.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (me - 1));
  if (!(s > 0)) return notComputed('Campbell-Wasley t: constant mean abnormal volume in the estimation window');
  const t = meanAv / (Math.sqrt(days) * s);
  return computed(t, twoSidedStudentP(t, me - 1));
}
