/**
 * Every number and date is bounded at validation, in query strings and bodies alike (issue 14):
 * what used to reach the engine and fail there as a 500 is now a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE, apiApp, jsonInit, type ApiApp } from '../helpers/contract-app.js';
import { expectProblemShape } from '../helpers/problem-shape.js';
import { hasSharedData } from '../helpers/shared-data.js';

let a: ApiApp;
beforeAll(async () => {
  if (!hasSharedData) return;
  a = await apiApp({ symbols: ['PANW', 'SPY'] });
});
afterAll(() => a?.store.close());

const study = `/v1/events/${HEADLINE}/study`;
const premarket = `/v1/events/${HEADLINE}/premarket`;
const one = { symbol: 'PANW', date: '2026-01-14' };

describe.skipIf(!hasSharedData)('window offsets are bounded', () => {
  it.each([
    [study, 'estimation=-100000000,-99999500', 'estimation'],
    [premarket, 'estimation=-100000000,-99999500', 'estimation'],
    [study, 'estimation=-2600,-2521', 'estimation'],
    [study, 'window=-5,99999999999999999999', 'window'],
    [study, 'car=0,0;0,9007199254740993', 'car'],
    [premarket, 'bars=-99999999,0', 'bars'],
  ])('GET %s?%s is 400 on %s', async (path, query, field) => {
    const problem = await expectProblemShape(await a.app.request(`${path}?${query}`), 400, path);
    expect(problem.errors!.map((e) => e.field.split('.')[0])).toContain(field);
    expect(problem.detail).toMatch(/-2520 to 2520/);
  });

  it.each([
    ['/v1/studies', { estimation: [-100000000, -99999500] }],
    ['/v1/premarket', { estimation: [-100000000, -99999500] }],
    ['/v1/studies', { window: [-5, Number.MAX_SAFE_INTEGER + 2] }],
  ])('POST %s with %j is 400', async (path, params) => {
    const problem = await expectProblemShape(await a.app.request(path, jsonInit('POST', { securities: [one], ...params })), 400, path);
    expect(problem.detail).toMatch(/-2520 to 2520|integer/);
  });

  it('the largest allowed reach is accepted (the study runs, or says why it cannot)', async () => {
    const res = await a.app.request(`${study}?estimation=-2520,-1521&min_obs=10`);
    expect([200, 422]).toContain(res.status);
  });
});

describe.skipIf(!hasSharedData)('dates and timestamps are bounded to 1900-2100', () => {
  it.each([
    ['announced_at', '9999-01-14T06:10:00-05:00'],
    ['announced_at', '0050-01-14T06:10:00Z'],
    ['announced_at', '1899-12-31T12:00:00Z'],
    ['date', '0100-01-14'],
    ['date', '2101-01-03'],
  ])('an ad-hoc study with %s %s is 400', async (field, value) => {
    for (const path of ['/v1/studies', '/v1/premarket']) {
      const problem = await expectProblemShape(await a.app.request(path, jsonInit('POST', { securities: [{ symbol: 'PANW', [field]: value }] })), 400, path);
      expect(problem.errors!.map((e) => e.field)).toContain(`securities.0.${field}`);
    }
  });

  it('price ranges outside 1900-2100 are 400', async () => {
    const problem = await expectProblemShape(await a.app.request('/v1/prices/PANW?from=0001-01-01&to=9999-12-31'), 400, '/v1/prices/PANW');
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['from', 'to']);
  });

  it('the edges of the range are accepted', async () => {
    expect((await a.app.request('/v1/prices/PANW?from=1900-01-01&to=2100-12-31')).status).toBe(200);
  });
});
