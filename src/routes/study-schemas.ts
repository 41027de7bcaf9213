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

const NumOrNull = Num.nullable();
const SecurityVolumeSchema = z
  .union([
    z.object({
      n: z.number().int(),
      df: z.number().int(),
      mean: Num,
      sigma: Num,
      days: z.array(z.object({ t: z.number().int(), date: z.string(), log_volume: Num, av: Num, av_t: NumOrNull, av_p: NumOrNull })),
      windows: z.array(z.object({ window: WindowSchema, cav: NumOrNull, se: NumOrNull, t: NumOrNull, p: NumOrNull })),
    }),
    z.object({ reason: z.string() }),
  ])
  .openapi('SecurityVolume', { description: 'Abnormal log volume (mean-adjusted, Campbell-Wasley), where volume is stored.' });

const GroupVolumeSchema = z.object({
  members: z.array(z.string()),
  days: z.array(z.object({ t: z.number().int(), n: z.number().int(), aav: Num, cross_sectional_t: TestResultSchema, campbell_wasley_t: TestResultSchema })),
  windows: z.array(z.object({ window: WindowSchema, n: z.number().int(), caav: NumOrNull, cross_sectional_t: TestResultSchema, campbell_wasley_t: TestResultSchema })),
});

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
      volume: SecurityVolumeSchema.optional(),
    }),
    z.object({ ...securityBaseFields, status: z.literal('excluded'), reason: z.string() }),
  ])
  .openapi('SecurityOutcome');

export const VerdictSchema = z
  .object({
    window: WindowSchema,
    n: z.number().int(),
    caar: Num.nullable(),
    test: z.string(),
    p: Num.nullable(),
    strength: z.enum(['significant', 'weak', 'none', 'untested']),
    warnings: z.array(z.string()),
    finding: z.string(),
    sentence: z.string(),
  })
  .openapi('Verdict', { description: 'One CAR window in words: the headline test and p that drove them, and the warnings they carry.' });

export const WarningSchema = z
  .object({ code: z.string(), securities: z.array(z.string()), message: z.string() })
  .openapi('StudyWarning', { description: 'Something to weigh before believing the numbers (docs/conventions.md, "Warnings").' });

const DifferenceTestSchema = z.union([
  z.object({ statistic: Num, p: Num, df: Num, se: Num }),
  z.object({ statistic: z.null(), p: z.null(), reason: z.string(), df: z.null(), se: z.null() }),
]);

export const StudyGroupSchema = z
  .object({
    name: z.string(),
    members: z.array(z.string()),
    ok: z.array(z.string()),
    n: z.number().int(),
    benchmarks: z.array(z.string()),
    currencies: z.array(z.string()),
    day0: z.array(z.string()),
    note: z.string().nullable(),
    rbar: Num.nullable(),
    rbar_pairs: z.number().int(),
    rbar_note: z.string().optional(),
    days: z.array(z.object({ t: z.number().int(), n: z.number().int(), aar: Num, caar: Num, tests: Tests, dates: z.array(z.string()) })),
    cars: z.array(z.object({ window: WindowSchema, n: z.number().int(), caar: Num.nullable(), tests: Tests })),
    volume: GroupVolumeSchema.optional(),
  })
  .openapi('StudyGroup', { description: "One group of the event's securities (a catalog role; control peers: control) with its own portfolio tests." });

export const GroupDifferenceSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    currencies: z.array(z.string()),
    note: z.string().nullable(),
    windows: z.array(
      z.object({
        window: WindowSchema,
        n_a: z.number().int(),
        n_b: z.number().int(),
        mean_a: Num.nullable(),
        mean_b: Num.nullable(),
        difference: Num.nullable(),
        kp_welch_t: DifferenceTestSchema,
        welch_t: DifferenceTestSchema,
        welch_scar_t: DifferenceTestSchema,
        pooled_t: DifferenceTestSchema,
      }),
    ),
  })
  .openapi('GroupDifference', { description: 'Mean CAR of group a minus group b per CAR window, with KP-adjusted Welch (headline), Welch, Welch on SCARs and pooled t.' });

export const StudyResultSchema = z
  .object({
    event: z.object({ id: z.string(), title: z.string(), date: z.string() }).nullable(),
    params: z.record(z.string(), z.unknown()),
    headline_test: z.object({ name: z.string(), reason: z.string() }),
    securities: z.array(SecurityOutcomeSchema),
    summary: z.array(VerdictSchema),
    warnings: z.array(WarningSchema),
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
    groups: z.array(StudyGroupSchema).optional(),
    differences: z.array(GroupDifferenceSchema).optional(),
  })
  .openapi('StudyResult');
