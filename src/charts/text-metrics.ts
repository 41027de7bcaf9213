/**
 * Text measurement for laying out chart labels without a browser. Widths are Arial/Helvetica
 * advance widths (the fonts the charts name; Liberation Sans has the same metrics), rounded up,
 * so a measured box holds the rendered text: tests compare these boxes with Chromium's.
 */
const NARROW = new Set("il.,:;'|!ijlI ");
const WIDE = new Set('mwMW%@');
const SEMI_NARROW = new Set('frt()[]-/"*');

/** Width of one character in em (approximate Arial advance widths, rounded up). */
function charWidth(c: string): number {
  if (NARROW.has(c)) return 0.29;
  if (SEMI_NARROW.has(c)) return 0.36;
  if (WIDE.has(c)) return 0.9;
  if (c >= 'A' && c <= 'Z') return 0.72;
  if (c >= '0' && c <= '9') return 0.56;
  if (c === '\u2212' || c === '+' || c === '=' || c === '<' || c === '>') return 0.6;
  return 0.57;
}

/** Width in px of `text` at `size` px (bold text is about 8% wider). */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c);
  return em * size * (bold ? 1.08 : 1);
}

/** Words of `text` in lines no wider than `maxWidth` px. */
export function wrapText(text: string, maxWidth: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, size, bold) <= maxWidth) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export type Box = { x: number; y: number; width: number; height: number };

export const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Vertical positions for labels that want to sit at `wanted` (centre y), at least `gap` apart,
 * all inside [top, bottom]: labels keep their order and move as little as the space allows.
 */
export function spreadLabels(wanted: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const ys = order.map((o) => o.y);
  // Forward pass pushes down, backward pass pulls up from the bottom edge, then the top edge wins.
  for (let k = 0; k < ys.length; k++) ys[k] = Math.max(ys[k]!, k === 0 ? top : ys[k - 1]! + gap);
  for (let k = ys.length - 1; k >= 0; k--) ys[k] = Math.min(ys[k]!, k === ys.length - 1 ? bottom : ys[k + 1]! - gap);
  for (let k = 0; k < ys.length; k++) ys[k] = Math.max(ys[k]!, k === 0 ? top : ys[k - 1]! + gap);
  const placed = new Array<number>(wanted.length);
  order.forEach((o, k) => (placed[o.i] = ys[k]!));
  return placed;
}

/** Round-number ticks covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count) || 0.01;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.floor(lo / step + 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  if (out.at(-1)! < hi) out.push(out.at(-1)! + step);
  return out;
}

/** Decimals needed to write a tick step exactly (2.5 -> 1, 0.25 -> 2, 5 -> 0), at most 3. */
export function decimalsOf(step: number): number {
  for (let d = 0; d < 3; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 3;
}

export const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
