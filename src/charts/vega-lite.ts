import type { CarChartData } from './car-chart-data.js';
import { SPLIT_COLOURS, type PremarketChartData } from './premarket-chart.js';
import { INK, type ChartText } from './svg-canvas.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const title = (text: ChartText) => ({
  text: text.title,
  ...(text.subtitle ? { subtitle: text.subtitle } : {}),
  anchor: 'start',
});

const percentAxis = (label: string) => ({ title: label, format: '+.1%', grid: true });

/**
 * A Vega-Lite v6 spec of the CAR chart with its data inline: grey CAR paths, the mean with its
 * interval, day 0 marked; a newsroom can restyle it in its own tools.
 */
export function carChartVegaLite(data: CarChartData, text: ChartText) {
  const paths = data.paths.flatMap((p) => p.points.map((x) => ({ symbol: p.symbol, t: x.t, car: x.car })));
  return {
    $schema: SCHEMA,
    title: title(text),
    width: 'container',
    height: 320,
    description: `${text.source}`,
    layer: [
      {
        data: { values: data.mean.map((m) => ({ t: m.t, lo: m.lo, hi: m.hi })) },
        mark: { type: 'area', color: INK.mean, opacity: 0.15 },
        encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        data: { values: paths },
        mark: { type: 'line', color: INK.line, strokeWidth: 1.2 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'Trading days from the news (day 0)', axis: { tickMinStep: 1 } },
          y: { field: 'car', type: 'quantitative', axis: percentAxis('Cumulative abnormal return (0 at the close before day 0)') },
          detail: { field: 'symbol', type: 'nominal' },
          tooltip: [{ field: 'symbol' }, { field: 't' }, { field: 'car', format: '+.2%' }],
        },
      },
      {
        data: { values: data.mean.map((m) => ({ t: m.t, mean: m.mean, n: m.n })) },
        mark: { type: 'line', color: INK.mean, strokeWidth: 3 },
        encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' } },
      },
      {
        data: { values: [{ t: 0, label: `Day 0${data.day0 ? ` (${data.day0})` : ''}` }] },
        layer: [
          { mark: { type: 'rule', color: INK.day0, strokeDash: [4, 3] }, encoding: { x: { field: 't', type: 'quantitative' } } },
          { mark: { type: 'text', color: INK.day0, align: 'left', dx: 4, dy: -6, y: 0 }, encoding: { x: { field: 't', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
    usermeta: { source: text.source, model: data.model, benchmark: data.benchmark, estimation: data.estimation, interval: data.bandLabel },
  };
}

/** A Vega-Lite v6 spec of the premarket split: two bars per security. */
export function premarketVegaLite(data: PremarketChartData, text: ChartText) {
  const values = data.rows.flatMap((r) => [
    { symbol: r.symbol, part: 'Abnormal overnight (previous close → open)', ar: r.overnight },
    { symbol: r.symbol, part: 'Abnormal intraday (open → close)', ar: r.intraday },
  ]);
  return {
    $schema: SCHEMA,
    title: title(text),
    width: 'container',
    description: text.source,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'symbol', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'part' },
      x: { field: 'ar', type: 'quantitative', axis: percentAxis('Abnormal return on day 0') },
      color: {
        field: 'part',
        type: 'nominal',
        scale: { range: [SPLIT_COLOURS.overnight, SPLIT_COLOURS.intraday] },
        legend: { orient: 'top', title: null },
      },
      tooltip: [{ field: 'symbol' }, { field: 'part' }, { field: 'ar', format: '+.2%' }],
    },
    usermeta: { source: text.source, benchmark: data.benchmark, day0: data.day0, not_split: data.notSplit },
  };
}
