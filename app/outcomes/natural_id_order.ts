/*
 * Natural id order (outcomes.md): split an id into runs of digits and non-digits and compare run by
 * run; digit runs compare as numbers, other runs as strings (UTF-16 code units, locale independent),
 * and a digit run sorts before a non-digit run. When every run compares equal the shorter id comes
 * first; ids that are still equal numerically (e.g. "01" vs "1") fall back to plain code-unit order,
 * so the order is total and deterministic on every machine.
 *
 * Examples: 2 < 10, c2 < c10, L18/01 < L18/2.
 */

type Run = { digits: boolean; text: string }

const RUN_PATTERN = /\d+|\D+/g

function runsOf(id: string): Run[] {
  const runs: Run[] = []
  for (const m of id.matchAll(RUN_PATTERN)) {
    const text = m[0]
    runs.push({ digits: text.charCodeAt(0) >= 48 && text.charCodeAt(0) <= 57, text })
  }
  return runs
}

function compareDigitRuns(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '')
  const y = b.replace(/^0+(?=\d)/, '')
  if (x.length !== y.length) return x.length < y.length ? -1 : 1
  return x < y ? -1 : x > y ? 1 : 0
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Negative when a comes first, positive when b comes first, 0 only for identical ids. */
export function compareNaturalIds(a: string, b: string): number {
  if (a === b) return 0
  const ra = runsOf(a)
  const rb = runsOf(b)
  const common = Math.min(ra.length, rb.length)
  for (let i = 0; i < common; i++) {
    const x = ra[i]
    const y = rb[i]
    if (x.digits !== y.digits) return x.digits ? -1 : 1
    const c = x.digits ? compareDigitRuns(x.text, y.text) : compareCodeUnits(x.text, y.text)
    if (c !== 0) return c
  }
  if (ra.length !== rb.length) return ra.length < rb.length ? -1 : 1
  return compareCodeUnits(a, b)
}

/** A copy of ids sorted in natural id order. */
export function sortNaturalIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareNaturalIds)
}
