/*
| Per page, only the messages it uses (issue #17: every page used to embed all ~730 UI strings).
| `resources/page_keys.json`, written by `node bin/page_keys.js` from the pages' sources, lists
| per Inertia component the keys (`ui.x.y`: that key and those under it) and key starts
| (`ui.x.prefix*`) its files name; tests/unit/shared/page_keys.spec.ts fails when it is stale.
| A component missing from it (a page added without re-running the script) gets every message.
*/
import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

let pageKeys: Record<string, string[]> | undefined

/** The key patterns of `component`, or undefined when the map does not know it. */
export function keysOfPage(component: string): string[] | undefined {
  pageKeys ??= JSON.parse(readFileSync(app.makePath('resources/page_keys.json'), 'utf8')) as Record<
    string,
    string[]
  >
  return Object.hasOwn(pageKeys, component) ? pageKeys[component] : undefined
}

/** Whether translation key `key` is named by `pattern` (`ui.x.y` or `ui.x.prefix*`). */
export function keyMatches(pattern: string, key: string): boolean {
  if (pattern.endsWith('*')) return key.startsWith(pattern.slice(0, -1))
  return key === pattern || key.startsWith(`${pattern}.`)
}

/** The subset of `messages` a page with key patterns `patterns` uses. */
export function messagesFor(
  messages: Record<string, string>,
  patterns: string[]
): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const [key, value] of Object.entries(messages)) {
    if (patterns.some((pattern) => keyMatches(pattern, key))) picked[key] = value
  }
  return picked
}
