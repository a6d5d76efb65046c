/**
 * The plain cookie that remembers the language picked in the switcher: written by the
 * identity module's LocaleController, read by DetectUserLocaleMiddleware.
 */
export const LOCALE_COOKIE = 'locale'
