import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { SUPPORTED_LOCALES } from '#config/i18n'

/** Per loaded translations object: picked once, not per request (they change only on reload). */
const picked = new WeakMap<object, Record<string, string>>()

/** Client-side messages: the `ui.*` and `errors.*` keys of the current locale. */
function clientMessages(locale: string): Record<string, string> {
  const all = i18nManager.getTranslationsFor(locale)
  const known = picked.get(all)
  if (known) return known
  const messages = pickClientMessages(all)
  picked.set(all, messages)
  return messages
}

function pickClientMessages(all: Record<string, string>): Record<string, string> {
  const fallback = i18nManager.getTranslationsFor(i18nManager.defaultLocale)
  const messages: Record<string, string> = {}
  for (const source of [fallback, all]) {
    for (const [key, value] of Object.entries(source)) {
      if (key.startsWith('ui.') || key.startsWith('errors.')) messages[key] = value
    }
  }
  return messages
}

/**
 * Props shared with every page (Ping CRM style): the locale with its messages and
 * flash messages. Who is signed in comes from `#identity/page_props` (merged with
 * these in config/inertia.ts). Never whole models — small DTOs only.
 */
export const sharedPageProps = {
  locale: (ctx: HttpContext) => ctx.i18n.locale,
  locales: () => [...SUPPORTED_LOCALES],
  messages: (ctx: HttpContext) => clientMessages(ctx.i18n.locale),
  flash: (ctx: HttpContext) => ({
    success: (ctx.session?.flashMessages.get('success') as string | undefined) ?? null,
    error: (ctx.session?.flashMessages.get('error') as string | undefined) ?? null,
  }),
}
