/*
 * Doubles in the equal-shares engine only filter: they decide when their margin is wide, exact
 * BigInt comparisons decide everything else.
 */

/** Relative margin under which double comparisons are not trusted (errors are ~1e-15). */
export const FILTER_MARGIN = 1e-9

/** num / den as a double, also when both are beyond the double range (for filtering only). */
export function approxRatio(num: bigint, den: bigint): number {
  const a = Number(num)
  const b = Number(den)
  if (Number.isFinite(a) && Number.isFinite(b)) return a / b
  const shift = BigInt(Math.max(num.toString(16).length, den.toString(16).length) * 4 - 960)
  return Number(num >> shift) / Number(den >> shift)
}
