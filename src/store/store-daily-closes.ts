import { listValue } from '@duckdb/node-api';
import type { ClosesSource, DailyCloses } from '../study/aligned-series.js';
import type { QueryRunner } from './duckdb-store.js';

export class StoreDailyCloses implements ClosesSource {
  constructor(private readonly db: QueryRunner) {}

  async closes(symbols: readonly string[]): Promise<DailyCloses[]> {
    const cols = await this.db.typed<{ sym: Int32Array; date: Int32Array; adj_close: Float64Array; volume: Float64Array }>('daily-closes', {
      symbols: listValue([...symbols]),
    });
    // Each symbol is one contiguous run, copied out so that a cached symbol does not keep the
    // whole result's buffers alive; volumes only for symbols that have any (most US files do not).
    const out: DailyCloses[] = [];
    let from = 0;
    for (let k = 0; k < symbols.length; k++) {
      let to = from;
      let anyVolume = false;
      for (; to < cols.sym.length && cols.sym[to] === k; to++) anyVolume ||= !Number.isNaN(cols.volume[to]!);
      const series: DailyCloses = { dates: cols.date.slice(from, to), closes: cols.adj_close.slice(from, to) };
      if (anyVolume) series.volumes = cols.volume.slice(from, to);
      out.push(series);
      from = to;
    }
    return out;
  }
}
