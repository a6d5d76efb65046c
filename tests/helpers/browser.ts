import { chromium, type Browser, type Page } from 'playwright-core'
import env from '#start/env'

/** Flags for Debian's chromium on a sandboxed, offline machine (as root: no sandbox; no network). */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's chromium driven by playwright-core — never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true })
}

/**
 * Base URL of the app server the test runner started. PORT from process.env: the runner picks a
 * free port after boot when .env.test's is taken, and `env.get` keeps the value read at boot.
 */
export function appUrl(path = '/'): string {
  return `http://${env.get('HOST')}:${process.env.PORT ?? env.get('PORT')}${path}`
}

/** A phone-sized page (iPhone SE viewport) in the given language. */
export async function phonePage(browser: Browser, locale = 'en'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    locale,
    extraHTTPHeaders: { 'Accept-Language': locale },
  })
  return context.newPage()
}
