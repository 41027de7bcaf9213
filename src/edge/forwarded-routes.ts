/**
 * Which requests the edge hands to the analytics tier (Node + DuckDB): everything that reads
 * prices or writes events. The catalog, day-0 rules, OpenAPI and /docs stay at the edge.
 */
const FORWARDED: { methods: readonly string[]; path: RegExp }[] = [
  { methods: ['GET', 'HEAD'], path: /^\/v1\/events\/[^/]+\/(study|premarket)$/ },
  { methods: ['GET', 'HEAD'], path: /^\/v1\/prices\/[^/]+$/ },
  { methods: ['POST'], path: /^\/v1\/(studies|premarket)$/ },
  // Writes keep the bearer-key rule of the analytics tier: the Authorization header goes along.
  { methods: ['POST'], path: /^\/v1\/events$/ },
  { methods: ['PUT', 'DELETE'], path: /^\/v1\/events\/[^/]+$/ },
];

export function isForwarded(method: string, pathname: string): boolean {
  return FORWARDED.some((r) => r.methods.includes(method) && r.path.test(pathname));
}
