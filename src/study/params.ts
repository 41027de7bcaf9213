import { SYMBOL_INPUT_PATTERN } from '../domain/symbols.js';
import { z } from 'zod';

/**
 * Study parameters and their defaults. Windows are in trading days relative to day 0.
 * In a query string a window is "a,b" and several CAR windows are "0,0;0,1" or repeated `car=`.
 */
export const MODELS = ['market', 'market_adjusted', 'constant_mean', 'factor'] as const;
export type Model = (typeof MODELS)[number];
export type Window = [number, number];

/** `maxOffset`: no window reaches further than ~10 trading years from day 0 (keeps dates real). */
export const LIMITS = { maxEstimationDays: 1000, maxEventDays: 121, maxCarWindows: 20, minMinObs: 10, maxOffset: 2520 } as const;

const offsetMessage = `offsets must be whole trading days from -${LIMITS.maxOffset} to ${LIMITS.maxOffset}`;
const inReach = (n: number) => Math.abs(n) <= LIMITS.maxOffset;

const windowText = z.string().transform((s, ctx): [number, number] => {
  const m = /^\s*(-?\d+)\s*,\s*(-?\d+)\s*$/.exec(s);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a window: write two trading-day offsets "a,b", e.g. -1,1` });
    return z.NEVER;
  }
  const w: [number, number] = [Number(m[1]), Number(m[2])];
  if (!w.every(inReach)) {
    ctx.addIssue({ code: 'custom', message: `"${s}": ${offsetMessage}` });
    return z.NEVER;
  }
  return w;
});
const offset = z.number().int().min(-LIMITS.maxOffset, offsetMessage).max(LIMITS.maxOffset, offsetMessage);
const windowPair = z.tuple([offset, offset]);
/** A window given as "a,b" (query) or [a, b] (JSON). */
/** A union's message: what the text form said about the input (e.g. an offset out of reach), else `general`. */
const textFormSays = (general: string) => (iss: { code?: string; errors?: { code?: string; message: string }[][] }) =>
  (iss.code === 'invalid_union' && iss.errors?.flat().find((e) => e.code === 'custom')?.message) || general;

export const WindowInput = z.union([windowPair, windowText], {
  error: textFormSays('must be a window of two trading-day offsets: "a,b" in a query, [a, b] in JSON, e.g. -1,1'),
});

const carList = z.union(
  [z.array(z.union([windowPair, windowText])), z.string().transform((s) => s.split(';')).pipe(z.array(windowText))],
  { error: textFormSays('must be CAR windows: "a,b" separated by ";" (query) or [[a,b],...] (JSON), e.g. 0,0;-1,1') },
);

/** The parameter fields, shared by the query-string and JSON-body schemas of the routes. */
export const studyParamFields = {
  model: z.enum(MODELS).default('market').meta({ description: 'Normal-return model; `factor` needs `factors`' }),
  benchmark: z
    .string()
    .regex(SYMBOL_INPUT_PATTERN, 'must be a ticker such as SPY or CIBR')
    .transform((s) => s.toUpperCase())
    .optional()
    .meta({ description: "Benchmark symbol (default: the event's first suggested one, else SPY)", example: 'SPY' }),
  estimation: WindowInput.default([-250, -11]).meta({ description: 'Estimation window in trading days, "a,b"', example: '-250,-11' }),
  min_obs: z.coerce.number().int().min(LIMITS.minMinObs).default(100).meta({ description: 'Minimum estimation-window returns' }),
  window: WindowInput.default([-5, 5]).meta({ description: 'Event window in trading days, "a,b"', example: '-5,5' }),
  car: carList
    .default([
      [0, 0],
      [0, 1],
      [-1, 1],
      [-5, 5],
    ])
    .meta({ description: 'CAR windows: "a,b" separated by ";" or repeated (query), or [[a,b],...] (JSON)', example: '0,0;0,1;-1,1' }),
  returns: z.enum(['simple', 'log']).default('simple').meta({ description: 'Simple or log returns from adjusted closes' }),
  factors: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must name an imported factor set, e.g. ff3 (factors/ff3.csv)')
    .optional()
    .meta({ description: 'Factor set for model=factor (imported from factors/<name>.csv)' }),
};

type ParamsDraft = Partial<Record<keyof typeof studyParamFields, unknown>>;
const isWindow = (w: unknown): w is Window => Array.isArray(w) && w.length === 2 && w.every(Number.isInteger);

/**
 * Rules across fields. They run even when some field is invalid (so one answer lists every
 * problem), and so they check the shape of what they read.
 */
export function studyParamRules(p: ParamsDraft, ctx: z.RefinementCtx): void {
  if (p === null || typeof p !== 'object') return; // not an object: the object check reports it
  const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (p.model === 'factor' && !p.factors) bad('factors', 'the factor model needs `factors`: the name of an imported factor set (factors/<name>.csv)');
  if (p.model !== 'factor' && p.factors) bad('factors', 'only the factor model uses `factors`; add model=factor');
  // Factor files hold simple (decimal) returns: a log stock return against them mixes units.
  if (p.model === 'factor' && p.returns === 'log') bad('returns', 'the factor model uses simple returns (factor series are simple returns)');
  // Later rules read only windows that are themselves valid, so one mistake is reported once.
  let estimation = isWindow(p.estimation) ? p.estimation : undefined;
  let window = isWindow(p.window) ? p.window : undefined;
  if (estimation && estimation[0] > estimation[1]) {
    bad('estimation', `start ${estimation[0]} is after end ${estimation[1]}`);
    estimation = undefined;
  }
  if (window && window[0] > window[1]) {
    bad('window', `start ${window[0]} is after end ${window[1]}`);
    window = undefined;
  } else if (window && (window[0] > 0 || window[1] < 0)) {
    bad('window', `must contain day 0 (got [${window[0]},${window[1]}])`);
    window = undefined;
  }
  if (estimation) {
    const [e1, e2] = estimation;
    if (e2 - e1 + 1 > LIMITS.maxEstimationDays) bad('estimation', `is longer than ${LIMITS.maxEstimationDays} days`);
    if (typeof p.min_obs === 'number' && p.min_obs > e2 - e1 + 1) {
      bad('min_obs', `${p.min_obs} is more than the ${e2 - e1 + 1} days of the estimation window`);
    }
  }
  if (window) {
    const [w1, w2] = window;
    if (w2 - w1 + 1 > LIMITS.maxEventDays) bad('window', `is longer than ${LIMITS.maxEventDays} days`);
    if (estimation && estimation[1] >= w1) {
      bad('estimation', `must end before the event window starts (estimation ends ${estimation[1]}, window starts ${w1})`);
    }
    if (Array.isArray(p.car)) {
      if (p.car.length > LIMITS.maxCarWindows) bad('car', `at most ${LIMITS.maxCarWindows} CAR windows`);
      p.car.forEach((c, i) => {
        if (isWindow(c) && (c[0] > c[1] || c[0] < w1 || c[1] > w2)) {
          bad(`car.${i}`, `[${c[0]},${c[1]}] must be an ordered window inside the event window [${w1},${w2}]`);
        }
      });
    }
  }
}

/** Refinements run despite earlier issues: every problem in one answer. */
export const ALWAYS = { when: () => true } as const;

export const StudyParamsSchema = z.object(studyParamFields).superRefine(studyParamRules, ALWAYS);

export type StudyParams = z.output<typeof StudyParamsSchema>;
