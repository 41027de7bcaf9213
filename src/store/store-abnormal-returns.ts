import { listValue } from '@duckdb/node-api';
import type { AbnormalReturnColumns, AbnormalReturnRequest, AbnormalReturnSource } from '../study/abnormal-returns.js';
import type { QueryRunner } from './duckdb-store.js';

export class StoreAbnormalReturns implements AbnormalReturnSource {
  constructor(private readonly db: QueryRunner) {}

  abnormalReturns(req: AbnormalReturnRequest): Promise<AbnormalReturnColumns> {
    return this.db.columns<AbnormalReturnColumns>('study-abnormal-returns', {
      keys: listValue(req.items.map((i) => i.key)),
      symbols: listValue(req.items.map((i) => i.symbol)),
      benchmarks: listValue(req.items.map((i) => i.benchmark)),
      day0s: listValue(req.items.map((i) => i.day0)),
      log: req.returns === 'log',
      model: req.model,
      est_start: req.estimation[0],
      est_end: req.estimation[1],
      win_start: req.window[0],
      win_end: req.window[1],
    });
  }
}
