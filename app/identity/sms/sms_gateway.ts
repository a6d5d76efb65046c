/**
 * Sends one text message. Implementations: `LogSmsGateway` (development and
 * test: logs and fills the dev outbox) and `HttpSmsGateway` (an operator's
 * HTTP API). Bound in the container by the identity provider, so tests can
 * `app.container.swap(SmsGateway, …)`.
 *
 * `send` resolves once the gateway accepted the message and rejects with
 * `SmsUnavailableError` when it could not be handed over.
 */
export abstract class SmsGateway {
  abstract send(to: string, text: string): Promise<void>
}

/** The gateway did not accept the message (down, timing out, refusing). */
export class SmsUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'SmsUnavailableError'
  }
}
