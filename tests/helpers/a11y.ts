/*
| Accessibility in CI (issue #17): axe-core checks every page state the browser suite visits.
|
| `launchBrowser()` (tests/helpers/browser.ts) instruments every browser context: an init script
| in each document watches the DOM and, once it has been still for a moment, reports the state
| (its URL and a cheap fingerprint of the body) through a binding; each new state of a page is
| queued for an axe run (`@axe-core/playwright`) — a page load, an Inertia visit, a form's errors,
| the voting page's review and receipt alike. After each test (tests/bootstrap.ts), the pages
| still open are also checked in the other viewport (a phone page on a desktop and back), and the
| test fails on any serious or critical violation, listed with its page and elements.
*/
import { AxeBuilder } from '@axe-core/playwright'
import type { BrowserContext, Page } from 'playwright-core'

const FAILING_IMPACTS = new Set(['serious', 'critical'])
const PHONE = { width: 360, height: 740 }
const DESKTOP = { width: 1280, height: 800 }

/** Reports a settled DOM: 300 ms without a mutation after the last one. Top frame only. */
const SETTLE_SCRIPT = `(() => {
  if (window.top !== window) return
  let timer
  const report = () => {
    const body = document.body
    if (!body || typeof window.__a11ySettled !== 'function') return
    window.__a11ySettled(location.href + '|' + body.innerHTML.length + '|' + body.querySelectorAll('*').length)
  }
  const settle = () => { clearTimeout(timer); timer = setTimeout(report, 300) }
  const start = () => {
    new MutationObserver(settle).observe(document.documentElement, {
      subtree: true, childList: true, attributes: true, characterData: true,
    })
    settle()
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()`

interface Violation {
  url: string
  viewport: string
  rule: string
  impact: string
  help: string
  targets: string[]
}

interface Watched {
  page: Page
  lastState: string | null
  queue: Promise<void>
  /** checked in the other viewport already */
  final: boolean
}

const watched = new Map<Page, Watched>()
let violations: Violation[] = []
let checkedStates = 0

/** Whether `url` is one of ours to check (not about:blank, data: or a download). */
function checkable(url: string): boolean {
  return url.startsWith('http://') || url.startsWith('https://')
}

async function analyze(page: Page): Promise<void> {
  if (page.isClosed() || !checkable(page.url())) return
  const viewport = page.viewportSize()
  let results
  try {
    // Violations only: axe skips collecting the passes, a good part of its time.
    results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze()
  } catch {
    // The page navigated or closed mid-run: that state was transient; the next one is checked.
    return
  }
  checkedStates++
  for (const violation of results.violations) {
    if (!FAILING_IMPACTS.has(violation.impact ?? '')) continue
    violations.push({
      url: results.url,
      viewport: viewport ? `${viewport.width}×${viewport.height}` : 'default',
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    })
  }
}

function enqueue(entry: Watched, task: () => Promise<void>): Promise<void> {
  entry.queue = entry.queue.then(task, task)
  return entry.queue
}

function watch(page: Page): Watched {
  let entry = watched.get(page)
  if (!entry) {
    entry = { page, lastState: null, queue: Promise.resolve(), final: false }
    watched.set(page, entry)
    page.once('close', () => {
      // Checks already queued still count; nothing new can start.
      entry!.lastState = 'closed'
    })
  }
  return entry
}

/** The queued checks of a page, then its last state in the other viewport (phone ↔ desktop). */
async function finish(entry: Watched): Promise<void> {
  await entry.queue
  const { page } = entry
  if (entry.final || page.isClosed() || !checkable(page.url())) return
  entry.final = true
  const original = page.viewportSize()
  const other = original && original.width < 720 ? DESKTOP : PHONE
  await enqueue(entry, async () => {
    try {
      await page.setViewportSize(other)
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
    } catch {
      return
    }
    await analyze(page)
    if (original) await page.setViewportSize(original).catch(() => {})
  })
}

/**
 * Every page of `context` is checked at each new settled state, and in the other viewport when
 * the context closes (tests usually close theirs) or the test ends.
 */
export async function watchAccessibility(context: BrowserContext): Promise<void> {
  context.on('page', (page) => void watch(page))
  const close = context.close.bind(context)
  context.close = async (...args: Parameters<BrowserContext['close']>) => {
    for (const page of context.pages()) {
      const entry = watched.get(page)
      if (entry) await finish(entry)
    }
    return close(...args)
  }
  await context.exposeBinding('__a11ySettled', ({ page }, state: string) => {
    const entry = watch(page)
    if (entry.lastState === state || entry.lastState === 'closed') return
    entry.lastState = state
    void enqueue(entry, () => analyze(page))
  })
  await context.addInitScript(SETTLE_SCRIPT)
}

/**
 * Waits for the queued checks, checks the pages still open in the other viewport too, forgets
 * them, and throws when any state had a serious or critical violation.
 */
export async function assertAccessible(): Promise<void> {
  const entries = [...watched.values()]
  watched.clear()
  for (const entry of entries) await finish(entry)
  const found = violations
  violations = []
  if (found.length === 0) return
  const lines = found.map(
    (v) =>
      `- ${v.impact} ${v.rule} (${v.help}) at ${v.url} [${v.viewport}]: ${v.targets.join(', ')}`
  )
  throw new Error(
    `axe: ${found.length} serious or critical accessibility violation(s):\n${[...new Set(lines)].join('\n')}`
  )
}

/** How many page states axe has checked in this process (for the helper's own test). */
export function checkedStateCount(): number {
  return checkedStates
}
