import { listValue } from '@duckdb/node-api';
import type { FactorReturnColumns, FactorReturnSource, FactorSet } from '../study/factor-model.js';
import type { QueryRunner } from './duckdb-store.js';

export class StoreFactorReturns implements FactorReturnSource {
  constructor(private readonly db: QueryRunner) {}

  factorSet(name: string): Promise<FactorSet | undefined> {
    return this.db.one<FactorSet>('factor-set', { name });
  }

  factorReturns(req: Parameters<FactorReturnSource['factorReturns']>[0]): Promise<FactorReturnColumns> {
    return this.db.columns<FactorReturnColumns>('study-factor-returns', {
      keys: listValue(req.items.map((i) => i.key)),
      symbols: listValue(req.items.map((i) => i.symbol)),
      day0s: listValue(req.items.map((i) => i.day0)),
      factor_set: req.factorSet,
      log: req.returns === 'log',
      est_start: req.estimation[0],
      est_end: req.estimation[1],
      win_start: req.window[0],
      win_end: req.window[1],
    });
  }
}
