/** Largest value of a PostgreSQL `integer` (serial) id. */
export const ROW_ID_MAX = 2_147_483_647

/** A route or input id as a row id, or null when it cannot be one (so lookups never overflow). */
export function rowId(value: unknown): number | null {
  const id =
    typeof value === 'number'
      ? value
      : /^\d{1,10}$/.test(String(value))
        ? Number(value)
        : Number.NaN
  return Number.isInteger(id) && id >= 1 && id <= ROW_ID_MAX ? id : null
}

/**
 * Route matcher for a row id: 1..ROW_ID_MAX written plainly. Wider than that (router.matchers
 * .number() takes any digits) a lookup overflows PostgreSQL's integer and answers 500; this way
 * the route does not match and the answer is a 404.
 */
export const ROW_ID_MATCHER = {
  match:
    /^(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])$/,
  cast: (value: string) => Number(value),
}
