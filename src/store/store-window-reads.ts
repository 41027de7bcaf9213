import { listValue } from '@duckdb/node-api';
import { fromEpochDay } from '../study/aligned-series.js';
import type { DatedRange, RangeVolumes, VolumeSource, WindowDiagnostics, WindowDiagnosticsSource } from '../study/stored-window.js';
import type { QueryRunner } from './duckdb-store.js';

/**
 * The estimation-window diagnostics and volumes in SQL: the reference for the in-process reads
 * the service uses (src/study/stored-window.ts, test/study/stored-window.test.ts).
 */
export class StoreWindowReads implements WindowDiagnosticsSource, VolumeSource {
  constructor(private readonly db: QueryRunner) {}

  private static bind(items: readonly DatedRange[]) {
    return {
      symbols: listValue(items.map((i) => i.symbol)),
      froms: listValue(items.map((i) => fromEpochDay(i.from))),
      tos: listValue(items.map((i) => fromEpochDay(i.to))),
    };
  }

  async windows(items: readonly DatedRange[]): Promise<WindowDiagnostics[]> {
    if (items.length === 0) return [];
    const rows = await this.db.all<{ returns: number; unchanged: number; volume_days: number; zero_volume_days: number; stalest_stretch: number }>(
      'estimation-window-diagnostics',
      StoreWindowReads.bind(items),
    );
    return rows.map((r) => ({
      zeroReturnShare: r.returns > 0 ? r.unchanged / r.returns : 0,
      stalestStretchShare: r.stalest_stretch,
      zeroVolumeShare: r.volume_days > 0 ? r.zero_volume_days / r.volume_days : null,
    }));
  }

  async volumes(items: readonly DatedRange[]): Promise<RangeVolumes[]> {
    if (items.length === 0) return [];
    const cols = await this.db.typed<{ item: Int32Array; date: Int32Array; volume: Float64Array }>('daily-volumes', StoreWindowReads.bind(items));
    const out: RangeVolumes[] = items.map(() => ({ dates: new Int32Array(0), volumes: new Float64Array(0) }));
    // Rows come ordered by item: one run per item that has volume.
    for (let from = 0, to = 0; from < cols.item.length; from = to) {
      while (to < cols.item.length && cols.item[to] === cols.item[from]) to++;
      out[cols.item[from]!] = { dates: cols.date.slice(from, to), volumes: cols.volume.slice(from, to) };
    }
    return out;
  }
}
