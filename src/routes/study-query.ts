/** Query fields of the study routes that choose the answer rather than the study. */
import { z } from '@hono/zod-openapi';
import { ALWAYS, studyParamFields, studyParamRules } from '../study/params.js';
import { STUDY_TABLE_NAMES } from '../study/study-tables.js';
import { ChartQuery, DATA_AND_CHART_FORMATS } from './chart-response.js';

export const TableQuery = {
  table: z
    .enum(STUDY_TABLE_NAMES)
    .optional()
    .openapi({ description: 'Which table a CSV response holds (default days)' }),
};

/** What POST /v1/studies takes in its query string besides the study parameters. */
const AdHocAnswerQuery = {
  ...ChartQuery,
  format: z
    .enum([...DATA_AND_CHART_FORMATS, 'ndjson'])
    .optional()
    .openapi({ description: 'JSON, CSV (see `table`), a chart (SVG, PNG, Vega-Lite), or NDJSON streamed: one line per security-event as computed, then the portfolio' }),
  ...TableQuery,
  strict: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'true: refuse the whole request (400, every offending row listed) when a CSV row is bad or a security-event repeats an earlier one, instead of studying the rest and reporting them' }),
};

/**
 * The query string of POST /v1/studies: the answer's representation, `strict`, and the study
 * parameters of an upload (a JSON body carries them in the body; in its query they are checked, not used).
 */
export const AdHocQuery = z.object({ ...studyParamFields, ...AdHocAnswerQuery }).superRefine(studyParamRules, ALWAYS);
