import { lookup } from 'node:dns/promises';

/**
 * Whether Yahoo's host resolves here. The tests of the offline path use the machine's real
 * network and only make sense where it is missing (this project's machines and CI); elsewhere the
 * injected-fetch fault tests cover the same code.
 */
export const yahooReachable = await lookup('query2.finance.yahoo.com').then(
  () => true,
  () => false,
);
