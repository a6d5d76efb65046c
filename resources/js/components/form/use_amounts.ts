import { useT } from '~/lib/i18n'
import { currencyDigits, parseAmount } from '~/components/campaigns/format'

/** What `useAmounts().check` needs of an Inertia form. */
interface ErrorSink {
  setError(field: any, message: string): void
  clearErrors(...fields: any[]): void
}

/**
 * Amount fields of a form: typed in the campaign currency's units, sent in its smallest unit.
 * `check` refuses bad input with a translated field error instead of rewriting it.
 */
export function useAmounts(currency: string) {
  const t = useT()
  const digits = currencyDigits(currency)
  const values = {
    currency,
    digits,
    example: digits === 0 ? '1500000' : `1500000.${'5'.padEnd(digits, '0')}`,
  }
  return {
    hint: t(digits === 0 ? 'ui.money.hint_whole' : 'ui.money.hint', values),
    /** Smallest units per field (null for an empty optional one), or null when any was refused. */
    check<F extends string>(
      form: ErrorSink,
      fields: Record<F, string>,
      optional: readonly NoInfer<F>[] = []
    ): Record<F, number | null> | null {
      const result = {} as Record<F, number | null>
      let refused = false
      for (const field of Object.keys(fields) as F[]) {
        form.clearErrors(field)
        const parsed = parseAmount(fields[field], currency)
        if (parsed.ok) result[field] = parsed.minor
        else if (parsed.error === 'required' && optional.includes(field)) result[field] = null
        else {
          form.setError(field, t(`ui.money.errors.${parsed.error}`, values))
          refused = true
        }
      }
      return refused ? null : result
    },
  }
}
