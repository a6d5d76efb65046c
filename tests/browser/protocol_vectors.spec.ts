/**
 * The golden vectors of `@civic-budget/protocol` in a real browser (Debian chromium): the package's
 * public subpaths are bundled by esbuild for the browser — and the bundle fails if anything imports a
 * `node:` module, the proof that the package is isomorphic — then the same checks as the package's node
 * test (packages/protocol/test/vector_checks.ts) run in a blank page.
 */
import { test } from '@japa/runner'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '#tests/helpers/browser'
import type {
  VectorFiles,
  VectorName,
  VectorResults,
} from '../../packages/protocol/test/vector_checks.js'

const PROTOCOL_TEST = new URL('../../packages/protocol/test/', import.meta.url)
/** The bundle's entry: run the checks of browser_vectors.ts as soon as the script loads. */
const ENTRY = {
  contents: "import { publishVectorResults } from './browser_vectors.ts'; publishVectorResults()",
  resolveDir: fileURLToPath(PROTOCOL_TEST),
  loader: 'ts' as const,
}

type Json = any
const vector = (name: VectorName): Json =>
  JSON.parse(readFileSync(new URL(`vectors/${name}.json`, PROTOCOL_TEST), 'utf8'))

/** How many checks each file must get: one per case, plus the file's whole-object checks. */
const EXPECTED_CHECKS: Record<VectorName, (v: Json) => number> = {
  bytes: (v) =>
    v.hex.valid.length +
    v.hex.invalid.length +
    v.base64.valid.length +
    v.base64.invalid.length +
    v.uint64be.length +
    v.sha256.length,
  cbor: (v) => v.valid.length + v.bytes.length + v.invalid.length,
  merkle: (v) => 1 + v.roots.length + v.paths.length,
  credential: (v) => 1 + v.credentials.length,
  ballot: (v) => v.ballots.length + v.malformed.length + v.rejected.length,
  block: () => 3,
  receipt: (v) => 2 + v.invalid.length,
  tx: (v) => 2 + v.records.length + v.malformed.length,
  rules: (v) => v.cases.length,
  rejections: (v) => v.cases.length + 1,
  threshold: (v) => 5 + v.ballots.length + v.shareBatches.length + v.refused.length,
}
const NAMES = Object.keys(EXPECTED_CHECKS) as VectorName[]

/** Any `node:` import fails the bundle (bare builtins already fail under platform 'browser'). */
const noNodeModules: Plugin = {
  name: 'no-node-modules',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [
        { text: `${args.importer} imports ${args.path}: the protocol must stay isomorphic` },
      ],
    }))
  },
}

/** Serves `replaced` instead of the file on disk for the given vector files. */
function replaceVectors(replaced: Partial<VectorFiles>): Plugin {
  return {
    name: 'replace-vectors',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]vectors[\\/]\w+\.json$/ }, (args) => {
        const name = args.path.match(/(\w+)\.json$/)![1] as VectorName
        if (!(name in replaced)) return undefined
        return { contents: JSON.stringify(replaced[name]), loader: 'json' }
      })
    },
  }
}

async function bundle(replaced: Partial<VectorFiles> = {}): Promise<string> {
  const result = await build({
    stdin: ENTRY,
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
    plugins: [noNodeModules, replaceVectors(replaced)],
  })
  return result.outputFiles[0].text
}

test.group('protocol golden vectors in the browser', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser.close()
  })

  async function runInPage(script: string): Promise<VectorResults> {
    const page = await browser.newPage()
    try {
      await page.setContent('<!doctype html><title>protocol vectors</title>')
      await page.addScriptTag({ content: script })
      return (await page.evaluate('window.__vectorResults')) as VectorResults
    } finally {
      await page.close()
    }
  }

  test('every vector file is checked and passes', async ({ assert }) => {
    const results = await runInPage(await bundle())
    const files = readdirSync(new URL('vectors/', PROTOCOL_TEST)).map((f) =>
      f.replace(/\.json$/, '')
    )
    assert.sameMembers(files, NAMES)
    assert.sameMembers(Object.keys(results), NAMES)
    for (const name of NAMES) {
      assert.equal(results[name].checked, EXPECTED_CHECKS[name](vector(name)), name)
      assert.deepEqual(results[name].failures, [], name)
    }
  }).timeout(60_000)

  test('a corrupted vector is reported as a failure by name', async ({ assert }) => {
    const ballot = vector('ballot')
    const corrupted = ballot.ballots[0]
    corrupted.ballotHash = corrupted.ballotHash.replace(/^./, (c: string) =>
      c === '0' ? '1' : '0'
    )
    const results = await runInPage(await bundle({ ballot }))
    assert.deepEqual(
      results.ballot.failures.map((f) => f.name),
      [`ballot ${corrupted.ballotHash}`]
    )
    assert.equal(results.ballot.checked, EXPECTED_CHECKS.ballot(ballot))
    for (const name of NAMES.filter((n) => n !== 'ballot')) {
      assert.deepEqual(results[name].failures, [], name)
    }
  }).timeout(60_000)

  test('a node: import fails the bundle', async ({ assert }) => {
    const result = build({
      stdin: { contents: "import { createHash } from 'node:crypto'; console.log(createHash)" },
      bundle: true,
      write: false,
      platform: 'browser',
      logLevel: 'silent',
      plugins: [noNodeModules],
    })
    await assert.rejects(() => result, /node:crypto: the protocol must stay isomorphic/)
  })
})
