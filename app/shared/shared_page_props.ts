import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { SUPPORTED_LOCALES } from '#config/i18n'
import type StaffUser from '#identity/models/staff_user'
import type Resident from '#identity/models/resident'

/** Client-side messages: the `ui.*` and `errors.*` keys of the current locale. */
function clientMessages(locale: string): Record<string, string> {
  const all = i18nManager.getTranslationsFor(locale)
  const fallback = i18nManager.getTranslationsFor(i18nManager.defaultLocale)
  const picked: Record<string, string> = {}
  for (const source of [fallback, all]) {
    for (const [key, value] of Object.entries(source)) {
      if (key.startsWith('ui.') || key.startsWith('errors.')) picked[key] = value
    }
  }
  return picked
}

/**
 * Props shared with every page (Ping CRM style): who is signed in, the locale
 * with its messages, and flash messages. Never whole models — small DTOs only.
 */
export const sharedPageProps = {
  locale: (ctx: HttpContext) => ctx.i18n.locale,
  locales: () => [...SUPPORTED_LOCALES],
  messages: (ctx: HttpContext) => clientMessages(ctx.i18n.locale),
  // Checked silently on every page (not only behind residentAuth), so the layout
  // shows the signed-in resident everywhere.
  resident: async (ctx: HttpContext) => {
    const guard = ctx.auth?.use('resident')
    if (!guard) return null
    if (!guard.isAuthenticated) await guard.check()
    const resident = guard.user as Resident | undefined
    return resident ? { id: resident.id, phone: maskPhone(resident.phoneE164) } : null
  },
  staff: (ctx: HttpContext) => {
    const staff = ctx.auth?.use('staff').user as StaffUser | undefined
    return staff ? { id: staff.id, name: staff.fullName, email: staff.email } : null
  },
  flash: (ctx: HttpContext) => ({
    success: (ctx.session?.flashMessages.get('success') as string | undefined) ?? null,
    error: (ctx.session?.flashMessages.get('error') as string | undefined) ?? null,
  }),
}

/** +79991234567 → +7 ••• ••• 45 67: enough to recognise, not to read out. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 2)} ••• ••• ${e164.slice(-4, -2)} ${e164.slice(-2)}`
}
