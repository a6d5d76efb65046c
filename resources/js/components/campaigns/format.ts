/*
| Intl formatters are costly to construct (a server-rendered results page formats dozens of
| amounts): one per locale and currency (or date style), kept for the life of the process. The
| keys come from a few locales and ISO currency codes, so the maps stay small.
*/
const moneyFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`
  let format = moneyFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency })
    moneyFormats.set(key, format)
  }
  return format
}

/** Decimal places of a currency (RUB 2, JPY 0…); amounts travel in the smallest unit. */
export function currencyDigits(currency: string): number {
  try {
    return moneyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency)
  const major = amount / 10 ** digits
  try {
    return moneyFormat(locale, currency).format(major)
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
  let format = dateFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    })
    dateFormats.set(locale, format)
  }
  return format.format(new Date(iso))
}

/** ISO instant → value of a `datetime-local` input (shown in UTC, as the server stores it). */
export function toInputDate(iso: string | null): string {
  return iso ? iso.slice(0, 16) : ''
}
