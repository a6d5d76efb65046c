import env from '#start/env'
import { defineConfig, MailResponse, transports } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'
import { logMailGateway } from '#identity/mail/mail_gateway'

/*
| E-mail through @adonisjs/mail (notices to residents, app/notifications). `log` (the default, and
| what development and tests use) hands each message to the identity module's log mail gateway: it
| is written to the log and, outside production, kept in the staff outbox (`/staff/outbox`).
| `smtp` sends for real (SMTP_* variables).
*/
class LogTransport implements MailTransportContract {
  async send(message: NodeMailerMessage): Promise<MailResponse<undefined>> {
    const to = [message.to]
      .flat()
      .map((recipient) => (typeof recipient === 'string' ? recipient : recipient?.address))
      .filter(Boolean)
      .join(', ')
    await logMailGateway.send({
      to,
      subject: String(message.subject ?? ''),
      text: String(message.text ?? ''),
    })
    return new MailResponse(`log-${Date.now()}`, { from: '', to: [to] }, undefined)
  }
}

const mailConfig = defineConfig({
  default: env.get('MAIL_MAILER') ?? 'log',
  from: env.get('MAIL_FROM') ?? 'Civic Budget <no-reply@localhost>',
  mailers: {
    log: () => new LogTransport(),
    smtp: transports.smtp({
      host: env.get('SMTP_HOST') ?? 'localhost',
      port: env.get('SMTP_PORT') ?? 587,
      auth: env.get('SMTP_USERNAME')
        ? {
            type: 'login',
            user: env.get('SMTP_USERNAME')!,
            pass: env.get('SMTP_PASSWORD') ?? '',
          }
        : undefined,
    }),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
