import type { ApplicationService } from '@adonisjs/core/types'
import identityConfig from '#config/identity'
import { SmsGateway } from '#identity/sms/sms_gateway'

/**
 * The identity module's registration: binds the configured SMS gateway
 * (`SMS_DRIVER` = log | http). Tests swap the binding to simulate an outage.
 */
export default class IdentityProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(SmsGateway, async (resolver) => {
      const { sms } = identityConfig
      if (sms.driver === 'http') {
        const { HttpSmsGateway, parseHeaders } = await import('#identity/sms/http_sms_gateway')
        return new HttpSmsGateway({
          url: sms.http.url ?? '',
          method: sms.http.method,
          headers: parseHeaders(sms.http.headers),
          body: sms.http.body ?? '',
          timeoutMs: sms.http.timeoutMs,
          retries: sms.http.retries,
        })
      }
      const { LogSmsGateway } = await import('#identity/sms/log_sms_gateway')
      const { smsOutbox } = await import('#identity/sms/sms_outbox')
      const logger = await resolver.make('logger')
      return new LogSmsGateway(logger, smsOutbox)
    })
  }

  /**
   * A web server with a broken SMS configuration (no URL, malformed headers JSON)
   * stops at boot rather than failing residents one by one later.
   */
  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    await this.app.container.make(SmsGateway)
    if (this.app.inProduction && identityConfig.sms.driver === 'log') {
      const logger = await this.app.container.make('logger')
      logger.warn('SMS_DRIVER=log in production: codes are only written to the log, never sent')
    }
  }
}
