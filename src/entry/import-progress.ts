import type { FileReport, ImportReport } from '../store/import-directory.js';

type Stream = { write(text: string): unknown; isTTY?: boolean };

/**
 * Progress on one line that a terminal rewrites in place (`last` ends it); in a log, where
 * rewriting is impossible, only the lines marked `log` are written.
 */
export function writeProgress(stream: Stream, text: string, last: boolean, log: boolean): void {
  if (stream.isTTY) stream.write(`\r\x1b[2K${text}${last ? '\n' : ''}`);
  else if (log) stream.write(`${text}\n`);
}

/** Import progress: one updating line on a terminal; a line every 100 files in a log. */
export function progressLine(stream: Stream = process.stderr) {
  return (done: number, total: number, report: FileReport) => {
    const text = `importing ${done}/${total} ${report.kind}/${report.symbol} (${report.status})`;
    writeProgress(stream, text, done === total, done % 100 === 0 || done === total);
  };
}

/** A human summary: totals, then each file with rejected rows or a failure, with the reasons. */
export function summarize(report: ImportReport): string {
  const by = (s: FileReport['status']) => report.files.filter((f) => f.status === s).length;
  const stored = report.files.reduce((n, f) => n + f.rows_stored, 0);
  const lines = [
    `${report.directory}: ${report.files.length} files in ${report.seconds.toFixed(1)} s — ` +
      `${by('imported')} imported (${stored} rows), ${by('unchanged')} unchanged, ${by('failed')} failed, ${by('refused')} refused`,
  ];
  for (const f of report.files) {
    if (f.status === 'failed') lines.push(`  FAILED ${f.kind}/${f.symbol}: ${f.error} (earlier data for ${f.symbol} kept)`);
    else if (f.status === 'refused') lines.push(`  REFUSED ${f.kind}/${f.symbol}: ${f.error}`);
    else if (f.rows_rejected > 0) {
      const why = f.rejects.map((r) => `${r.count} ${r.reason} (line ${r.lines.join(', ')}${r.count > r.lines.length ? ', ...' : ''})`);
      lines.push(`  ${f.kind}/${f.symbol}: read ${f.rows_read}, stored ${f.rows_stored}, rejected ${f.rows_rejected}: ${why.join('; ')}`);
    }
  }
  return lines.join('\n');
}
