/** Amounts are bigint in PostgreSQL; kept as safe JS integers (validators cap them at AMOUNT_MAX). */
export const AMOUNT_MAX = 1_000_000_000_000_000

export const money = {
  consume: (value: string | number | null) => (value === null ? null : Number(value)),
}
