export interface CeilingPart {
  name: string;
  perSecond: number;
}

export interface CompositeCeiling {
  parts: CeilingPart[];
  perSecond: number;
}

/**
 * A request that must pass through every part in turn, each alone able to do `perSecond`, costs
 * the sum of their per-request times: 1 / Σ(1 / rate_i). Ceilings measured in the same run share
 * the machine's state, so the ratio to them holds even when the machine is noisy.
 */
export function compositeCeiling(parts: readonly CeilingPart[]): CompositeCeiling {
  if (parts.length === 0) throw new RangeError('a composite ceiling needs at least one part');
  for (const p of parts) {
    if (!(p.perSecond > 0) || !Number.isFinite(p.perSecond))
      throw new RangeError(`ceiling part ${p.name} has no usable rate (${p.perSecond})`);
  }
  return { parts: [...parts], perSecond: 1 / parts.reduce((sum, p) => sum + 1 / p.perSecond, 0) };
}
