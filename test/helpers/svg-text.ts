import { SvgCanvas } from '../../src/charts/svg-canvas.js';
import { overlaps, type Box } from '../../src/charts/text-metrics.js';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The <text> elements of an SVG with their role and measured box. */
export function svgTexts(svg: string): { text: string; role: string; box: Box }[] {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, body]) => {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs!)?.[1];
    const text = unescape(body!);
    const style = { size: Number(attr('font-size')), bold: attr('font-weight') === 'bold', anchor: (attr('text-anchor') ?? 'start') as 'start' };
    return { text, role: attr('data-role') ?? '', box: SvgCanvas.measure(Number(attr('x')), Number(attr('y')), text, style) };
  });
}

/** Pairs of text boxes that overlap. */
export function overlappingTexts(texts: { text: string; box: Box }[]): string[] {
  const out: string[] = [];
  texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => overlaps(a.box, b.box) && out.push(`"${a.text}" / "${b.text}"`)));
  return out;
}

/** Width and height of a PNG from its IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x89504e47) throw new Error('not a PNG');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
