import type { I18n } from '@adonisjs/i18n'

/** "45 seconds" / "12 minutes" / "3 hours", localized with plural forms. */
export function waitText(i18n: I18n, seconds: number): string {
  if (seconds < 60) return i18n.t('identity.wait.seconds', { count: Math.max(1, seconds) })
  if (seconds < 3600) return i18n.t('identity.wait.minutes', { count: Math.ceil(seconds / 60) })
  return i18n.t('identity.wait.hours', { count: Math.ceil(seconds / 3600) })
}
