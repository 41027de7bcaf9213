import { z } from '@hono/zod-openapi';

/** Response schemas of study routes (documentation and contract tests). */
const Num = z.number();
export const TestResultSchema = z
  .union([
    z.object({ statistic: Num, p: Num }),
    z.object({ statistic: z.null(), p: z.null(), reason: z.string() }),
  ])
  .openapi('TestResult');

const Tests = z
  .object({
    cross_sectional_t: TestResultSchema,
    patell_z: TestResultSchema,
    bmp_t: TestResultSchema,
    kp_bmp_t: TestResultSchema,
    kp_patell_z: TestResultSchema,
    corrado_zivney: TestResultSchema,
    generalized_sign: TestResultSchema,
    wilcoxon: TestResultSchema,
  })
  .openapi('PortfolioTests');

const WindowSchema = z.tuple([z.number().int(), z.number().int()]);

const DaySchema = z.object({
  t: z.number().int(),
  date: z.string(),
  return: Num,
  benchmark_return: Num,
  ar: Num,
  ar_t: Num,
  ar_p: Num,
  car: Num,
});

const CarSchema = z.union([
  z.object({ window: WindowSchema, car: Num, se: Num, t: Num, p: Num }),
  z.object({ window: WindowSchema, car: z.null(), se: z.null(), t: z.null(), p: z.null(), reason: z.string() }),
]);

/** The head fields of every per-security entry (studies and premarket). */
export const securityBaseFields = {
  id: z.string(),
  symbol: z.string(),
  role: z.string().optional(),
  benchmark: z.string(),
  day0: z.string().nullable(),
  day0_rule: z.string().nullable(),
};

export const SecurityOutcomeSchema = z
  .union([
    z.object({
      ...securityBaseFields,
      status: z.literal('ok'),
      estimation: z.object({
        n: z.number().int(),
        df: z.number().int(),
        alpha: Num.nullable(),
        beta: Num.nullable(),
        r2: Num.nullable(),
        sigma: Num,
        coefficients: z.record(z.string(), Num).optional(),
      }),
      days: z.array(DaySchema),
      cars: z.array(CarSchema),
    }),
    z.object({ ...securityBaseFields, status: z.literal('excluded'), reason: z.string() }),
  ])
  .openapi('SecurityOutcome');

export const StudyResultSchema = z
  .object({
    event: z.object({ id: z.string(), title: z.string(), date: z.string() }).nullable(),
    params: z.record(z.string(), z.unknown()),
    headline_test: z.object({ name: z.string(), reason: z.string() }),
    securities: z.array(SecurityOutcomeSchema),
    warnings: z.array(z.string()).optional(),
    rejected_rows: z
      .array(z.object({ line: z.number().int(), message: z.string() }))
      .optional()
      .openapi({ description: 'CSV upload: rows not studied, by line number (line 1 is the header)' }),
    duplicate_rows: z
      .array(z.object({ line: z.number().int(), first_line: z.number().int() }))
      .optional()
      .openapi({ description: 'CSV upload: repeated rows, skipped, with the line they repeat' }),
    portfolio: z.object({
      n: z.number().int(),
      rbar: Num.nullable(),
      rbar_pairs: z.number().int(),
      rbar_note: z.string().optional(),
      rbar_sampled_from: z.number().int().optional(),
      days: z.array(z.object({ t: z.number().int(), n: z.number().int(), aar: Num, caar: Num, tests: Tests })),
      cars: z.array(z.object({ window: WindowSchema, n: z.number().int(), caar: Num.nullable(), tests: Tests })),
    }),
  })
  .openapi('StudyResult');
