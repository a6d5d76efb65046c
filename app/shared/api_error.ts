/**
 * An expected API failure with a protocol.md error code, e.g.
 * `new ApiError(409, 'duplicate_voter', message)`. The exception handler
 * renders it as `{error, message, details?}` with the given headers.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }

  toJSON() {
    return this.details === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, details: this.details }
  }
}
