/** A tabular result: column names and rows of plain values (CSV, spreadsheets). */
export type Table = { columns: string[]; rows: unknown[][] };
