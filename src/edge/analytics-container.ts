import { Container } from '@cloudflare/containers';

/** What the Worker's environment may hold for the analytics tier (wrangler.toml vars and secrets). */
export type EdgeEnv = {
  /** Durable Object namespace of the analytics container ([[containers]] in wrangler.toml). */
  ANALYTICS?: DurableObjectNamespaceLike;
  /** Any origin URL instead of the container: a VM, Fly, Cloud Run, or `npm start` on loopback. */
  ANALYTICS_ORIGIN?: string;
  /** Workers secret, passed to the container: writes need `Authorization: Bearer <API_KEY>`. */
  API_KEY?: string;
  /** Passed to the container: where its DuckDB lives (`md:<db>` for MotherDuck) and its prices. */
  DATABASE_PATH?: string;
  MOTHERDUCK_TOKEN?: string;
  PRICES_PARQUET?: string;
};

/** The part of a Durable Object namespace `getContainer` uses. */
export type DurableObjectNamespaceLike = {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(request: Request): Promise<Response> };
};

/** The settings the container's Node server reads; secrets come from the Worker's env, never code. */
function containerEnv(env: EdgeEnv): Record<string, string> {
  const vars: Record<string, string> = { HOST: '0.0.0.0', PORT: '8080' };
  for (const name of ['API_KEY', 'DATABASE_PATH', 'MOTHERDUCK_TOKEN', 'PRICES_PARQUET'] as const) {
    const value = env[name];
    if (value) vars[name] = value;
  }
  return vars;
}

/**
 * The analytics tier as a Cloudflare Container: the image built from the repo's Dockerfile
 * (`npm start`, DuckDB inside), started on the first forwarded request and put to sleep after
 * ten idle minutes. Cached studies and conditional requests never reach it.
 */
export class AnalyticsContainer extends Container<EdgeEnv> {
  override defaultPort = 8080;
  override sleepAfter = '10m';

  constructor(ctx: ConstructorParameters<typeof Container<EdgeEnv>>[0], env: EdgeEnv) {
    super(ctx, env);
    this.envVars = containerEnv(env);
  }
}
