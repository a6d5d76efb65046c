import { errors } from '@vinejs/vine'

/**
 * A domain rule failed on one form field (e.g. "code already used", "would
 * create a cycle"): raised as a validation error, so the form gets it like any
 * other field error (redirect back with errors, or 422 JSON).
 */
export function fieldError(field: string, message: string, rule = 'domain'): never {
  throw new errors.E_VALIDATION_ERROR([{ field, message, rule }])
}
