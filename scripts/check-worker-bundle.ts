import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unstable_readConfig } from 'wrangler';
import { forbiddenInBundle } from './worker-bundle-rules.js';

/**
 * CI's build check of the edge tier: wrangler validates wrangler.toml (the [[containers]] entry
 * and its Durable Object binding), `wrangler deploy --dry-run --outdir` bundles the Worker, and
 * the bundle must hold no DuckDB and no Node-only module. Prints the bundle's size, gzipped.
 * The dry run uses a copy of wrangler.toml without [[containers]]: with it, wrangler would build
 * the image with Docker, which CI does not have (the image is `docker build` of the Dockerfile).
 */
const OUT = resolve('dist/worker');
const CHECK_DIR = '.wrangler/bundle-check';

function fail(message: string): never {
  console.error(`worker bundle check: ${message}`);
  process.exit(1);
}

const config = unstable_readConfig({ config: 'wrangler.toml' });
const container = config.containers?.find((c: { class_name?: string }) => c.class_name === 'AnalyticsContainer');
if (!container) fail('wrangler.toml declares no [[containers]] with class_name = "AnalyticsContainer"');
if (!config.durable_objects.bindings.some((b: { class_name: string; name: string }) => b.class_name === 'AnalyticsContainer' && b.name === 'ANALYTICS')) {
  fail('wrangler.toml binds no Durable Object ANALYTICS to AnalyticsContainer');
}

const toml = readFileSync('wrangler.toml', 'utf8')
  .replace(/^\[\[containers\]\][\s\S]*?(?=^\[)/m, '')
  .replace(/^main = "([^"]+)"/m, (_, main: string) => `main = "../../${main}"`);
mkdirSync(CHECK_DIR, { recursive: true });
writeFileSync(join(CHECK_DIR, 'wrangler.toml'), toml);

const run = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', OUT, '--config', join(CHECK_DIR, 'wrangler.toml')], {
  encoding: 'utf8',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
if (run.status !== 0) fail(`wrangler deploy --dry-run failed:\n${run.stdout}\n${run.stderr}`);

const code = readFileSync(join(OUT, 'worker.js'));
const found = forbiddenInBundle(code.toString('utf8'));
if (found.length > 0) fail(`the Worker bundle contains ${found.join(', ')}; the edge must not import them (see src/entry/worker.ts)`);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`worker bundle ok: ${kib(code.length)}, gzip ${kib(gzipSync(code, { level: 9 }).length)} (dist/worker/worker.js; no DuckDB, no Node-only module)`);
