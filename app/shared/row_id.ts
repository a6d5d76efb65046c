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
