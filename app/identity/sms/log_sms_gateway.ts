import type { Logger } from '@adonisjs/core/logger'
import { SmsGateway } from '#identity/sms/sms_gateway'
import type { SmsOutbox } from '#identity/sms/sms_outbox'

/** Development/test driver: writes the message to the log and the dev outbox. */
export class LogSmsGateway extends SmsGateway {
  constructor(
    protected logger: Logger,
    protected outbox: SmsOutbox
  ) {
    super()
  }

  async send(to: string, text: string) {
    this.logger.info({ to }, `SMS (log driver): ${text}`)
    this.outbox.record(to, text)
  }
}
