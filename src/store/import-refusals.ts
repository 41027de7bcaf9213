import type { QueryRunner } from './duckdb-store.js';

/**
 * When an import refuses a file for a symbol (unless the user asks for replacement): the file is
 * damaged (a truncated last line, duplicate dates or times, non-positive prices) or storing it
 * would remove history that is stored now. A refused file leaves the stored series exactly as it
 * was; the reason says what to check and that `--replace` overrides.
 */

/** Row reasons that mark a damaged file rather than one odd row. */
const DAMAGE = ['duplicate date', 'duplicate time', 'non-positive price'];

export type FileShape = {
  /** The last data line has fewer fields than the header (an interrupted write or download). */
  lastLineShort: boolean;
  /** The file's last byte is a line end. */
  endsWithNewline: boolean;
  /** Number of data rows (the last one's position). */
  rows: number;
};

/** Why a judged file is damaged, or undefined. */
export function damage(rejects: { reason: string; count: number; lines: number[] }[], rejectedPositions: Set<number>, shape: FileShape): string | undefined {
  const reasons: string[] = [];
  const lastRejected = rejectedPositions.has(shape.rows);
  if (shape.lastLineShort || (!shape.endsWithNewline && lastRejected)) reasons.push('its last line is truncated');
  for (const r of rejects) {
    if (DAMAGE.includes(r.reason)) reasons.push(`${r.count} row${r.count === 1 ? '' : 's'} with ${r.reason} (line ${r.lines.join(', ')}${r.count > r.lines.length ? ', ...' : ''})`);
  }
  return reasons.length ? `the file looks damaged: ${reasons.join('; ')}` : undefined;
}

type DailySpans = {
  file_rows: number;
  file_first: string | null;
  file_last: string | null;
  stored_rows: number;
  stored_first: string | null;
  stored_last: string | null;
};

/** Why storing the staged daily rows would remove stored history of `symbol`, or undefined. */
export async function dailyHistoryLoss(tx: QueryRunner, symbol: string): Promise<string | undefined> {
  const s = await tx.one<DailySpans>('staged-daily-against-stored', { symbol });
  if (!s || s.stored_rows === 0 || !s.file_first || !s.file_last) return undefined;
  const losses: string[] = [];
  if (s.file_rows < s.stored_rows) losses.push(`it has ${s.file_rows} valid rows where ${s.stored_rows} are stored`);
  if (s.file_first > s.stored_first!) losses.push(`it starts ${s.file_first}, after the stored series (${s.stored_first})`);
  if (s.file_last < s.stored_last!) losses.push(`it ends ${s.file_last}, before the stored series (${s.stored_last})`);
  return losses.length ? `importing it would remove stored history: ${losses.join('; ')}` : undefined;
}

/** Why storing the staged intraday bars would remove stored bars of `symbol`, or undefined. */
export async function intradayHistoryLoss(tx: QueryRunner, symbol: string, interval: string): Promise<string | undefined> {
  const s = await tx.one<{ lost: number; first_lost: string | null }>('staged-intraday-against-stored', { symbol, interval });
  if (!s || s.lost === 0) return undefined;
  return `importing it would remove stored history: ${s.lost} stored ${interval} bar${s.lost === 1 ? '' : 's'} inside the file's time range are missing from it (first ${s.first_lost})`;
}

export const REPLACE_HINT = 'the stored series is kept; import with --replace to store the file anyway';
