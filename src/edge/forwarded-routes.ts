/**
 * Which requests the edge hands to the analytics tier (Node + DuckDB): everything that reads
 * prices or writes events. The catalog, day-0 rules, OpenAPI and /docs stay at the edge.
 */
const FORWARDED: { methods: readonly string[]; path: RegExp; write?: true }[] = [
  { methods: ['GET', 'HEAD'], path: /^\/v1\/events\/[^/]+\/(study|premarket)$/ },
  { methods: ['GET', 'HEAD'], path: /^\/v1\/prices\/[^/]+$/ },
  { methods: ['POST'], path: /^\/v1\/(studies|premarket)$/ },
  // Writes keep the bearer-key rule of the analytics tier: the Authorization header goes along.
  { methods: ['POST'], path: /^\/v1\/events$/, write: true },
  { methods: ['PUT', 'DELETE'], path: /^\/v1\/events\/[^/]+$/, write: true },
];

const route = (method: string, pathname: string) => FORWARDED.find((r) => r.methods.includes(method) && r.path.test(pathname));

export function isForwarded(method: string, pathname: string): boolean {
  return route(method, pathname) !== undefined;
}

/** Reads whose invalid input the edge rejects itself (a write is checked for its key first, there). */
export function isValidatedAtEdge(method: string, pathname: string): boolean {
  const r = route(method, pathname);
  return r !== undefined && !r.write;
}
