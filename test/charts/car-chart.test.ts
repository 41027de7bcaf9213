import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carChartDataFromStudy, rebasedPath } from '../../src/charts/car-chart-data.js';
import { carChart, type RenderedChart } from '../../src/charts/car-chart.js';
import { studyCarChart } from '../../src/charts/study-charts.js';
import { spreadLabels } from '../../src/charts/text-metrics.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StudyParamsSchema } from '../../src/study/params.js';
import { computeStudy, type ComputedStudy, type StudyResult } from '../../src/study/run-study.js';
import { HAS_SHARED } from '../helpers/paths.js';
import { storeWithShared } from '../helpers/shared-data.js';
import { overlappingTexts } from '../helpers/svg-text.js';
import { syntheticCarData } from '../helpers/synthetic-chart.js';

const SYMBOLS = ['PANW', 'FTNT', 'CHKP', 'CRWD'];
const words = { title: 'Cyber ban & "vendors" <test>', subtitle: 'What is plotted', source: 'Prices: test source' };

/** Pairs of text boxes that overlap (none expected). */
const collisions = (chart: RenderedChart) => overlappingTexts(chart.texts);

describe('label spreading', () => {
  it('keeps order, keeps the gap, and stays inside the bounds', () => {
    const placed = spreadLabels([50, 51, 52, 200, 199], 12, 40, 210);
    const sorted = [...placed].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(12 - 1e-9);
    expect(Math.min(...placed)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...placed)).toBeLessThanOrEqual(210);
    expect(placed[0]).toBeLessThan(placed[1]!); // order of wanted positions kept
    expect(placed[4]).toBeLessThan(placed[3]!);
  });
});

describe('rebasing', () => {
  it('puts every path at 0 at the close before day 0, differences unchanged', () => {
    const days = [-2, -1, 0, 1].map((t, i) => ({ t, car: [0.01, 0.03, -0.02, 0.005][i]! }));
    const path = rebasedPath(days);
    expect(path.find((p) => p.t === -1)!.car).toBe(0);
    expect(path.find((p) => p.t === 0)!.car).toBeCloseTo(-0.05, 12);
    expect(path.find((p) => p.t === -2)!.car).toBeCloseTo(-0.02, 12);
    // A window that starts on day 0 gets its anchor added.
    expect(rebasedPath([{ t: 0, car: 0.02 }])).toEqual([{ t: -1, car: 0 }, { t: 0, car: 0.02 }]);
  });
});

describe('a huge interval (SYNTHETIC data)', () => {
  // Made-up numbers: two lines near 0 and an interval of ±40%, to check the axis stays honest.
  const data = syntheticCarData(
    [-2, 2],
    ['AAA', 'BBB'].map((symbol, k) => ({ symbol, points: [-2, -1, 0, 1, 2].map((t) => ({ t, car: t <= -1 ? 0 : (k ? 1 : -1) * 0.01 * t })) })),
    [-2, -1, 0, 1, 2].map((t) => ({ t, mean: 0, lo: t < 0 ? 0 : -0.4, hi: t < 0 ? 0 : 0.4, n: 2 })),
  );
  it('cuts the band at the lines\' scale and says so', () => {
    const chart = carChart(data, words);
    expect(chart.svg).toMatch(/reaches −40\.0% to \+40\.0%; it is cut at the edge of the chart/);
    const ticks = chart.texts.filter((t) => t.role === 'y-tick').map((t) => t.text);
    expect(ticks).not.toContain('−40%');
    expect(collisions(chart)).toEqual([]);
  });
});

describe.skipIf(!HAS_SHARED)('CAR chart of a study (real data)', () => {
  let store: DuckDbStore;
  let study: ComputedStudy;
  let result: StudyResult;
  beforeAll(async () => {
    store = await storeWithShared([...SYMBOLS, 'CIBR', 'SPY']);
    const deps = nodeDeps(store, { eventsPath: undefined }).deps;
    const securities = SYMBOLS.map((symbol) => ({ symbol, date: '2026-01-14', session: 'pre' as const }));
    study = await computeStudy(deps, securities, StudyParamsSchema.parse({ benchmark: 'CIBR' }));
    result = study.result;
  });
  afterAll(() => store?.close());

  it('plots each security rebased at t = −1 from the study\'s own CARs', () => {
    const data = carChartDataFromStudy(study);
    for (const path of data.paths) {
      const security = result.securities.find((s) => s.symbol === path.symbol)!;
      if (security.status !== 'ok') throw new Error('expected ok');
      const anchor = security.days.find((d) => d.t === -1)!.car;
      for (const d of security.days) expect(path.points.find((p) => p.t === d.t)!.car).toBeCloseTo(d.car - anchor, 14);
    }
    const day1 = data.mean.find((m) => m.t === 1)!;
    const manual = data.paths.map((p) => p.points.find((x) => x.t === 1)!.car);
    expect(day1.mean).toBeCloseTo(manual.reduce((a, b) => a + b, 0) / manual.length, 14);
    expect(day1.lo).toBeLessThan(day1.mean);
  });

  it.each([800, 375, 320, 1200])('at %i px: every security in the legend, escaped words, true minus signs, no overlapping text', (width) => {
    const chart = carChart(carChartDataFromStudy(study), { ...words, width });
    expect(chart.width).toBe(width);
    expect(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(chart.svg).toContain(`width="${width}"`);
    expect(chart.svg).toContain('Cyber ban &amp; &quot;vendors&quot; &lt;test&gt;');
    const legend = chart.texts.filter((t) => t.role === 'legend').map((t) => t.text.split(' ')[0]);
    expect(legend.sort()).toEqual([...SYMBOLS].sort());
    expect(chart.texts.some((t) => t.role === 'legend-mean')).toBe(true);
    for (const t of chart.texts.filter((x) => /^(y-tick|x-tick|legend)/.test(x.role))) expect(t.text).not.toMatch(/-\d/);
    expect(chart.texts.find((t) => t.text.startsWith('Day 0'))?.text).toBe('Day 0, 14 Jan 2026');
    expect(chart.svg).toContain('Prices: test source');
    expect(chart.svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(collisions(chart)).toEqual([]);
    for (const t of chart.texts) {
      expect(t.box.x).toBeGreaterThanOrEqual(0);
      expect(t.box.x + t.box.width).toBeLessThanOrEqual(width);
      expect(t.box.y + t.box.height).toBeLessThanOrEqual(chart.height);
    }
  });

  it('draws no interval for a single security', async () => {
    const deps = nodeDeps(store, { eventsPath: undefined }).deps;
    const one = await computeStudy(deps, [{ symbol: 'PANW', date: '2026-01-14' }], StudyParamsSchema.parse({ benchmark: 'CIBR' }));
    expect(carChart(carChartDataFromStudy(one), words).svg).not.toContain('data-role="band"');
    expect(carChart(carChartDataFromStudy(study), words).svg).toContain('data-role="band"');
  });

  it('takes its title from the study\'s verdict on [0, 1] and keeps the verdict\'s caveats beneath it, with no overlap at 375 px', () => {
    const chart = studyCarChart(study, null);
    const verdict = result.summary.find((v) => v.window[0] === 0 && v.window[1] === 1)!;
    expect(chart.defaults.title).toBe(verdict.finding);
    const caveats = verdict.sentence.slice(verdict.finding.length).trim();
    if (caveats) expect(chart.defaults.subtitle).toContain(caveats);
    const drawn = chart.svg({ ...chart.defaults, width: 375 });
    expect(drawn.texts.filter((t) => t.role === 'title').map((t) => t.text).join(' ')).toBe(verdict.finding);
    expect(collisions(drawn)).toEqual([]);
  });
});
