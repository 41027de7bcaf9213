import { describe, expect, it } from 'vitest';
import { forbiddenInBundle } from '../../scripts/worker-bundle-rules.js';

describe('the Worker bundle check', () => {
  it('finds DuckDB, Node-only built-ins and the project\'s Node-only modules', () => {
    expect(forbiddenInBundle('import { DuckDBInstance } from "@duckdb/node-api";')).toEqual(['DuckDB']);
    expect(forbiddenInBundle('import { readFileSync } from "node:fs";\nconst cp = require("child_process");')).toEqual(['node:fs', 'node:child_process']);
    expect(forbiddenInBundle('// src/store/duckdb-store.ts\nvar DuckDbStore = class {};')).toEqual(['the DuckDB store (src/store/)']);
    expect(forbiddenInBundle('// src/entry/node-deps.ts\n')).toEqual(['a Node entry (src/entry/node*, cli)']);
    expect(forbiddenInBundle('import { serve } from "@hono/node-server";')).toEqual(['@hono/node-server']);
  });

  it('lets through what workerd provides with nodejs_compat', () => {
    const bundle = 'import { Writable } from "node:stream";\nimport { EventEmitter } from "node:events";\nimport { DurableObject } from "cloudflare:workers";\n// src/edge/forward.ts\n// src/entry/worker.ts\n';
    expect(forbiddenInBundle(bundle)).toEqual([]);
  });
});
