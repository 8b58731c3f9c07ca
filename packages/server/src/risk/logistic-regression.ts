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
 * Training rows: dense values (standardised numeric indicators) and, optionally, the indices of
 * the 0/1 columns that are 1 (one-hot category levels), numbered after the dense ones. Category
 * rows touch a handful of the many level columns, so the fit costs O((dense + active)²) per row
 * instead of O(columns²).
 */
export interface TrainingRows {
  dense: Float64Array[];
  active?: Int32Array[];
  /** Number of one-hot columns (the largest active index + 1 − dense width, at least). */
  sparseColumns?: number;
}

/**
 * Fits P(y = 1 | x) = σ(b0 + Σ w_j x_j) minimising −log-likelihood + (l2 / 2) Σ w_j².
 * `rows` are feature vectors of equal length (or TrainingRows with one-hot columns), `labels` 0 or 1.
 */
export function fitLogistic(
  rows: Float64Array[] | TrainingRows,
  labels: Uint8Array,
  l2: number,
  maxIterations = 50,
): LogisticFit {
  const data: TrainingRows = Array.isArray(rows) ? { dense: rows } : rows;
  const n = data.dense.length;
  const d = data.dense[0]?.length ?? 0;
  const p = d + (data.sparseColumns ?? 0);
  const dim = p + 1;
  const beta = new Array<number>(dim).fill(0);
  const positives = labels.reduce((sum, y) => sum + y, 0);
  // Start at the base rate, so the first step is already sensible.
  const rate = Math.min(Math.max(positives / Math.max(labels.length, 1), 1e-6), 1 - 1e-6);
  beta[0] = Math.log(rate / (1 - rate));
  const empty = new Int32Array(0);
  const linear = (r: number) => {
    const x = data.dense[r]!;
    let z = beta[0]!;
    for (let j = 0; j < d; j++) z += beta[j + 1]! * x[j]!;
    for (const j of data.active?.[r] ?? empty) z += beta[j + 1]!;
    return z;
  };
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gradient = new Float64Array(dim);
    // Lower triangle of the Hessian, row-major in one block (faster than nested arrays).
    const hessian = new Float64Array(dim * dim);
    const cols = new Int32Array(dim);
    const vals = new Float64Array(dim);
    for (let r = 0; r < n; r++) {
      const mu = sigmoid(linear(r));
      const residual = mu - labels[r]!;
      const w = Math.max(mu * (1 - mu), 1e-10);
      // The row's nonzero entries: intercept, dense values, active one-hot columns.
      const x = data.dense[r]!;
      let m = 0;
      cols[m] = 0;
      vals[m++] = 1;
      for (let j = 0; j < d; j++) {
        cols[m] = j + 1;
        vals[m++] = x[j]!;
      }
      for (const j of data.active?.[r] ?? empty) {
        cols[m] = j + 1;
        vals[m++] = 1;
      }
      for (let a = 0; a < m; a++) {
        const ca = cols[a]!;
        const va = vals[a]! * w;
        gradient[ca] = gradient[ca]! + residual * vals[a]!;
        const base = ca * dim;
        for (let b = 0; b < m; b++) {
          const cb = cols[b]!;
          if (cb <= ca) hessian[base + cb] = hessian[base + cb]! + va * vals[b]!;
        }
      }
    }
    const a: number[][] = [];
    for (let i = 0; i < dim; i++) {
      const line = new Array<number>(dim);
      for (let j = 0; j < dim; j++) line[j] = i >= j ? hessian[i * dim + j]! : hessian[j * dim + i]!;
      if (i > 0) {
        line[i] = line[i]! + l2 + 1e-9;
        gradient[i] = gradient[i]! + l2 * beta[i]!;
      }
      a.push(line);
    }
    const step = solve(a, Array.from(gradient));
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
  for (let r = 0; r < n; r++) {
    const mu = Math.min(Math.max(sigmoid(linear(r)), 1e-15), 1 - 1e-15);
    loss -= labels[r] ? Math.log(mu) : Math.log(1 - mu);
  }
  return {
    intercept: beta[0]!,
    weights: beta.slice(1),
    iterations,
    logLoss: loss / Math.max(n, 1),
  };
}
