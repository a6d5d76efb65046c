#!/usr/bin/env node
/*
| Which translation keys each Inertia page uses, so a page is sent only those messages
| (app/shared/shared_page_props.ts) instead of all ~730 UI strings.
|
| A page uses every `ui.…` / `errors.…` key written as a string literal in its file or anything
| it imports (static or dynamic, relative or `~/`), and every key under the fixed start of a
| template literal (`` `ui.voting.errors.${code}` `` → `ui.voting.errors.*`), plus what every page gets
| from `resources/js/app/app.tsx` and the default layout it is wrapped in (staff pages: the staff
| layout; the rest: the resident layout; a page with its own `.layout =` only what it imports).
|
|   node bin/page_keys.js          writes resources/page_keys.json
|   node bin/page_keys.js --check  exits 1 when that file is stale
|
| tests/unit/shared/page_keys.spec.ts fails when the file is stale or when a literal key a
| page uses is missing in en, ru or uk.
*/
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
const JS = join(ROOT, 'resources/js')
export const OUTPUT = join(ROOT, 'resources/page_keys.json')

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g
/**
 * A translation key in a literal: `'ui.voting.title'` (that key and the keys under it) or the
 * fixed start of a template, `` `ui.results.rule_${…}` `` (every key starting so).
 */
const KEY = /['"`]((?:ui|errors)(?:\.[a-z0-9_]+)+)(\.?\$\{|['"`])/g

function resolveImport(from, specifier) {
  let base
  if (specifier.startsWith('~/')) base = join(JS, specifier.slice(2))
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier)
  else return null
  for (const candidate of [
    base,
    `${base}.tsx`,
    `${base}.ts`,
    join(base, 'index.tsx'),
    join(base, 'index.ts'),
  ]) {
    if (/\.(tsx?|jsx?)$/.test(candidate) && existsSync(candidate)) return candidate
  }
  return null
}

/** Every file reachable from `entry` through imports, except those in `stop`. */
function reachable(entry, stop = new Set()) {
  const seen = new Set()
  const queue = [entry]
  while (queue.length > 0) {
    const file = queue.pop()
    if (seen.has(file) || stop.has(file)) continue
    seen.add(file)
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveImport(file, specifier)
      if (target) queue.push(target)
    }
  }
  return seen
}

/**
 * The keys written in `files`: `ui.x.y` for a whole key, `ui.x.prefix*` for a template's fixed
 * start (`` `ui.x.prefix${…}` ``; `` `ui.x.${…}` `` gives `ui.x.*`).
 */
export function keysIn(files) {
  const keys = new Set()
  for (const file of files) {
    for (const [, key, end] of readFileSync(file, 'utf8').matchAll(KEY)) {
      keys.add(end.endsWith('{') ? `${key}${end.startsWith('.') ? '.' : ''}*` : key)
    }
  }
  return keys
}

function pagesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return pagesUnder(path)
    return entry.name.endsWith('.tsx') ? [path] : []
  })
}

/** Per page name (`voting/vote`): its files and the sorted keys (patterns) they use. */
export function pageUsage() {
  const layouts = join(JS, 'layouts')
  const defaultLayout = join(layouts, 'default_layout.tsx')
  const common = reachable(join(JS, 'app/app.tsx'), new Set([defaultLayout]))
  for (const file of [...common]) if (file.startsWith(join(JS, 'pages'))) common.delete(file)
  const usage = {}
  for (const file of pagesUnder(join(JS, 'pages')).sort()) {
    const name = relative(join(JS, 'pages'), file).replace(/\.tsx$/, '')
    const files = new Set([...common, ...reachable(file)])
    if (!/\.layout\s*=/.test(readFileSync(file, 'utf8'))) {
      const layout = name.startsWith('staff/') ? 'staff_layout.tsx' : 'resident_layout.tsx'
      for (const layoutFile of reachable(join(layouts, layout))) files.add(layoutFile)
    }
    usage[name] = { files: [...files], keys: [...keysIn(files)].sort() }
  }
  return usage
}

/** The JSON written to resources/page_keys.json. */
export function renderPageKeys() {
  const map = Object.fromEntries(
    Object.entries(pageUsage()).map(([name, { keys }]) => [name, keys])
  )
  return `${JSON.stringify(map, null, 2)}\n`
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const fresh = renderPageKeys()
  const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : ''
  if (process.argv.includes('--check')) {
    if (fresh !== current) {
      console.error(`${relative(ROOT, OUTPUT)} is stale: run node bin/page_keys.js`)
      process.exit(1)
    }
  } else {
    writeFileSync(OUTPUT, fresh)
    console.log(`wrote ${relative(ROOT, OUTPUT)}`)
  }
}
