import { chromium, type Browser, type Page } from 'playwright-core'
import type { Group } from '@japa/runner/core'
import env from '#start/env'
import type StaffUser from '#identity/models/staff_user'
import { STAFF_PASSWORD, staffTotpCode } from '#tests/helpers/staff'
import { watchAccessibility } from '#tests/helpers/a11y'

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

/**
 * Debian's chromium driven by playwright-core — never a downloaded browser. Every context it
 * opens (`browser.newContext`, `browser.newPage`) is watched by axe (tests/helpers/a11y.ts).
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    headless: true,
  })
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await newContext(...args)
    await watchAccessibility(context)
    return context
  }
  return browser
}

/** One browser for the group's tests, closed after the group. Returns the browser's getter. */
export function withBrowser(group: Group): () => Browser {
  let browser: Browser | undefined
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser?.close()
  })
  return () => browser!
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

/** A 360×740 English page (a small Android phone), without extra Accept-Language header. */
export async function phone360(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en' })
  return context.newPage()
}

/** The page is no wider than the viewport (no horizontal scrolling). */
export async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
}

/** A staff member signed in on a phone-sized English page (with their TOTP code when enrolled). */
export async function staffSignIn(browser: Browser, user: StaffUser): Promise<Page> {
  const page = await phonePage(browser, 'en')
  page.setDefaultTimeout(30_000)
  await page.goto(appUrl('/staff/login'))
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(STAFF_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  if (user.totpEnabledAt) {
    await page.waitForURL(appUrl('/staff/login/code'))
    await page.getByLabel('Code', { exact: true }).fill(staffTotpCode())
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await page.waitForURL(appUrl('/staff'))
  return page
}
