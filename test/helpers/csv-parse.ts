/** A strict RFC 4180 reader for the API's CSV responses (quoted fields, "" escapes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare ${ch === '\n' ? 'LF' : 'CR'} at offset ${i}: records must end with CRLF`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('the last record does not end with CRLF');
  return rows;
}

/** Header and records of a CSV text; every record must have the header's width. */
export function csvTable(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('CSV without a header');
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new Error(`record ${i + 1} has ${r.length} fields, the header ${header.length}`);
  });
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]!]))) };
}

/** The `filename` of a Content-Disposition header. */
export function dispositionFileName(header: string | null): string | undefined {
  return /filename="([^"]*)"/.exec(header ?? '')?.[1];
}
