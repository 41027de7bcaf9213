import { describe, expect, it } from 'vitest';
import { describeWindow, verdict } from '../../src/study/verdict.js';
import { studyWarnings, type SecurityDiagnostics } from '../../src/study/warnings.js';

const clean = (symbol: string, over: Partial<SecurityDiagnostics> = {}): SecurityDiagnostics => ({
  id: `${symbol}@2026-01-14`,
  symbol,
  benchmark: 'SPY',
  estimationN: 240,
  estimationRequested: 240,
  zeroReturnShare: 0.02,
  stalestStretchShare: 0.05,
  volatilityRatio: 1.3,
  maxAbsStandardizedAr: 4,
  maxAbsDate: '2025-06-02',
  zeroVolumeShare: null,
  day0: '2026-01-14',
  announcedDate: '2026-01-14',
  windowDates: ['2026-01-07', '2026-01-22'],
  ...over,
});

describe('verdict wording', () => {
  it('words p with the one rule set (plain-language.ts) at its cut-offs, two-sided 0.05 and 0.10', () => {
    const at = (p: number | null) => verdict({ window: [0, 0], n: 6, caar: 0.01, test: 'bmp_t', p, benchmark: 'SPY', warnings: [] });
    expect([0.0499, 0.05, 0.0999, 0.1, null].map((p) => at(p).strength)).toEqual(['significant', 'weak', 'weak', 'none', 'untested']);
    expect(at(0.07).sentence).toMatch(/\(p = 0\.07, BMP test\): weak evidence: could be chance\.$/);
    expect(at(0.0004).sentence).toContain('(p < 0.001, BMP test)');
  });

  it('writes a sentence a reporter can quote, with the test and p that drove it', () => {
    const v = verdict({ window: [0, 1], n: 9, caar: -0.0106, test: 'kp_bmp_t', p: 0.028, benchmark: 'the cybersecurity sector (CIBR)', warnings: [] });
    expect(v.sentence).toBe(
      'The nine securities fell 1.1% beyond the cybersecurity sector (CIBR) over the day of the news and the next (p = 0.03, Kolari-Pynnönen-adjusted BMP test): unlikely to be chance alone.',
    );
    expect(v.strength).toBe('significant');
    expect(v.finding).toBe(v.sentence);
  });

  it('never calls a result significant without stating its warnings', () => {
    const warnings = studyWarnings({
      securities: [clean('MP'), clean('USAR', { volatilityRatio: 9.5, zeroReturnShare: 0.25 })],
      sectorFunds: new Set(),
      confounders: [],
      headlineTestName: 'kp_bmp_t',
    });
    expect(warnings.map((w) => w.code)).toEqual(['few_securities', 'stale_prices', 'volatility_break']);
    const v = verdict({ window: [0, 1], n: 2, caar: 0.162, test: 'kp_bmp_t', p: 0.04, benchmark: 'the S&P 500 (SPY)', warnings });
    expect(v.strength).toBe('significant');
    expect(v.sentence).toContain('rose 16.2%');
    expect(v.sentence).toMatch(/Caveats: only 2 securities; stale prices for USAR; estimation window of USAR straddles a volatility break\.$/);
    expect(v.warnings).toEqual(['few_securities', 'stale_prices', 'volatility_break']);
  });

  it('names windows in words', () => {
    expect(describeWindow([0, 0])).toBe('on the day of the news');
    expect(describeWindow([-1, 1])).toBe('from the day before the news to the day after');
    expect(describeWindow([-5, 5])).toBe('from 5 trading days before to 5 trading days after');
  });
});

describe('warnings', () => {
  it('flags confounders only inside the security\'s event window, and sector-fund benchmarks', () => {
    const w = studyWarnings({
      securities: [1, 2, 3, 4, 5].map((i) => clean(`S${i}`, { benchmark: 'CIBR' })).concat(clean('AVGO', { benchmark: 'CIBR' })),
      sectorFunds: new Set(['CIBR']),
      confounders: [
        { symbols: ['AVGO'], date: '2026-01-14', description: 'Section 232 proclamation on AI-chip tariffs' },
        { symbols: ['S1'], date: '2026-03-01', description: 'outside the window' },
      ],
      headlineTestName: 'kp_bmp_t',
    });
    expect(w.map((x) => [x.code, x.securities])).toEqual([
      ['sector_benchmark', ['S1', 'S2', 'S3', 'S4', 'S5', 'AVGO']],
      ['confounding_event', ['AVGO']],
    ]);
  });

  it('says when day 0 is not the announcement date', () => {
    const w = studyWarnings({
      securities: [1, 2, 3, 4, 5].map((i) => clean(`S${i}`, { announcedDate: '2026-01-13' })),
      sectorFunds: new Set(),
      confounders: [],
      headlineTestName: 'bmp_t',
    });
    expect(w).toHaveLength(1);
    expect(w[0]!.code).toBe('day0_moved');
    expect(w[0]!.message).toContain('S1 (2026-01-13 -> 2026-01-14)');
  });
});
