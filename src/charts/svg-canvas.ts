import { escapeXml, textWidth, type Box } from './text-metrics.js';

export const FONT_FAMILY = 'Liberation Sans, Arial, Helvetica, sans-serif';
export const INK = { text: '#1a1a1a', muted: '#4d4d4d', faint: '#6b6b6b', grid: '#e3e3e3', axis: '#8c8c8c', mean: '#1f5fa8', line: '#9a9a9a', day0: '#b3261e' };

type TextStyle = { size: number; anchor?: 'start' | 'middle' | 'end'; bold?: boolean; fill?: string; role?: string };

/**
 * An SVG being drawn, which remembers the box of every text it holds so that layouts can avoid
 * collisions and tests can check that none remain.
 */
export class SvgCanvas {
  private readonly parts: string[] = [];
  readonly texts: { text: string; box: Box; role: string }[] = [];

  /** The box a text would take (baseline at y). */
  static measure(x: number, y: number, text: string, style: TextStyle): Box {
    const width = textWidth(text, style.size, style.bold);
    const left = style.anchor === 'middle' ? x - width / 2 : style.anchor === 'end' ? x - width : x;
    return { x: left, y: y - style.size * 0.93, width, height: style.size * 1.15 };
  }

  text(x: number, y: number, text: string, style: TextStyle): Box {
    const box = SvgCanvas.measure(x, y, text, style);
    this.texts.push({ text, box, role: style.role ?? 'label' });
    const attrs = [
      `x="${x.toFixed(1)}"`,
      `y="${y.toFixed(1)}"`,
      `font-size="${style.size}"`,
      style.anchor && style.anchor !== 'start' ? `text-anchor="${style.anchor}"` : '',
      style.bold ? 'font-weight="bold"' : '',
      `fill="${style.fill ?? INK.text}"`,
      style.role ? `data-role="${style.role}"` : '',
    ].filter(Boolean);
    this.parts.push(`<text ${attrs.join(' ')}>${escapeXml(text)}</text>`);
    return box;
  }

  raw(markup: string): void {
    this.parts.push(markup);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = ''): void {
    this.parts.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${stroke}"${extra ? ` ${extra}` : ''}/>`);
  }

  render(width: number, height: number, title: string, description: string): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height)}" viewBox="0 0 ${width} ${Math.ceil(height)}" font-family="${FONT_FAMILY}" role="img" aria-labelledby="chart-title chart-desc">`,
      `<title id="chart-title">${escapeXml(title)}</title>`,
      `<desc id="chart-desc">${escapeXml(description)}</desc>`,
      `<rect width="${width}" height="${Math.ceil(height)}" fill="#ffffff"/>`,
      ...this.parts,
      '</svg>',
    ].join('\n');
  }
}

/** Options every chart takes: the words around it and its width in px. */
export type ChartText = { title: string; subtitle?: string | undefined; source: string; note?: string | undefined; width?: number | undefined };

export const CHART_WIDTH = { min: 320, max: 1600, default: 800 } as const;

/** Sizes that keep a chart readable from 320 px (phones) to print widths. */
export function chartScale(width: number) {
  const narrow = width < 560;
  return { narrow, title: narrow ? 16 : 20, subtitle: narrow ? 12 : 13.5, label: narrow ? 11 : 12, small: narrow ? 10.5 : 11, pad: narrow ? 12 : 20 };
}

/**
 * Title, subtitle (wrapped) at the top; returns the y below them. `wrap` is passed in so that
 * this stays free of layout policy.
 */
export function drawHeading(svg: SvgCanvas, text: ChartText, width: number, wrap: (s: string, w: number, size: number, bold?: boolean) => string[]): number {
  const s = chartScale(width);
  let y = s.pad + s.title * 0.9;
  for (const line of wrap(text.title, width - 2 * s.pad, s.title, true)) {
    svg.text(s.pad, y, line, { size: s.title, bold: true, role: 'title' });
    y += s.title * 1.25;
  }
  if (text.subtitle) {
    y += 2;
    for (const line of wrap(text.subtitle, width - 2 * s.pad, s.subtitle)) {
      svg.text(s.pad, y, line, { size: s.subtitle, fill: INK.muted, role: 'subtitle' });
      y += s.subtitle * 1.3;
    }
  }
  return y - s.subtitle * 0.3;
}

/** Notes and the source line at the bottom, starting at y; returns the total height. */
export function drawFooter(svg: SvgCanvas, lines: string[], y: number, width: number, wrap: (s: string, w: number, size: number) => string[]): number {
  const s = chartScale(width);
  for (const text of lines) {
    for (const line of wrap(text, width - 2 * s.pad, s.small)) {
      y += s.small * 1.35;
      svg.text(s.pad, y, line, { size: s.small, fill: INK.faint, role: 'footer' });
    }
    y += 3;
  }
  return y + s.pad * 0.6;
}
