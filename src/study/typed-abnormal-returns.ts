/**
 * The AbnormalReturnSource computed in process from cached closes (typed arrays) instead of by
 * queries/study-abnormal-returns.sql: same rows, same definitions, fixed summation order.
 */
import type { AbnormalReturnColumns, AbnormalReturnRequest, AbnormalReturnSource } from './abnormal-returns.js';
import { type SeriesCache, firstOnOrAfter, fromEpochDay, toEpochDay } from './aligned-series.js';
import { fitWindow } from './window-fit.js';

export class TypedAbnormalReturns implements AbnormalReturnSource {
  constructor(
    private readonly series: SeriesCache,
    private readonly dataVersion: () => Promise<string>,
  ) {}

  async abnormalReturns(req: AbnormalReturnRequest): Promise<AbnormalReturnColumns> {
    const all = await this.series.aligned(req.items, req.returns, await this.dataVersion());
    const cols: AbnormalReturnColumns = {
      key: [], t: [], date: [], ri: [], rm: [], ar: [], in_est: [], rm_dev: [],
      n: [], df: [], alpha: [], beta: [], r2: [], s2: [], ssm: [],
    };
    // Rows are ordered by key, as the SQL orders them.
    const order = req.items.map((item, i) => ({ item, i })).sort((a, b) => (a.item.key < b.item.key ? -1 : a.item.key > b.item.key ? 1 : 0));
    const dateText = new Map<number, string>();
    for (const { item, i } of order) {
      const s = all[i]!;
      const pos0 = firstOnOrAfter(s.dates, toEpochDay(item.day0));
      if (pos0 >= s.dates.length) continue;
      const fit = fitWindow(s, pos0, req.model, req.estimation, req.window);
      if (!fit) continue;
      const rows = (from: number, to: number, inEst: boolean) => {
        for (let j = from; j < to; j++) {
          const rmDev = s.rm[j]! - fit.meanRm;
          const day = s.dates[j]!;
          let date = dateText.get(day);
          if (date === undefined) dateText.set(day, (date = fromEpochDay(day)));
          cols.key.push(item.key);
          cols.t.push(j - pos0);
          cols.date.push(date);
          cols.ri.push(s.ri[j]!);
          cols.rm.push(s.rm[j]!);
          cols.ar.push(s.ri[j]! - (fit.intercept + fit.slope * s.rm[j]!));
          cols.in_est.push(inEst);
          cols.rm_dev.push(rmDev);
          cols.n.push(fit.n);
          cols.df.push(fit.df);
          cols.alpha.push(fit.alpha);
          cols.beta.push(fit.beta);
          cols.r2.push(fit.r2);
          cols.s2.push(fit.s2);
          cols.ssm.push(fit.ssm);
        }
      };
      rows(fit.estFrom, fit.estTo, true);
      rows(Math.max(fit.winFrom, fit.estTo), fit.winTo, false);
    }
    return cols;
  }
}
