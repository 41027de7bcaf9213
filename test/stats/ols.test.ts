import { describe, expect, it } from 'vitest';
import { ols, quadraticForm } from '../../src/stats/ols.js';
import { expectRelClose as expectClose } from '../helpers/tolerance.js';

describe('ols (Householder QR)', () => {
  // R 4.2.2: x <- c(1,2,3,4,5,6); z <- c(2,1,4,3,6,5); y <- c(1.1,1.9,3.2,3.9,5.1,6.2)
  //   fit <- lm(y ~ x + z); coef(fit); sum(resid(fit)^2); solve(crossprod(model.matrix(fit)))
  const X = [1, 2, 3, 4, 5, 6].map((x, i) => [1, x, [2, 1, 4, 3, 6, 5][i]!]);
  const y = [1.1, 1.9, 3.2, 3.9, 5.1, 6.2];

  it('matches lm() coefficients, SSR and (X\'X)^-1', () => {
    const fit = ols(X, y)!;
    const expected = [-0.064583333333334964, 0.952083333333333726, 0.085416666666666599];
    fit.coefficients.forEach((b, i) => expectClose(b, expected[i]!, 1e-12));
    expectClose(fit.ssr, 0.044166666666666708, 1e-12);
    expectClose(fit.xtxInverse[0]![0]!, 0.93229166666666663, 1e-12);
    expectClose(fit.xtxInverse[1]![2]!, -0.15104166666666663, 1e-12);
    expectClose(quadraticForm(fit.xtxInverse, [1, 3.5, 3.5]), 1 / 6, 1e-12); // leverage at the means
  });

  it('returns null for collinear regressors', () => {
    expect(ols(X.map((r) => [...r, 2 * r[1]!]), y)).toBeNull();
  });
});
