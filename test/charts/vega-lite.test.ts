import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { carChartVegaLite, premarketVegaLite } from '../../src/charts/vega-lite.js';
import type { PremarketChartData } from '../../src/charts/premarket-chart.js';
import { ROOT } from '../helpers/paths.js';
import { syntheticCarData } from '../helpers/synthetic-chart.js';

// SYNTHETIC numbers: the test is about the specs' shape, checked by Vega-Lite's own schema and compiler.
const car = syntheticCarData(
  [-1, 1],
  [{ symbol: 'AAA', points: [{ t: -1, car: 0 }, { t: 0, car: -0.02 }, { t: 1, car: -0.01 }] }],
  [-1, 0, 1].map((t) => ({ t, mean: -0.01 * (t + 1), lo: -0.02 * (t + 1), hi: 0, n: 2 })),
);
const split: PremarketChartData = { rows: [{ symbol: 'AAA', overnight: -0.01, intraday: 0.004 }], benchmark: 'SPY', day0: '2026-01-14', notSplit: ['BBB'] };
const words = { title: 'Title', subtitle: 'Sub', source: 'Source' };

const schema = JSON.parse(readFileSync(`${ROOT}node_modules/vega-lite/build/vega-lite-schema.json`, 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('Vega-Lite specs', () => {
  it.each([
    ['CAR chart', carChartVegaLite(car, words)],
    ['premarket split', premarketVegaLite(split, words)],
  ])('%s: valid against the Vega-Lite schema and compiles to Vega', (_name, spec) => {
    expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const vega = compile(spec as never).spec;
    expect(vega.marks?.length).toBeGreaterThan(0);
  });
});
