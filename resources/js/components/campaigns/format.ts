/*
| Intl formatters are costly to construct (a server-rendered results page formats dozens of
| amounts): one per locale and currency, kept for the life of the process. The
| keys come from a few locales and ISO currency codes, so the maps stay small.
*/
const moneyFormats = new Map<string, Intl.NumberFormat>()

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

export type AmountError = 'required' | 'format' | 'negative' | 'decimals' | 'zero' | 'too_large'
export type AmountCheck = { ok: true; minor: number } | { ok: false; error: AmountError }

/**
 * An amount typed in the currency's units ("1 500 000,50") → integer smallest units, exactly
 * (string arithmetic, no float rounding). Anything else is refused, never rewritten: signs,
 * exponents, letters, more decimals than the currency has, zero, or beyond a safe integer.
 */
export function parseAmount(value: string, currency: string): AmountCheck {
  const text = value.replace(/[\s\u00a0\u202f]/g, '')
  if (text === '') return { ok: false, error: 'required' }
  if (/^[-\u2212]/.test(text)) return { ok: false, error: 'negative' }
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(text)
  if (!match) return { ok: false, error: 'format' }
  const digits = currencyDigits(currency)
  const fraction = match[2] ?? ''
  if (fraction.length > digits) return { ok: false, error: 'decimals' }
  const minor =
    BigInt(match[1]) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0')
  if (minor === 0n) return { ok: false, error: 'zero' }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'too_large' }
  return { ok: true, minor: Number(minor) }
}

/** Integer smallest units → the form's text in the currency's units ("1500000.5" → "1500000.50"). */
export function toMajor(amount: number, currency: string): string {
  const digits = currencyDigits(currency)
  if (digits === 0) return String(amount)
  const text = String(amount).padStart(digits + 1, '0')
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}
