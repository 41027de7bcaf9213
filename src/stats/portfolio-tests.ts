/** The portfolio significance tests, each returning a TestResult (see docs/conventions.md). */
export { bmpT, crossSectionalT, patellZ } from './parametric-tests.js';
export { kpBmpT, kpPatellZ, meanCrossCorrelation, type CrossCorrelation, type DatedValues } from './kolari-pynnonen.js';
export { corradoZivney, corradoZivneyWindow, rankNumerators, type RankNumerators, type RankedReturns } from './corrado-zivney.js';
export { generalizedSign } from './generalized-sign.js';
export { wilcoxonSignedRank } from './wilcoxon.js';
