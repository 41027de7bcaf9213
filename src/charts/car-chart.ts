import { MINUS, formatPercent, windowWords } from '../domain/plain-language.js';
import type { CarChartData } from './car-chart-data.js';
import { CHART_WIDTH, INK, SvgCanvas, chartScale, drawFooter, drawHeading, type ChartText } from './svg-canvas.js';
import { decimalsOf, niceTicks, spreadLabels, textWidth, wrapText } from './text-metrics.js';

export type RenderedChart = { svg: string; width: number; height: number; texts: SvgCanvas['texts'] };

/** Tick text with as many decimals as the step needs, a true minus and a plus on gains. */
function tickFormatter(step: number): (v: number) => string {
  const digits = decimalsOf(step * 100);
  return (v) => (Math.abs(v) < step / 1e6 ? '0%' : formatPercent(v, digits));
}

const dayLabel = (t: number) => (t > 0 ? `+${t}` : t < 0 ? `${MINUS}${-t}` : '0');

/** "14 Jan 2026" from YYYY-MM-DD. */
function shortDate(ymd: string): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  return `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
}

/** "06:10 ET" from an ISO timestamp, in New York time. */
function newsTime(iso: string): string {
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
  return `${hm} ET`;
}

/**
 * A publishable SVG line chart: each security's CAR rebased to 0 at the close before day 0
 * (grey, labelled at its end), the mean with its interval (blue), the news between the close of
 * day −1 and day 0 shaded, day 0 marked. Labels are placed so that no two overlap; when the
 * interval would flatten the lines, the axis follows the lines, the band is cut and a note says so.
 * Pure: the plotted data and the words in, SVG text out.
 */
export function carChart(data: CarChartData, text: ChartText): RenderedChart {
  const width = Math.round(Math.min(CHART_WIDTH.max, Math.max(CHART_WIDTH.min, text.width ?? CHART_WIDTH.default)));
  const s = chartScale(width);
  const svg = new SvgCanvas();
  const top = drawHeading(svg, text, width, wrapText);

  const xMin = Math.min(data.window[0], -1);
  const xMax = data.window[1];
  const last = (p: { points: { t: number; car: number }[] }) => p.points.at(-1)!;
  const endMean = data.mean.at(-1);

  // Right column: one label per line, "SYMBOL +1.2%", and the mean in bold.
  const labels = [
    ...data.paths.map((p) => ({ text: `${p.symbol} ${formatPercent(last(p).car)}`, bold: false, value: last(p).car, t: last(p).t, fill: INK.muted, role: 'legend' })),
    ...(endMean ? [{ text: `Mean ${formatPercent(endMean.mean)}`, bold: true, value: endMean.mean, t: endMean.t, fill: INK.mean, role: 'legend-mean' }] : []),
  ];
  const labelGap = s.label * 1.3;
  const labelWidth = Math.max(0, ...labels.map((l) => textWidth(l.text, s.label, l.bold)));

  // Vertical scale: the lines always; the band only as far as it does not squash them.
  const lineValues = [0, ...data.paths.flatMap((p) => p.points.map((x) => x.car)), ...data.mean.map((m) => m.mean)];
  let lo = Math.min(...lineValues);
  let hi = Math.max(...lineValues);
  const span = Math.max(hi - lo, 0.005);
  const bandLo = Math.min(...data.mean.map((m) => m.lo));
  const bandHi = Math.max(...data.mean.map((m) => m.hi));
  const room = span * 0.35;
  const clipped = bandLo < lo - room || bandHi > hi + room;
  lo = Math.min(lo, Math.max(bandLo, lo - room));
  hi = Math.max(hi, Math.min(bandHi, hi + room));
  const plotHeightWanted = Math.max(s.narrow ? 240 : 300, labels.length * labelGap + 8);
  const yTicks = niceTicks(lo, hi, Math.max(3, Math.round(plotHeightWanted / 55)));
  const [yLo, yHi] = [yTicks[0]!, yTicks.at(-1)!];
  const tickText = tickFormatter(yTicks[1]! - yTicks[0]!);
  const tickWidth = Math.max(...yTicks.map((v) => textWidth(tickText(v), s.small)));

  // Marker row above the plot: the news and day 0.
  const markerRow = top + s.small * 2.2;
  const plot = { left: s.pad + tickWidth + 8, right: width - s.pad - labelWidth - 10, top: markerRow + s.small * 0.9, height: plotHeightWanted };
  const bottom = plot.top + plot.height;
  const x = (t: number) => plot.left + ((t - xMin) / Math.max(1, xMax - xMin)) * (plot.right - plot.left);
  const y = (v: number) => plot.top + ((yHi - Math.min(yHi, Math.max(yLo, v))) / (yHi - yLo || 1)) * plot.height;

  for (const v of yTicks) {
    svg.line(plot.left, y(v), plot.right, y(v), v === 0 ? INK.axis : INK.grid, v === 0 ? 'stroke-width="1.2"' : '');
    svg.text(plot.left - 6, y(v) + s.small * 0.35, tickText(v), { size: s.small, anchor: 'end', fill: INK.faint, role: 'y-tick' });
  }

  // The news fell between the close of day −1 and the close of day 0.
  if (xMin <= -1 && xMax >= 0) {
    svg.raw(`<rect x="${x(-1).toFixed(1)}" y="${plot.top.toFixed(1)}" width="${(x(0) - x(-1)).toFixed(1)}" height="${plot.height.toFixed(1)}" fill="#f2efe6"/>`);
    svg.line(x(0), plot.top - 4, x(0), bottom, INK.day0, 'stroke-dasharray="4 3"');
    const day0Text = `Day 0${data.day0 ? `, ${shortDate(data.day0)}` : ''}`;
    const newsText = data.announcedAt ? `News ${newsTime(data.announcedAt)}` : 'News';
    const day0Box = SvgCanvas.measure(x(0) + 4, markerRow, day0Text, { size: s.small });
    const day0X = day0Box.x + day0Box.width > width - s.pad ? x(0) - 4 : x(0) + 4;
    const day0Anchor = day0X < x(0) ? 'end' : 'start';
    svg.text(day0X, markerRow, day0Text, { size: s.small, anchor: day0Anchor, fill: INK.day0, role: 'marker' });
    const newsX = (x(-1) + x(0)) / 2;
    const fitsBeside = day0Anchor === 'start' && newsX + textWidth(newsText, s.small) / 2 < x(0) && newsX - textWidth(newsText, s.small) / 2 > s.pad;
    svg.text(fitsBeside ? newsX : x(0) - 4, fitsBeside ? markerRow : markerRow - s.small * 1.3, newsText, {
      size: s.small,
      anchor: fitsBeside ? 'middle' : 'end',
      fill: '#6b5a1e',
      role: 'marker',
    });
  }

  // Day ticks: every day when there is room, else every other (day 0 always).
  const every = (plot.right - plot.left) / Math.max(1, xMax - xMin) < textWidth('−10', s.small) + 8 ? 2 : 1;
  for (let t = xMin; t <= xMax; t++) {
    if (t % every !== 0) continue;
    svg.text(x(t), bottom + s.small * 1.8, dayLabel(t), { size: s.small, anchor: 'middle', fill: INK.faint, role: 'x-tick' });
  }
  svg.text((plot.left + plot.right) / 2, bottom + s.small * 3.4, 'Trading days from the news (day 0)', { size: s.small, anchor: 'middle', fill: INK.faint, role: 'x-title' });

  const path = (pts: { t: number; v: number }[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const band = data.mean.filter((m) => m.hi > m.lo || m.t === -1);
  if (data.bandLabel && band.length > 1) {
    const upper = band.map((m) => ({ t: m.t, v: m.hi }));
    const lower = [...band].reverse().map((m) => ({ t: m.t, v: m.lo }));
    svg.raw(`<path d="${path(upper)} ${path(lower).replace(/^M/, 'L')} Z" fill="${INK.mean}" fill-opacity="0.14" stroke="none" data-role="band"/>`);
  }
  for (const p of data.paths) {
    svg.raw(`<path d="${path(p.points.map((d) => ({ t: d.t, v: d.car })))}" fill="none" stroke="${INK.line}" stroke-width="1.2" data-symbol="${p.symbol}"/>`);
  }
  if (data.mean.length) svg.raw(`<path d="${path(data.mean.map((m) => ({ t: m.t, v: m.mean })))}" fill="none" stroke="${INK.mean}" stroke-width="3" data-role="mean"/>`);

  const placed = spreadLabels(labels.map((l) => y(l.value)), labelGap, plot.top + s.label * 0.4, bottom - s.label * 0.4);
  labels.forEach((l, i) => {
    const cy = placed[i]!;
    const endX = x(l.t);
    if (Math.abs(cy - y(l.value)) > 2) svg.line(endX + 2, y(l.value), plot.right + 4, cy, '#c4c4c4', 'stroke-width="0.8"');
    svg.text(plot.right + 6, cy + s.label * 0.35, l.text, { size: s.label, bold: l.bold, fill: l.fill, role: l.role });
  });

  const footer: string[] = [];
  if (clipped) {
    footer.push(
      `The shaded interval reaches ${formatPercent(bandLo)} to ${formatPercent(bandHi)}; it is cut at the edge of the chart so that the lines stay readable.`,
    );
  }
  if (text.note) footer.push(text.note);
  footer.push(text.source);
  const height = drawFooter(svg, footer, bottom + s.small * 3.9, width, wrapText);

  const description = `Cumulative abnormal returns over ${windowWords(data.window)} for ${data.paths.map((p) => p.symbol).join(', ')}; mean ${
    endMean ? formatPercent(endMean.mean) : 'n/a'
  } by day ${dayLabel(xMax)}.`;
  return { svg: svg.render(width, height, text.title, description), width, height: Math.ceil(height), texts: svg.texts };
}
