import { listValue } from '@duckdb/node-api';
import type { VolumeSource } from '../study/abnormal-volume.js';
import type { QueryRunner } from './duckdb-store.js';

export class StoreVolumes implements VolumeSource {
  constructor(private readonly db: QueryRunner) {}

  async volumes(items: readonly { symbol: string; from: string; to: string }[]): Promise<Map<string, number>[]> {
    const out = items.map(() => new Map<string, number>());
    if (items.length === 0) return out;
    const rows = await this.db.all<{ item: number; date: string; volume: number }>('daily-volumes', {
      symbols: listValue(items.map((i) => i.symbol)),
      froms: listValue(items.map((i) => i.from)),
      tos: listValue(items.map((i) => i.to)),
    });
    for (const r of rows) out[r.item]!.set(r.date, r.volume);
    return out;
  }
}
