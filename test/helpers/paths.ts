import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (/work/main), from this file's location. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The real, read-only shared market data: `../shared/market-data` relative to the project root. */
export const SHARED = resolve(ROOT, '../shared/market-data');

/** Tests that need the real data use `it.skipIf(!HAS_SHARED)`. */
export const HAS_SHARED = existsSync(SHARED);
