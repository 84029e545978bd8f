/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const at = (p: number): number | null => {
    const v = percentile(values, p);
    return v === undefined ? null : round(v);
  };
  return { count: values.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
