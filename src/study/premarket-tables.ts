import type { Table } from '../domain/table.js';
import type { PremarketResult } from './premarket.js';

/** The premarket study as flat tables (CSV): one row per security, one per event-window day. */
export function premarketTables(result: PremarketResult): Record<string, () => Table> {
  return {
    securities: () => ({
      columns: [
        'id', 'symbol', 'role', 'benchmark', 'day0', 'status', 'reason', 'granularity',
        'previous_close', 'open', 'close', 'overnight_return', 'overnight_ar', 'overnight_t', 'overnight_p',
        'intraday_return', 'intraday_ar', 'intraday_t', 'intraday_p', 'close_to_close_ar', 'close_to_close_t',
        'close_to_close_p', 'share_overnight',
      ],
      rows: result.securities.map((s) => {
        const base = [s.id, s.symbol, s.role ?? null, s.benchmark, s.day0, s.status];
        if (s.status === 'ok') {
          const cc = s.close_to_close;
          return [
            ...base, null, s.data.granularity, s.prices?.previous_close ?? null, s.prices?.open ?? null, s.prices?.close ?? null,
            s.overnight.return, s.overnight.ar, s.overnight.t, s.overnight.p,
            s.intraday.return, s.intraday.ar, s.intraday.t, s.intraday.p, cc.ar, cc.ar_t, cc.ar_p, s.share_overnight,
          ];
        }
        const cc = 'close_to_close' in s ? s.close_to_close : null;
        const reason = 'reason' in s ? s.reason : 'live quote only';
        return [...base, reason, s.data.granularity, null, null, null, null, null, null, null, null, null, null, null, cc?.ar ?? null, cc?.ar_t ?? null, cc?.ar_p ?? null, null];
      }),
    }),
    days: () => ({
      columns: ['id', 'symbol', 't', 'date', 'overnight_return', 'overnight_ar', 'overnight_t', 'intraday_return', 'intraday_ar', 'intraday_t'],
      rows: result.securities.flatMap((s) =>
        s.status === 'ok'
          ? s.days.map((d) => [s.id, s.symbol, d.t, d.date, d.overnight?.return ?? null, d.overnight?.ar ?? null, d.overnight?.t ?? null, d.intraday?.return ?? null, d.intraday?.ar ?? null, d.intraday?.t ?? null])
          : [],
      ),
    }),
  };
}
