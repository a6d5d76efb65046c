import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import examples from 'libphonenumber-js/mobile/examples'

/**
 * A phone number as typed ("8 (999) 123-45-67", "+7 999 123 45 67", "999…")
 * → E.164 ("+79991234567"), or null when it is not a valid number.
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode): string | null {
  const trimmed = raw.trim()
  if (trimmed.length === 0 || trimmed.length > 32) return null
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion)
  if (!parsed || !parsed.isValid()) return null
  return parsed.number
}

/** A sample mobile number of the region, as people write it ("+7 912 345 67 89"), for form hints. */
export function examplePhone(region: CountryCode): string {
  return getExampleNumber(region, examples)?.formatInternational() ?? '+1 201 555 0123'
}

/** +79991234567 → +7 ••• ••• 45 67: enough to recognise, not to read out. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 2)} ••• ••• ${e164.slice(-4, -2)} ${e164.slice(-2)}`
}
