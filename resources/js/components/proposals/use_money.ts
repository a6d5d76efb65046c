import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { formatMoney } from '~/components/campaigns/format'

/** Formats amounts (smallest currency unit) in the page's locale. */
export function useMoney(currency: string) {
  const { locale } = usePage<SharedProps>().props
  return (amount: number | null) => (amount === null ? '—' : formatMoney(amount, currency, locale))
}
