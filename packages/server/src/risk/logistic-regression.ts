/**
 * L2-regularised logistic regression by Newton's method (IRLS), on features the caller has
 * standardised. Deterministic: no random start, no sampling. The intercept is not penalised.
 */
export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
  /** Mean log loss on the training rows. */
  logLoss: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-60, Math.min(60, z))));

/** Solves A x = b for a symmetric positive definite A (Cholesky). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) l[i]![i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i]![j] = sum / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

/**
 * Fits P(y = 1 | x) = σ(b0 + Σ w_j x_j) minimising −log-likelihood + (l2 / 2) Σ w_j².
 * `rows` are feature vectors of equal length, `labels` 0 or 1.
 */
export function fitLogistic(
  rows: Float64Array[],
  labels: Uint8Array,
  l2: number,
  maxIterations = 50,
): LogisticFit {
  const p = rows[0]?.length ?? 0;
  const dim = p + 1;
  const beta = new Array<number>(dim).fill(0);
  const positives = labels.reduce((sum, y) => sum + y, 0);
  // Start at the base rate, so the first step is already sensible.
  const rate = Math.min(Math.max(positives / Math.max(labels.length, 1), 1e-6), 1 - 1e-6);
  beta[0] = Math.log(rate / (1 - rate));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gradient = new Array<number>(dim).fill(0);
    const hessian = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
    for (let r = 0; r < rows.length; r++) {
      const x = rows[r]!;
      let z = beta[0]!;
      for (let j = 0; j < p; j++) z += beta[j + 1]! * x[j]!;
      const mu = sigmoid(z);
      const residual = mu - labels[r]!;
      const w = Math.max(mu * (1 - mu), 1e-10);
      gradient[0] = gradient[0]! + residual;
      const first = hessian[0]!;
      first[0] = first[0]! + w;
      for (let j = 0; j < p; j++) {
        const xj = x[j]!;
        gradient[j + 1] = gradient[j + 1]! + residual * xj;
        first[j + 1] = first[j + 1]! + w * xj;
        const line = hessian[j + 1]!;
        for (let k = 0; k <= j; k++) line[k + 1] = line[k + 1]! + w * xj * x[k]!;
      }
    }
    for (let j = 1; j < dim; j++) {
      const line = hessian[j]!;
      gradient[j] = gradient[j]! + l2 * beta[j]!;
      line[j] = line[j]! + l2 + 1e-9;
      line[0] = hessian[0]![j]!;
      for (let k = 1; k < j; k++) hessian[k]![j] = line[k]!;
    }
    const step = solve(hessian, gradient);
    let largest = 0;
    for (let j = 0; j < dim; j++) {
      beta[j] = beta[j]! - step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < 1e-9) {
      iterations += 1;
      break;
    }
  }
  let loss = 0;
  for (let r = 0; r < rows.length; r++) {
    let z = beta[0]!;
    for (let j = 0; j < p; j++) z += beta[j + 1]! * rows[r]![j]!;
    const mu = Math.min(Math.max(sigmoid(z), 1e-15), 1 - 1e-15);
    loss -= labels[r] ? Math.log(mu) : Math.log(1 - mu);
  }
  return {
    intercept: beta[0]!,
    weights: beta.slice(1),
    iterations,
    logLoss: loss / Math.max(rows.length, 1),
  };
}
