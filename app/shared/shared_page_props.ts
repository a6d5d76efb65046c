import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { SUPPORTED_LOCALES } from '#config/i18n'
import deploymentConfig from '#config/deployment'
import { keysOfPage, messagesFor } from '#shared/page_messages'

/** Per loaded translations object: picked once, not per request (they change only on reload). */
const picked = new WeakMap<object, Record<string, string>>()
/** Per loaded translations object and page: the page's share of them, picked once too. */
const pickedForPage = new WeakMap<object, Map<string, Record<string, string>>>()

/** Client-side messages: the `ui.*` and `errors.*` keys of the current locale. */
function clientMessages(locale: string): Record<string, string> {
  const all = i18nManager.getTranslationsFor(locale)
  const known = picked.get(all)
  if (known) return known
  const messages = pickClientMessages(all)
  picked.set(all, messages)
  return messages
}

/**
 * The client messages page `component` uses (`#shared/page_messages`); all of them for a
 * page the key map does not know.
 */
export function pageMessages(locale: string, component: string): Record<string, string> {
  const patterns = keysOfPage(component)
  if (!patterns) return clientMessages(locale)
  const all = i18nManager.getTranslationsFor(locale)
  let pages = pickedForPage.get(all)
  if (!pages) pickedForPage.set(all, (pages = new Map()))
  let messages = pages.get(component)
  if (!messages) pages.set(component, (messages = messagesFor(clientMessages(locale), patterns)))
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
 * Props shared with every page (Ping CRM style): the locale with its messages, the city's
 * time zone and content languages, and flash messages. `messages` here is every client message; the Inertia middleware
 * (app/middleware/inertia_middleware.ts) replaces it with the rendered page's own. Who is signed in comes from `#identity/page_props` (merged with
 * these in config/inertia.ts). Never whole models — small DTOs only.
 */
export const sharedPageProps = {
  locale: (ctx: HttpContext) => ctx.i18n.locale,
  locales: () => [...SUPPORTED_LOCALES],
  // The city's settings (config/deployment.ts): dates are shown in its zone, and forms ask for
  // its content languages first.
  timeZone: () => deploymentConfig.timeZone,
  contentLanguages: () => [...deploymentConfig.contentLanguages],
  messages: (ctx: HttpContext) => clientMessages(ctx.i18n.locale),
  flash: (ctx: HttpContext) => ({
    success: (ctx.session?.flashMessages.get('success') as string | undefined) ?? null,
    error: (ctx.session?.flashMessages.get('error') as string | undefined) ?? null,
  }),
}
