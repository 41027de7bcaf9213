import { listValue } from '@duckdb/node-api';
import type { WindowDiagnostics, WindowDiagnosticsSource } from '../study/guard-rails.js';
import type { QueryRunner } from './duckdb-store.js';

export class StoreWindowDiagnostics implements WindowDiagnosticsSource {
  constructor(private readonly db: QueryRunner) {}

  async windows(items: readonly { symbol: string; from: string; to: string }[]): Promise<WindowDiagnostics[]> {
    if (items.length === 0) return [];
    const rows = await this.db.all<{ returns: number; unchanged: number; volume_days: number; zero_volume_days: number; stalest_stretch: number }>('estimation-window-diagnostics', {
      symbols: listValue(items.map((i) => i.symbol)),
      froms: listValue(items.map((i) => i.from)),
      tos: listValue(items.map((i) => i.to)),
    });
    return rows.map((r) => ({
      zeroReturnShare: r.returns > 0 ? r.unchanged / r.returns : 0,
      stalestStretchShare: r.stalest_stretch,
      zeroVolumeShare: r.volume_days > 0 ? r.zero_volume_days / r.volume_days : null,
    }));
  }
}
