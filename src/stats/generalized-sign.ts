import { mean } from 'simple-statistics';
import { twoSidedNormalP } from './distributions.js';
import { computed, notComputed, type TestResult } from './test-result.js';
import { allFinite } from './finite.js';

/**
 * Cowan's generalized sign test. p̂ = mean of the per-security shares of strictly positive
 * estimation-window ARs; w = number of strictly positive `values` (ARs or CARs);
 * Z = (w - N p̂) / sqrt(N p̂ (1 - p̂)); two-sided p from N(0,1). Computed from N >= 1;
 * not computed when p̂ is 0 or 1.
 */
export function generalizedSign(values: readonly number[], estimationPositiveShares: readonly number[]): TestResult {
  if (values.length !== estimationPositiveShares.length) {
    throw new RangeError(
      `generalizedSign: ${values.length} values but ${estimationPositiveShares.length} estimation shares`,
    );
  }
  const n = values.length;
  if (n < 1) return notComputed('generalized sign: no observations');
  if (!allFinite(values)) return notComputed('generalized sign: non-finite input value');
  if (!estimationPositiveShares.every((s) => s >= 0 && s <= 1)) {
    return notComputed('generalized sign: estimation share outside [0, 1]');
  }
  const pHat = mean([...estimationPositiveShares]);
  if (!(pHat > 0 && pHat < 1)) return notComputed(`generalized sign: p-hat is ${pHat} (must be in (0, 1))`);
  const w = values.filter((v) => v > 0).length;
  const z = (w - n * pHat) / Math.sqrt(n * pHat * (1 - pHat));
  return computed(z, twoSidedNormalP(z));
}
