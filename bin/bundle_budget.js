#!/usr/bin/env node
/*
| The bundle budget (issue #17, "weight"): every resident page's JavaScript — the app entry, the
| page's chunk and everything they import statically, gzipped — must stay within 150 KB. Dynamic
| imports (the voting page's crypto, the check page's receipt checks) load on demand and are not
| counted; staff pages are not budgeted.
|
|   node bin/bundle_budget.js [--budget-kb 150]
|
| Builds the client with the project's vite.config.ts into a temporary directory (the
| production build in public/assets is left alone), prints one line per page and exits 1 when a
| resident page is over the budget. `npm test` runs it (bin/test_all.js).
*/
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const root = fileURLToPath(new URL('../', import.meta.url))
const ENTRY = 'resources/js/app/app.tsx'
const PAGES = 'resources/js/pages/'
const budgetArg = process.argv.indexOf('--budget-kb')
const BUDGET_KB = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 150

/** The chunk files `key` loads before running: itself and its static imports, recursively. */
function staticClosure(manifest, key, into = new Set()) {
  const chunk = manifest[key]
  if (!chunk || into.has(chunk.file)) return into
  into.add(chunk.file)
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into)
  return into
}

const outDir = mkdtempSync(join(tmpdir(), 'civic-budget-bundle-'))
try {
  process.env.VITE_HMR = 'off'
  // What a city deploys (`node ace build` with NODE_ENV=production): a `.env` saying
  // `development` would otherwise give React's development build, three times the size.
  process.env.NODE_ENV = 'production'
  await build({
    root,
    mode: 'production',
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: 'manifest.json' },
  })
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'))
  const gzipped = new Map()
  const sizeOf = (file) => {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(outDir, file))).length)
    return gzipped.get(file)
  }
  const entry = staticClosure(manifest, ENTRY)
  const pages = Object.keys(manifest)
    .filter((key) => key.startsWith(PAGES) && key.endsWith('.tsx'))
    .sort()
  if (pages.length === 0) throw new Error('no page chunks in the manifest')
  let over = 0
  for (const key of pages) {
    const name = key.slice(PAGES.length, -'.tsx'.length)
    const files = staticClosure(manifest, key, new Set(entry))
    const kb =
      [...files].reduce((sum, file) => sum + (file.endsWith('.js') ? sizeOf(file) : 0), 0) / 1024
    const resident = !name.startsWith('staff/')
    const failed = resident && kb > BUDGET_KB
    if (failed) over++
    console.log(
      `${failed ? 'OVER' : '    '} ${kb.toFixed(1).padStart(7)} KB gzip  ${name}${resident ? '' : '  (staff: not budgeted)'}`
    )
  }
  console.log(
    over === 0
      ? `every resident page within ${BUDGET_KB} KB of JS gzipped`
      : `${over} resident page(s) over ${BUDGET_KB} KB of JS gzipped`
  )
  process.exitCode = over === 0 ? 0 : 1
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
