/** Decimal places of a currency (RUB 2, JPY 0…); amounts travel in the smallest unit. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    )
  } catch {
    return 2
  }
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency)
  const major = amount / 10 ** digits
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(major)
  } catch {
    return `${major.toLocaleString(locale)} ${currency}`
  }
}

/** Major units typed in a form → integer smallest units. */
export function toMinor(value: string, currency: string): number {
  const number = Number(String(value).replace(',', '.').replace(/\s/g, ''))
  return Number.isFinite(number) ? Math.round(number * 10 ** currencyDigits(currency)) : Number.NaN
}

export function toMajor(amount: number, currency: string): string {
  return String(amount / 10 ** currencyDigits(currency))
}

export function formatDate(iso: string | null, locale: string): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso))
}

/** ISO instant → value of a `datetime-local` input (shown in UTC, as the server stores it). */
export function toInputDate(iso: string | null): string {
  return iso ? iso.slice(0, 16) : ''
}
