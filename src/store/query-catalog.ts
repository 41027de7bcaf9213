import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the SQL lives: `queries/<name>.sql`, one query per file, named by what it returns. */
export const QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

const cache = new Map<string, string>();

/** The text of `queries/<name>.sql` (read once, then cached). */
export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(name)) throw new Error(`Bad query name: ${name}`);
    text = readFileSync(`${QUERIES_DIR}${name}.sql`, 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Migration files in `queries/migrations/`, in the order they apply. */
export function migrationNames(): string[] {
  return readdirSync(`${QUERIES_DIR}migrations`)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => `migrations/${f.slice(0, -4)}`);
}
