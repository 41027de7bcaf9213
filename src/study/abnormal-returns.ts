import type { Model, Window } from './params.js';

/** What the study asks the store for: each security-event's symbol, benchmark and day 0. */
export type AbnormalReturnRequest = {
  items: { key: string; symbol: string; benchmark: string; day0: string }[];
  model: Exclude<Model, 'factor'>;
  returns: 'simple' | 'log';
  estimation: Window;
  window: Window;
};

/** Columns of queries/study-abnormal-returns.sql: one entry per (key, t), ordered by key, t. */
export type AbnormalReturnColumns = {
  key: string[];
  t: number[];
  date: string[];
  ri: number[];
  rm: number[];
  ar: number[];
  in_est: boolean[];
  rm_dev: number[];
  n: number[];
  df: number[];
  alpha: (number | null)[];
  beta: (number | null)[];
  r2: (number | null)[];
  s2: number[];
  ssm: number[];
  c: number[];
};

export interface AbnormalReturnSource {
  abnormalReturns(request: AbnormalReturnRequest): Promise<AbnormalReturnColumns>;
}
