/**
 * Abnormal log volume against the R reference (golden/intl-study.json) on the real A-share
 * volumes of the shared international data, with the listing's own aligned event time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abnormalLogVolume, campbellWasleyT, type VolumeDay } from '../../src/stats/abnormal-volume.js';
import { ROOT } from '../helpers/paths.js';
import { expectClose } from '../helpers/tolerance.js';

const INTL = resolve(ROOT, '../shared/market-data-intl/daily');
type RT = { statistic: number | null; p: number | null };
const golden = JSON.parse(readFileSync(resolve(ROOT, 'test/reference/golden/intl-study.json'), 'utf8')) as {
  listings: {
    symbol: string;
    benchmark: string;
    day0?: string;
    volume?: { n: number; df: number; mean: number; sigma: number; days: { t: number; av: number; av_t: number; av_p: number }[]; windows: { window: [number, number]; cav: number; se: number; t: number; p: number }[] } | null;
  }[];
  groups: { name: string; volume: { days: { t: number; aav: number; campbell_wasley_t: RT }[]; windows: { window: [number, number]; caav: number; campbell_wasley_t: RT }[] } | null }[];
};

/** Rows of a daily file: date -> [previous date, volume]. */
function rows(symbol: string): Map<string, { prev: string; volume: number }> {
  const lines = readFileSync(resolve(INTL, `${symbol}.csv`), 'utf8').trim().split(/\r?\n/);
  const col = lines[0]!.split(',').indexOf('volume');
  const out = new Map<string, { prev: string; volume: number }>();
  for (let i = 2; i < lines.length; i++) {
    const f = lines[i]!.split(',');
    out.set(f[0]!, { prev: lines[i - 1]!.split(',')[0]!, volume: Number(f[col]) });
  }
  return out;
}

/** The listing's volumes by event time on the dates it and its benchmark both have a return over the same interval. */
function eventTimeVolumes(symbol: string, benchmark: string, day0: string): { estimation: VolumeDay[]; event: VolumeDay[] } {
  const s = rows(symbol);
  const b = rows(benchmark);
  const dates = [...s.keys()].filter((d) => b.get(d)?.prev === s.get(d)!.prev).sort();
  const p0 = dates.indexOf(day0);
  const at = (t: number): VolumeDay => ({ t, volume: s.get(dates[p0 + t]!)!.volume });
  const range = (a: number, z: number) => Array.from({ length: z - a + 1 }, (_, i) => a + i).filter((t) => p0 + t >= 0 && p0 + t < dates.length);
  return { estimation: range(-250, -11).map(at), event: range(-5, 5).map(at) };
}

describe.skipIf(!existsSync(INTL))('abnormal log volume vs R (intl_study.R)', () => {
  const withVolume = golden.listings.filter((l) => l.volume);

  it('matches every A-share: mean, sigma, daily AV with its t and p, and window sums', () => {
    expect(withVolume.map((l) => l.symbol)).toHaveLength(7);
    for (const l of withVolume) {
      const { estimation, event } = eventTimeVolumes(l.symbol, l.benchmark, l.day0!);
      const r = abnormalLogVolume(estimation, event);
      if ('reason' in r) throw new Error(r.reason);
      const g = l.volume!;
      expect([r.n, r.df]).toEqual([g.n, g.df]);
      expectClose(r.mean, g.mean, `${l.symbol} mean`);
      expectClose(r.sigma, g.sigma, `${l.symbol} sigma`);
      g.days.forEach((d, i) => {
        expectClose(r.days[i]!.av, d.av, `${l.symbol} av t=${d.t}`);
        expectClose(r.days[i]!.test.statistic, d.av_t, `${l.symbol} av_t t=${d.t}`);
        expectClose(r.days[i]!.test.p, d.av_p, `${l.symbol} av_p t=${d.t}`);
      });
      for (const w of g.windows) {
        const got = r.window(w.window[0], w.window[1])!;
        expectClose(got.cav, w.cav, `${l.symbol} cav ${w.window}`);
        expectClose(got.se, w.se, `${l.symbol} se ${w.window}`);
        expectClose(got.test.statistic, w.t, `${l.symbol} t ${w.window}`);
        expectClose(got.test.p, w.p, `${l.symbol} p ${w.window}`);
      }
    }
  });

  it("matches the domestic group's Campbell-Wasley portfolio t on each day and window", () => {
    const fits = withVolume.map((l) => {
      const { estimation, event } = eventTimeVolumes(l.symbol, l.benchmark, l.day0!);
      const r = abnormalLogVolume(estimation, event);
      if ('reason' in r) throw new Error(r.reason);
      return r;
    });
    const pooledEstimation = fits.flatMap((f) => f.estimation);
    const g = golden.groups.find((x) => x.name === 'domestic_beneficiary')!.volume!;
    for (const d of g.days) {
      const aav = fits.reduce((s, f) => s + f.days.find((x) => x.t === d.t)!.av, 0) / fits.length;
      expectClose(aav, d.aav, `aav t=${d.t}`);
      const cw = campbellWasleyT(pooledEstimation, aav);
      expectClose(cw.statistic, d.campbell_wasley_t.statistic, `cw t=${d.t}`);
      expectClose(cw.p, d.campbell_wasley_t.p, `cw p t=${d.t}`);
    }
    for (const w of g.windows) {
      const caav = fits.reduce((s, f) => s + f.window(w.window[0], w.window[1])!.cav, 0) / fits.length;
      expectClose(caav, w.caav, `caav ${w.window}`);
      const cw = campbellWasleyT(pooledEstimation, caav, w.window[1] - w.window[0] + 1);
      expectClose(cw.statistic, w.campbell_wasley_t.statistic, `cw ${w.window}`);
    }
  });

  it('refuses zero volume and too short a window, with the reason', () => {
    expect(abnormalLogVolume([{ t: -20, volume: 0 }], [])).toEqual({ reason: 'volume on event day -20 is 0: log volume needs volume > 0' });
    expect(abnormalLogVolume([{ t: -20, volume: 5 }], [])).toEqual({ reason: 'abnormal volume needs at least 3 estimation days with volume (M = 1)' });
    expect(campbellWasleyT([{ t: -20, av: 0.1 }], 0.5)).toMatchObject({ statistic: null });
  });
});
