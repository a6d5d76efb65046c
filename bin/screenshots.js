#!/usr/bin/env node
/*
| By-eye check of the phone layout (issue #17), not part of the suite:
|
|   node bin/screenshots.js [--out /tmp/shots] [--locales en,ru,uk] [--width 360 --height 640]
|
| Starts the app as `npm start` would in development (its own database
| civic_budget_shots_<checkout tag>, migrated and seeded with the demo city; Vite without HMR; no
| ledger), then saves full-page screenshots of the main resident pages (home, campaign, ideas,
| an idea, the idea form, sign-in, the ballot, check, results, progress) and the main staff pages
| (every staff navigation entry and a campaign's screens) in each language into --out, as
| <locale>-<page>[-<part>].png (parts of two screens). Look at them. The server and the browser are stopped on every way out.
*/
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { atExit, checkoutRoot, track } from '../tests/support/children.js'
import { checkoutTag } from '../tests/support/test_env.js'

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: '/tmp/shots' },
    locales: { type: 'string', default: 'en,ru,uk' },
    width: { type: 'string', default: '360' },
    height: { type: 'string', default: '640' },
  },
})
const viewport = { width: Number(args.width), height: Number(args.height) }
const DEMO_PASSWORD = 'riverside-demo'
/** database/seeders/demo_seeder.ts: the demo admin's second-factor key. */
const DEMO_ADMIN_TOTP_SECRET = 'RIVERSIDEDEMOSECRETRIVERSIDEDEMO'

function log(message) {
  console.log(`[shots] ${message}`)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** RFC 6238 code of a base32 secret (SHA-1, 30 s, 6 digits), as authenticator apps compute it. */
function totp(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const char of secret) bits += alphabet.indexOf(char).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => Number.parseInt(byte, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)))
  const hmac = createHmac('sha1', key).update(counter).digest()
  const offset = hmac[hmac.length - 1] & 0xf
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

function run(command, argv, env) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(command, argv, { cwd: checkoutRoot, env, stdio: 'inherit' }))
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited with ${code}`))
    )
  })
}

async function startServer(env) {
  const server = track(
    spawn(process.execPath, ['--import=ts-node-maintained/register/esm', 'bin/server.ts'], {
      cwd: checkoutRoot,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  )
  const url = `http://127.0.0.1:${env.PORT}`
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error('the server stopped while starting')
    const answer = await fetch(`${url}/api/v1/campaigns`).catch(() => null)
    if (answer?.ok) return url
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('the server did not answer within 3 minutes')
}

async function shoot(page, url, file, path) {
  const answer = await page.goto(`${url}${path}`, { waitUntil: 'networkidle' })
  // Parts of at most two screens each: one tall image is shrunk to illegible by image viewers.
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  const part = viewport.height * 2
  for (let top = 0, n = 1; top < height; top += part, n++) {
    await page.screenshot({
      path: `${args.out}/${file}${n === 1 ? '' : `-${n}`}.png`,
      fullPage: true,
      clip: { x: 0, y: top, width: viewport.width, height: Math.min(part, height - top) },
    })
  }
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
  log(`${file}: ${answer?.status()} ${path}${wide ? '  ← WIDER THAN THE SCREEN' : ''}`)
}

async function residentSignIn(page, url, phone) {
  await page.goto(`${url}/sign-in`)
  await page.locator('input[type=tel]').fill(phone)
  await page.locator('form button[type=submit]').click()
  await page.waitForURL(`${url}/sign-in/code`)
  const sent = await (
    await fetch(`${url}/dev/sms/outbox?phone=${encodeURIComponent(phone)}`)
  ).json()
  await page.locator('input[autocomplete=one-time-code]').fill(sent.at(-1).code)
  await page.locator('input[autocomplete=one-time-code]').press('Enter')
  await page.waitForURL(`${url}/sign-in/consent`)
  await page.locator('input[type=checkbox]').first().check()
  await page.locator('form button[type=submit]').first().click()
  await page.waitForURL((address) => !address.pathname.startsWith('/sign-in'))
}

async function staffSignIn(page, url) {
  await page.goto(`${url}/staff/login`)
  await page.locator('input[type=email]').fill('admin@riverside.example')
  await page.locator('input[type=password]').fill(DEMO_PASSWORD)
  await page.locator('form button[type=submit]').click()
  await page.waitForURL(`${url}/staff/login/code`)
  // A code is accepted once: when this window's was used already, the next window's is.
  for (let attempt = 0; ; attempt++) {
    await page.locator('form input').first().fill(totp(DEMO_ADMIN_TOTP_SECRET))
    await page.locator('form input').first().press('Enter')
    const signedIn = await page
      .waitForURL(`${url}/staff`, { timeout: 10_000 })
      .then(() => true)
      .catch(() => false)
    if (signedIn) return
    if (attempt === 3) throw new Error('the demo admin could not sign in')
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 500))
  }
}

async function shootLocale(browser, url, locale, campaigns, index) {
  const context = await browser.newContext({
    viewport,
    locale,
    extraHTTPHeaders: { 'Accept-Language': locale },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  await page.goto(`${url}/locale/${locale}`)
  const ideas = campaigns.find((campaign) => campaign.stage === 'ideas') ?? campaigns[0]
  const voting = campaigns.find((campaign) => campaign.stage === 'voting') ?? campaigns[0]
  const shot = (name, path) => shoot(page, url, `${locale}-${name}`, path)

  await shot('home', '/')
  await shot('sign-in', '/sign-in')
  await shot('campaign', `/campaigns/${ideas.slug}`)
  await shot('campaign-voting', `/campaigns/${voting.slug}`)
  await shot('ideas', `/campaigns/${ideas.slug}/ideas`)
  const first = await page.locator('.idea-card h2 a').first().getAttribute('href')
  if (first) await shot('idea', first)
  await shot('results', `/campaigns/${voting.slug}/results`)
  await shot('progress', `/campaigns/${voting.slug}/progress`)
  await shot('check', '/check')

  // A new number each run: a number sent a code a moment ago must wait to get another.
  const tail = (Date.now() + index) % 10_000_000
  await residentSignIn(page, url, `+7999${String(tail).padStart(7, '0')}`)
  await shot('idea-form', `/campaigns/${ideas.slug}/ideas/new`)
  await shot('vote', `/campaigns/${voting.slug}/vote`)
  await shot('profile', '/profile')
  await context.close()

  const staff = await browser.newContext({
    viewport,
    locale,
    extraHTTPHeaders: { 'Accept-Language': locale },
  })
  const staffPage = await staff.newPage()
  staffPage.setDefaultTimeout(60_000)
  await staffSignIn(staffPage, url)
  await staffPage.goto(`${url}/locale/${locale}`)
  const nav = await staffPage.goto(`${url}/staff`)
  if (!nav?.ok()) throw new Error('the staff dashboard did not open')
  const links = await staffPage
    .locator('nav a[href^="/staff"]')
    .evaluateAll((anchors) => [...new Set(anchors.map((anchor) => anchor.getAttribute('href')))])
  for (const href of links) {
    await shoot(
      staffPage,
      url,
      `${locale}-staff${href.replaceAll('/', '-').replace(/^-staff/, '')}`,
      href
    )
  }
  const id = voting.id
  for (const [name, path] of [
    ['campaign-review', `/staff/campaigns/${id}/review`],
    ['campaign-edit', `/staff/campaigns/${id}`],
    ['campaign-pots', `/staff/campaigns/${id}/pots`],
    ['campaign-settings', `/staff/campaigns/${id}/settings`],
    ['moderation', `/staff/proposals/campaigns/${ideas.id}/moderation`],
    ['reviews', `/staff/proposals/campaigns/${ideas.id}/reviews`],
    ['ballot', `/staff/proposals/campaigns/${id}/ballot`],
    ['comments', `/staff/proposals/campaigns/${ideas.id}/comments`],
    ['reports-campaign', `/staff/campaigns/${id}/reports`],
    ['outcome', `/staff/campaigns/${id}/outcome`],
    ['paper', `/staff/campaigns/${id}/paper`],
  ]) {
    await shoot(staffPage, url, `${locale}-staff-${name}`, path)
  }
  await staff.close()
}

async function main() {
  mkdirSync(args.out, { recursive: true })
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/civic_budget_shots_${checkoutTag()}`,
    VITE_HMR: 'off',
  }
  env.APP_URL = `http://127.0.0.1:${env.PORT}`
  log(`database ${env.DATABASE_URL}`)
  await run(process.execPath, ['ace.js', 'db:prepare'], env)
  const url = await startServer(env)
  log(`app on ${url}`)
  const campaigns = await (await fetch(`${url}/api/v1/campaigns`)).json()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
  atExit(() => void browser.close())
  try {
    const locales = args.locales.split(',')
    for (const [index, locale] of locales.entries()) {
      await shootLocale(browser, url, locale, campaigns, index)
    }
  } finally {
    await browser.close()
  }
  log(`screenshots in ${args.out}`)
  process.exit(0)
}

main().catch((error) => {
  console.error(`[shots] ${error.stack ?? error.message}`)
  process.exit(1)
})
