/**
 * `npm run calibrate:warnings [-- <market-data dir>]`: where the study warnings' thresholds
 * (src/study/warnings.ts) sit in the distribution of REAL estimation windows. Draws 5 seeded
 * random 240-return windows from each daily file with at least 600 closes and prints the
 * percentiles of the window diagnostics: share of unchanged days (|r| < 0.05%), the same share
 * in the stalest 60 consecutive returns, the volatility ratio of the two halves, and the largest
 * |r - mean| / sd.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { mulberry32 } from '../src/stats/random.js';
import { halvesVolatilityRatio } from '../src/stats/volatility-break.js';
import { OUTLIER_SIGMAS, STALE_STRETCH_SHARE, STALE_ZERO_SHARE, VOLATILITY_BREAK_RATIO } from '../src/study/warnings.js';

const dir = join(process.argv[2] ?? '../shared/market-data', 'daily');
const random = mulberry32(20260114);
const zero: number[] = [];
const stretch: number[] = [];
const ratio: number[] = [];
const maxZ: number[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
  const lines = readFileSync(join(dir, file), 'utf8').trim().split(/\r?\n/);
  const col = lines[0]!.split(',').indexOf('close');
  const closes = lines.slice(1).map((l) => Number(l.split(',')[col])).filter((x) => x > 0);
  if (closes.length < 600) continue;
  const r = closes.slice(1).map((c, i) => c / closes[i]! - 1);
  for (let k = 0; k < 5; k++) {
    const start = Math.floor(random() * (r.length - 240));
    const w = r.slice(start, start + 240);
    const unchanged = w.map((x) => (Math.abs(x) < 0.0005 ? 1 : 0));
    zero.push(unchanged.reduce((a: number, b) => a + b, 0) / w.length);
    let worst = 0;
    for (let i = 0; i + 60 <= w.length; i++) worst = Math.max(worst, unchanged.slice(i, i + 60).reduce((a: number, b) => a + b, 0) / 60);
    stretch.push(worst);
    const q = halvesVolatilityRatio(w);
    if (q !== null) ratio.push(q);
    const m = mean(w);
    const sd = sampleStandardDeviation(w);
    if (sd > 0) maxZ.push(Math.max(...w.map((x) => Math.abs(x - m))) / sd);
  }
}
const show = (name: string, xs: number[], threshold: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const above = s.filter((x) => x > threshold).length / s.length;
  const qs = [0.5, 0.9, 0.99, 0.999].map((p) => `p${p * 100}=${quantileSorted(s, p).toFixed(3)}`).join(' ');
  console.log(`${name.padEnd(22)} n=${s.length} ${qs}  threshold ${threshold}: ${(above * 100).toFixed(2)}% of real windows above`);
};
show('unchanged-day share', zero, STALE_ZERO_SHARE);
show('stalest 60-day stretch', stretch, STALE_STRETCH_SHARE);
show('halves volatility', ratio, VOLATILITY_BREAK_RATIO);
show('max |r-mean|/sd', maxZ, OUTLIER_SIGMAS);
