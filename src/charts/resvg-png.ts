/**
 * SVG -> PNG with resvg (native, Node only: the Worker entry never imports this file). Twice the
 * SVG's pixel size, for sharp text on high-density screens and in print. Fonts: the system's
 * (the charts ask for Liberation Sans / Arial / Helvetica).
 */
export async function renderPngWithResvg(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  });
  return resvg.render().asPng();
}
