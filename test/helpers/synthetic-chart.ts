import type { CarChartData, CarPath, MeanBand } from '../../src/charts/car-chart-data.js';

/** SYNTHETIC chart data around made-up paths and mean band (for layout and spec-shape tests only). */
export function syntheticCarData(window: [number, number], paths: CarPath[], mean: MeanBand[]): CarChartData {
  return {
    window,
    paths,
    mean,
    bandLabel: '95% interval',
    day0: '2024-01-02',
    announcedAt: null,
    session: null,
    model: 'market',
    benchmark: 'SPY',
    estimation: [-250, -11],
    returns: 'simple',
  };
}
