// Logistic regression over the match components, fitted on employers' decisions: which
// components actually predict "shortlisted" rather than "not quite right". Pure and
// deterministic (batch gradient descent from zero, L2-regularised).
import { COMPONENTS, type Component } from './scoring.js';

export interface Example {
  components: Partial<Record<Component, number | null>>;
  label: 0 | 1;
}

export interface LogisticModel {
  bias: number;
  weights: Record<Component, number>;
}

const features = (c: Example['components']) => COMPONENTS.map((name) => c[name] ?? 0.5);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function fitLogistic(examples: Example[], options: { iterations?: number; rate?: number; l2?: number } = {}): LogisticModel {
  const { iterations = 2_000, rate = 0.5, l2 = 0.01 } = options;
  const xs = examples.map((e) => features(e.components));
  const ys = examples.map((e) => e.label);
  const w = COMPONENTS.map(() => 0);
  let b = 0;
  const n = Math.max(1, examples.length);
  for (let it = 0; it < iterations; it++) {
    const gw = w.map(() => 0);
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const p = sigmoid(b + xs[i].reduce((sum, x, j) => sum + x * w[j], 0));
      const err = p - ys[i];
      gb += err;
      for (let j = 0; j < w.length; j++) gw[j] += err * xs[i][j];
    }
    b -= (rate * gb) / n;
    for (let j = 0; j < w.length; j++) w[j] -= rate * (gw[j] / n + l2 * w[j]);
  }
  return { bias: b, weights: Object.fromEntries(COMPONENTS.map((c, j) => [c, w[j]])) as Record<Component, number> };
}

export function predict(model: LogisticModel, components: Example['components']): number {
  return sigmoid(model.bias + features(components).reduce((sum, x, j) => sum + x * model.weights[COMPONENTS[j]], 0));
}
