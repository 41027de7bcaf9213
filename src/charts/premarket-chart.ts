import { formatPercent } from '../domain/plain-language.js';
import type { PremarketResult } from '../study/premarket/result.js';
import { CHART_WIDTH, INK, SvgCanvas, chartScale, drawFooter, drawHeading, type ChartText } from './svg-canvas.js';
import type { RenderedChart } from './car-chart.js';
import { decimalsOf, niceTicks, textWidth, wrapText } from './text-metrics.js';

/** One bar pair: a security's (or the mean's) abnormal overnight and intraday return on day 0. */
export type SplitRow = { symbol: string; overnight: number; intraday: number; mean?: boolean };
export type PremarketChartData = { rows: SplitRow[]; benchmark: string; day0: string | null; notSplit: string[] };

export const SPLIT_COLOURS = { overnight: '#1f5fa8', intraday: '#d08a1c' } as const;

/** The chart's data from a premarket result: securities with both parts, then their mean. */
export function premarketChartData(result: PremarketResult): PremarketChartData {
  const rows: SplitRow[] = [];
  const notSplit: string[] = [];
  for (const s of result.securities) {
    if (s.status === 'ok') rows.push({ symbol: s.symbol, overnight: s.overnight.ar, intraday: s.intraday.ar });
    else notSplit.push(s.symbol);
  }
  const { overnight, intraday } = result.portfolio;
  if (rows.length > 1 && overnight.mean_ar !== null && intraday.mean_ar !== null) {
    rows.push({ symbol: `Mean (N = ${rows.length})`, overnight: overnight.mean_ar, intraday: intraday.mean_ar, mean: true });
  }
  const day0 = result.securities.find((s) => 'day0' in s && s.day0)?.day0 ?? null;
  return { rows, benchmark: String(result.params.benchmark ?? ''), day0, notSplit };
}

/**
 * Horizontal bars, two per security: abnormal overnight (previous close → open) and abnormal
 * intraday (open → close) return on day 0. Value labels sit past each bar's end, or inside it
 * when the end is too close to the edge. Pure: data and words in, SVG out.
 */
export function premarketChart(data: PremarketChartData, text: ChartText): RenderedChart {
  const width = Math.round(Math.min(CHART_WIDTH.max, Math.max(CHART_WIDTH.min, text.width ?? CHART_WIDTH.default)));
  const s = chartScale(width);
  const svg = new SvgCanvas();
  let y = drawHeading(svg, text, width, wrapText) + s.label * 1.6;

  // Legend: two swatches on one line, or two lines when narrow.
  const legend = [
    { key: 'overnight' as const, text: 'Abnormal overnight (previous close → open)' },
    { key: 'intraday' as const, text: 'Abnormal intraday (open → close)' },
  ];
  let lx = s.pad;
  for (const item of legend) {
    const w = 16 + textWidth(item.text, s.label);
    if (lx > s.pad && lx + w > width - s.pad) {
      lx = s.pad;
      y += s.label * 1.5;
    }
    svg.raw(`<rect x="${lx}" y="${(y - s.label * 0.8).toFixed(1)}" width="11" height="11" fill="${SPLIT_COLOURS[item.key]}"/>`);
    svg.text(lx + 16, y, item.text, { size: s.label, fill: INK.muted, role: 'legend-key' });
    lx += w + 18;
  }

  const values = [0, ...data.rows.flatMap((r) => [r.overnight, r.intraday])];
  const ticks = niceTicks(Math.min(...values), Math.max(...values), s.narrow ? 3 : 6);
  const [lo, hi] = [ticks[0]!, ticks.at(-1)!];
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 0.01;
  const digits = decimalsOf(step * 100);
  const symbolWidth = Math.max(40, ...data.rows.map((r) => textWidth(r.symbol, s.label, r.mean)));
  const valueRoom = textWidth('−10.0%', s.small) + 6;
  const plot = { left: s.pad + symbolWidth + 10 + valueRoom, right: width - s.pad - valueRoom, top: y + s.label * 1.4 };
  const x = (v: number) => plot.left + ((v - lo) / (hi - lo || 1)) * (plot.right - plot.left);
  const bar = Math.round(s.label * 1.25);
  const rowHeight = 2 * bar + 12;
  const bottom = plot.top + rowHeight * data.rows.length;

  for (const v of ticks) {
    svg.line(x(v), plot.top - 4, x(v), bottom, v === 0 ? INK.axis : INK.grid);
  }
  data.rows.forEach((r, i) => {
    const top = plot.top + i * rowHeight + 4;
    if (r.mean) svg.line(s.pad, top - 4, width - s.pad, top - 4, INK.axis);
    svg.text(s.pad, top + bar + 4, r.symbol, { size: s.label, bold: !!r.mean, role: 'legend' });
    (['overnight', 'intraday'] as const).forEach((key, k) => {
      const v = r[key];
      const by = top + k * bar;
      const [a, b] = [x(Math.min(0, v)), x(Math.max(0, v))];
      svg.raw(`<rect x="${a.toFixed(1)}" y="${by.toFixed(1)}" width="${Math.max(1, b - a).toFixed(1)}" height="${bar - 2}" fill="${SPLIT_COLOURS[key]}"><title>${r.symbol} ${key} ${formatPercent(v, 2)}</title></rect>`);
      const label = formatPercent(v, 2);
      const baseline = by + bar * 0.5 + s.small * 0.35 - 1;
      if (v >= 0) svg.text(b + 4, baseline, label, { size: s.small, fill: INK.muted, role: 'value' });
      else svg.text(a - 4, baseline, label, { size: s.small, anchor: 'end', fill: INK.muted, role: 'value' });
    });
  });
  // Tick labels may not fit at every step on a phone: a label that would touch the last one drawn is left out.
  let lastRight = -Infinity;
  for (const v of ticks) {
    const label = Math.abs(v) < step / 1e6 ? '0%' : formatPercent(v, digits);
    const box = SvgCanvas.measure(x(v), bottom + s.small * 1.5, label, { size: s.small, anchor: 'middle' });
    if (box.x < lastRight + 6) continue;
    svg.text(x(v), bottom + s.small * 1.5, label, { size: s.small, anchor: 'middle', fill: INK.faint, role: 'x-tick' });
    lastRight = box.x + box.width;
  }
  const footer = [
    ...(data.notSplit.length ? [`Not split (close-only prices or no data): ${data.notSplit.join(', ')}.`] : []),
    ...(text.note ? [text.note] : []),
    text.source,
  ];
  const height = drawFooter(svg, footer, bottom + s.small * 2.2, width, wrapText);
  const description = `Abnormal overnight and intraday returns on day 0 for ${data.rows.map((r) => r.symbol).join(', ')}.`;
  return { svg: svg.render(width, height, text.title, description), width, height: Math.ceil(height), texts: svg.texts };
}
