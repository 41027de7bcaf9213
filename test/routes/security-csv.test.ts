import { describe, expect, it } from 'vitest';
import { SecurityCsvHeaderError, parseSecurityCsv } from '../../src/routes/security-csv.js';

describe('security-event CSV', () => {
  it('keeps good rows, repeated ones too (only the study knows day 0), and reports bad ones by line number', () => {
    const csv = [
      'symbol,date,announced_at,benchmark,group',
      'PANW,2026-01-14,,CIBR,named',
      'ftnt,,2026-01-14T06:10:00-05:00,,"named, US"',
      '',
      'PANW,2026-01-14,,CIBR,named',
      'PAN W,2026-01-14,,,',
      'CRWD,2026-02-30,,,',
      'ZS,2026-01-14,,',
      '"OKTA,2026-01-14,,,',
    ].join('\r\n');
    const parsed = parseSecurityCsv(csv);
    expect(parsed.rows).toEqual([
      { line: 2, symbol: 'PANW', date: '2026-01-14', benchmark: 'CIBR', group: 'named' },
      { line: 3, symbol: 'FTNT', announced_at: '2026-01-14T06:10:00-05:00', group: 'named, US' },
      { line: 5, symbol: 'PANW', date: '2026-01-14', benchmark: 'CIBR', group: 'named' },
    ]);
    expect(parsed.errors.map((e) => e.line)).toEqual([6, 7, 8, 9]);
    expect(parsed.errors[0]!.message).toMatch(/^symbol: must be a ticker/);
    expect(parsed.errors[1]!.message).toMatch(/^date: must be a real date/);
    expect(parsed.errors[2]!.message).toBe('4 fields, the header has 5');
    expect(parsed.errors[3]!.message).toBe('unterminated quoted field');
  });

  it('refuses a missing or unknown header with what is allowed', () => {
    expect(() => parseSecurityCsv('PANW,2026-01-14\n')).toThrow(SecurityCsvHeaderError);
    expect(() => parseSecurityCsv('symbol,when\nPANW,2026-01-14')).toThrow(/unknown column\(s\) when: allowed are symbol, date/);
    expect(() => parseSecurityCsv('symbol,benchmark\nPANW,SPY')).toThrow(/date or an announced_at/);
  });
});
