/*
| Outgoing e-mail behind one small interface (like the SMS gateway): the log
| driver writes messages to the log and keeps the last few in a dev-only
| outbox; a real SMTP/HTTP driver can be plugged in with `useMailGateway`.
*/
import logger from '@adonisjs/core/services/logger'
import app from '@adonisjs/core/services/app'

export interface MailMessage {
  to: string
  subject: string
  text: string
}

export interface MailGateway {
  send(message: MailMessage): Promise<void>
}

const OUTBOX_LENGTH_MAX = 50

/** Logs every message; keeps the latest ones in memory outside production (dev outbox, tests). */
export class LogMailGateway implements MailGateway {
  readonly outbox: (MailMessage & { sentAt: Date })[] = []

  async send(message: MailMessage) {
    logger.info({ to: message.to, subject: message.subject }, 'mail (log driver)')
    if (app.inProduction) return
    this.outbox.push({ ...message, sentAt: new Date() })
    if (this.outbox.length > OUTBOX_LENGTH_MAX) this.outbox.shift()
  }
}

export const logMailGateway = new LogMailGateway()
let current: MailGateway = logMailGateway

export function mailGateway(): MailGateway {
  return current
}

export function useMailGateway(gateway: MailGateway) {
  current = gateway
}
