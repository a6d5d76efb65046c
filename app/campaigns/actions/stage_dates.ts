import type { DateTime } from 'luxon'
import { STAGE_DATE_FIELDS, type StageDateField } from '#campaigns/stages'
import type { FieldError } from '#shared/actions'

export type StageDates = Partial<Record<StageDateField, DateTime | null | undefined>>

/** Stage dates must not go back in time: each set date is at or after every earlier set date. */
export function stageDateErrors(dates: StageDates): FieldError[] {
  const errors: FieldError[] = []
  let latest: { field: StageDateField; at: DateTime } | null = null
  for (const field of STAGE_DATE_FIELDS) {
    const at = dates[field]
    if (!at) continue
    if (latest && at < latest.at) {
      errors.push({ field, rule: 'date_order', meta: { other: latest.field } })
    } else {
      latest = { field, at }
    }
  }
  return errors
}
