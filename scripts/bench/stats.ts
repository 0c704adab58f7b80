// Percentiles and ratios for the benchmark's figures. Nearest-rank percentiles: the value at rank
// ceil(p/100 * n) of the sorted samples, so every figure reported is one that was actually measured.

/** The p-th percentile (0 < p <= 100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export interface Spread {
  samples: number;
  p50: number;
  p99: number;
}

export function spread(samples: readonly number[]): Spread {
  return { samples: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** ours / floor, rounded to two decimals. */
export function ratio(ours: number, floor: number): number {
  return Math.round((ours / floor) * 100) / 100;
}

/** Rounds for reporting: whole numbers stay whole, the rest keep `digits` decimals. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds since a process.hrtime.bigint() reading. */
export const elapsedMs = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e6;
