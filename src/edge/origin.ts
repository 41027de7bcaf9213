import { ServiceUnavailableError } from '../errors.js';

/** The analytics tier (Node + DuckDB) as the edge sees it: a request in, its response out. */
export type Origin = (request: Request) => Promise<Response>;

/**
 * An origin at a base URL: a VM, Fly, Cloud Run, or `npm start` on loopback for `npm run
 * dev:edge`. The request keeps its method, headers (Authorization included) and body; a path
 * prefix in `base` is kept in front of the request's path.
 */
export function urlOrigin(base: string): Origin {
  const root = new URL(base);
  const prefix = root.pathname.replace(/\/$/, '');
  return async (request) => {
    const incoming = new URL(request.url);
    const target = new URL(`${prefix}${incoming.pathname}${incoming.search}`, root);
    try {
      return await fetch(new Request(target, request), { redirect: 'manual' });
    } catch (err) {
      throw new ServiceUnavailableError(
        `The analytics tier at ${root.origin} did not answer (${(err as Error).message}). ` +
          'Studies, prices and premarket are computed there; check that it runs and that ANALYTICS_ORIGIN points at it.',
      );
    }
  };
}

/** When neither a container binding nor ANALYTICS_ORIGIN is configured. */
export const noOrigin: Origin = async () => {
  throw new ServiceUnavailableError(
    'This edge deployment has no analytics tier configured: set ANALYTICS_ORIGIN to the Node server (npm start) ' +
      'or bind the ANALYTICS container in wrangler.toml. Studies, prices and premarket are computed there.',
  );
};
