import type { ComputedStudy } from '../study/run-study.js';

/**
 * A publishable SVG line chart of a study: each security's cumulative abnormal return over the
 * event window (thin lines, labelled at the right), the portfolio CAAR (thick) with a 95% band
 * from the cross-section of CARs (the study's carBand), day 0 marked. Pure: ComputedStudy in, SVG text out.
 */
export type ChartOptions = { title: string; width?: number; height?: number };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}%`;

/** Round-number ticks covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 6): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Math.abs(v) < 1e-12 ? 0 : v);
  return out;
}

/** Words of `text` in lines of at most `max` characters. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Label positions moved apart (at least `gap` px) in the order of their wanted y. */
function spread(wanted: number[], gap: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = new Array<number>(wanted.length);
  let previous = -Infinity;
  for (const { y, i } of order) {
    placed[i] = Math.max(y, previous + gap);
    previous = placed[i]!;
  }
  return placed;
}

export function carChartSvg(study: ComputedStudy, options: ChartOptions): string {
  const { result } = study;
  const width = options.width ?? 800;
  const height = options.height ?? 450;
  const titleLines = wrap(options.title, Math.floor(width / 9.5));
  const margin = { top: 46 + 20 * titleLines.length, right: 110, bottom: 64, left: 64 };
  const ok = result.securities.flatMap((s) => (s.status === 'ok' ? [s] : []));
  const [w1, w2] = result.params.window as [number, number];

  // The band comes with the study (portfolio.ts carBand): mean running CAR and its 95% t interval.
  const band = study.carBand.map((b) => ({ t: b.t, caar: b.mean, half: b.half }));
  const values = [0, ...ok.flatMap((s) => s.days.map((d) => d.car)), ...band.flatMap((b) => [b.caar - b.half, b.caar + b.half])];
  const yTicks = ticks(Math.min(...values), Math.max(...values));
  const [yLo, yHi] = [Math.min(yTicks[0]!, ...values), Math.max(yTicks.at(-1)!, ...values)];
  const x = (t: number) => margin.left + ((t - w1) / Math.max(1, w2 - w1)) * (width - margin.left - margin.right);
  const y = (v: number) => margin.top + ((yHi - v) / (yHi - yLo || 1)) * (height - margin.top - margin.bottom);
  const path = (pts: { t: number; v: number }[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');

  const day0 = ok[0]?.day0;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(options.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...titleLines.map((line, i) => `<text x="${margin.left}" y="${24 + 20 * i}" font-size="16" font-weight="bold">${esc(line)}</text>`),
    `<text x="${margin.left}" y="${24 + 20 * titleLines.length}" fill="#555">${esc(`Cumulative abnormal return, ${result.params.model} model vs ${result.params.benchmark}; N = ${ok.length}${ok.length > 1 ? '; shaded: 95% interval of the mean (cross-sectional t)' : ''}`)}</text>`,
  ];
  for (const v of yTicks) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? '#888' : '#e5e5e5'}"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#555">${pct(v)}</text>`);
  }
  for (let t = w1; t <= w2; t++) {
    parts.push(`<text x="${x(t).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="#555">${t}</text>`);
  }
  parts.push(`<text x="${(margin.left + width - margin.right) / 2}" y="${height - margin.bottom + 38}" text-anchor="middle" fill="#555">trading days relative to day 0</text>`);
  if (w1 <= 0 && w2 >= 0) {
    parts.push(`<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#c00" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${(x(0) + 4).toFixed(1)}" y="${margin.top + 12}" fill="#c00">${esc(`day 0${day0 ? ` (${day0})` : ''}`)}</text>`);
  }
  const upper = band.map((b) => ({ t: b.t, v: b.caar + b.half }));
  const lower = [...band].reverse().map((b) => ({ t: b.t, v: b.caar - b.half }));
  if (ok.length > 1) parts.push(`<path d="${path(upper)} ${path(lower).replace(/^M/, 'L')} Z" fill="#1f5fa8" fill-opacity="0.15" stroke="none"/>`);
  const ends = ok.map((s) => s.days.at(-1)!);
  const labelY = spread(ends.map((d) => y(d.car) + 4), 11);
  ok.forEach((s, i) => {
    const pts = s.days.map((d) => ({ t: d.t, v: d.car }));
    parts.push(`<path d="${path(pts)}" fill="none" stroke="#9a9a9a" stroke-width="1"><title>${esc(`${s.symbol}: ${pct(ends[i]!.car)}`)}</title></path>`);
    parts.push(`<text x="${(x(ends[i]!.t) + 4).toFixed(1)}" y="${labelY[i]!.toFixed(1)}" fill="#777" font-size="10">${esc(s.symbol)}</text>`);
  });
  const caar = band.map((b) => ({ t: b.t, v: b.caar }));
  parts.push(`<path d="${path(caar)}" fill="none" stroke="#1f5fa8" stroke-width="3"/>`);
  const end = caar.at(-1);
  if (end) parts.push(`<text x="${(x(end.t) + 4).toFixed(1)}" y="${(y(end.v) - 8).toFixed(1)}" fill="#1f5fa8" font-weight="bold">${esc(`mean ${pct(end.v)}`)}</text>`);
  parts.push(`<text x="${margin.left}" y="${height - 10}" fill="#888" font-size="10">${esc(`Estimation window ${JSON.stringify(result.params.estimation)} trading days; ${result.params.returns} returns from adjusted closes. Source: market-impact event study.`)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
