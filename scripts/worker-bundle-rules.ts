/**
 * What must never be in the Worker bundle: DuckDB (a native binding that cannot load in a
 * Workers isolate), Node-only built-ins that workerd does not provide even with nodejs_compat,
 * and the project's Node-only modules (the DuckDB store, the Node entries).
 */
const NODE_ONLY_BUILTINS = ['fs', 'fs/promises', 'child_process', 'net', 'tls', 'http', 'https', 'http2', 'worker_threads', 'cluster', 'dgram', 'readline', 'repl', 'vm', 'v8', 'inspector'];

const RULES: { name: string; pattern: RegExp }[] = [
  { name: 'DuckDB', pattern: /@duckdb\/|duckdb[-_]node|\.duckdb_extension|node-bindings/i },
  { name: '@hono/node-server', pattern: /@hono\/node-server/ },
  { name: 'the DuckDB store (src/store/)', pattern: /^\/\/ src\/store\//m },
  { name: 'a Node entry (src/entry/node*, cli)', pattern: /^\/\/ src\/entry\/(node|node-deps|cli|sync-command|import-progress)\.ts/m },
  ...NODE_ONLY_BUILTINS.map((m) => ({
    name: `node:${m}`,
    pattern: new RegExp(`(?:from\\s*|require\\(\\s*|import\\(\\s*)["'](?:node:)?${m.replace('/', '\\/')}["']`),
  })),
];

/** The names of the forbidden things found in a bundle's text (empty when clean). */
export function forbiddenInBundle(code: string): string[] {
  return RULES.filter((r) => r.pattern.test(code)).map((r) => r.name);
}
