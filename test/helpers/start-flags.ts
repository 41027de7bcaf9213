import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/**
 * The Node options `npm start` runs the server with (package.json's start script, `--import tsx`
 * aside): the benchmarks run the server as shipped, and the Dockerfile must start it the same way.
 */
export function startNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const args = start.split(/\s+/);
  return args.filter((a, i) => a.startsWith('--') && a !== '--import' && args[i - 1] !== '--import');
}
