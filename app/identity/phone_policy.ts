import {
  parsePhoneNumberFromString,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max'

/*
| Which numbers may receive sign-in codes (SMS_ALLOWED_REGIONS, SMS_ALLOWED_NUMBER_TYPES). Codes to
| far-away countries or premium/landline ranges are how SMS pumping makes money; a city needs only
| its own country's mobiles. Number types need the full ("max") metadata: the default ("min")
| metadata cannot tell a mobile from a landline. Server only — the pages never import this file.
*/
export interface PhonePolicy {
  /** ISO regions ("RU", "KZ"); null = any region. */
  regions: readonly string[] | null
  /** libphonenumber types ("MOBILE", "FIXED_LINE_OR_MOBILE", …); null = any type. */
  types: readonly string[] | null
}

/** A comma-separated env list, upper-cased; "*" (or nothing, with no fallback) means "any". */
export function policyList(raw: string | undefined, fallback: readonly string[] | null) {
  const items = (raw ?? '')
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item.length > 0)
  if (items.includes('*')) return null
  return items.length > 0 ? items : fallback
}

/** Whether an E.164 number is in an allowed region and of an allowed type. */
export function phoneAllowed(e164: string, policy: PhonePolicy): boolean {
  const parsed = parsePhoneNumberFromString(e164)
  if (!parsed || !parsed.isValid()) return false
  if (policy.regions && !policy.regions.includes(parsed.country as CountryCode)) return false
  if (policy.types && !policy.types.includes(parsed.getType() as NumberType as string)) return false
  return true
}
