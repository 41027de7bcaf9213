import { z } from 'zod';

/**
 * Study parameters and their defaults. Windows are in trading days relative to day 0.
 * In a query string a window is "a,b" and several CAR windows are "0,0;0,1" or repeated `car=`.
 */
export const MODELS = ['market', 'market_adjusted', 'constant_mean', 'factor'] as const;
export type Model = (typeof MODELS)[number];
export type Window = [number, number];

export const LIMITS = { maxEstimationDays: 1000, maxEventDays: 121, maxCarWindows: 20, minMinObs: 10 } as const;

const windowText = z.string().transform((s, ctx): [number, number] => {
  const m = /^\s*(-?\d+)\s*,\s*(-?\d+)\s*$/.exec(s);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a window: write two trading-day offsets "a,b", e.g. -1,1` });
    return z.NEVER;
  }
  return [Number(m[1]), Number(m[2])];
});
const windowPair = z.tuple([z.number().int(), z.number().int()]);
/** A window given as "a,b" (query) or [a, b] (JSON). */
export const WindowInput = z.union([windowPair, windowText]);

const carList = z.union([
  z.array(z.union([windowPair, windowText])),
  z.string().transform((s) => s.split(';')).pipe(z.array(windowText)),
]);

export const StudyParamsSchema = z
  .object({
    model: z.enum(MODELS).default('market'),
    benchmark: z
      .string()
      .regex(/^\^?[A-Za-z0-9]+([.=-][A-Za-z0-9]+)*$/, 'must be a ticker such as SPY or CIBR')
      .transform((s) => s.toUpperCase())
      .optional(),
    estimation: WindowInput.default([-250, -11]),
    min_obs: z.coerce.number().int().min(LIMITS.minMinObs).default(100),
    window: WindowInput.default([-5, 5]),
    car: carList.default([
      [0, 0],
      [0, 1],
      [-1, 1],
      [-5, 5],
    ]),
    returns: z.enum(['simple', 'log']).default('simple'),
    factors: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must name an imported factor set, e.g. ff3 (factors/ff3.csv)')
      .optional(),
  })
  .superRefine((p, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (p.model === 'factor' && !p.factors) bad('factors', 'the factor model needs `factors`: the name of an imported factor set (factors/<name>.csv)');
    if (p.model !== 'factor' && p.factors) bad('factors', 'only the factor model uses `factors`; add model=factor');
    const [e1, e2] = p.estimation;
    const [w1, w2] = p.window;
    if (e1 > e2) bad('estimation', `start ${e1} is after end ${e2}`);
    if (w1 > w2) bad('window', `start ${w1} is after end ${w2}`);
    if (e2 >= w1) bad('estimation', `must end before the event window starts (estimation ends ${e2}, window starts ${w1})`);
    if (e2 - e1 + 1 > LIMITS.maxEstimationDays) bad('estimation', `is longer than ${LIMITS.maxEstimationDays} days`);
    if (w2 - w1 + 1 > LIMITS.maxEventDays) bad('window', `is longer than ${LIMITS.maxEventDays} days`);
    if (p.min_obs > e2 - e1 + 1) bad('min_obs', `${p.min_obs} is more than the ${e2 - e1 + 1} days of the estimation window`);
    if (p.car.length > LIMITS.maxCarWindows) bad('car', `at most ${LIMITS.maxCarWindows} CAR windows`);
    p.car.forEach(([a, b], i) => {
      if (a > b || a < w1 || b > w2) bad(`car.${i}`, `[${a},${b}] must be an ordered window inside the event window [${w1},${w2}]`);
    });
  });

export type StudyParams = z.output<typeof StudyParamsSchema>;

/** The parameters of a study with every default applied. */
export type ResolvedParams = Omit<StudyParams, 'benchmark'> & { benchmark: string | undefined };
