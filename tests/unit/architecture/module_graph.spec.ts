/**
 * The module rules of architecture.md, checked on the source: every top-level folder of `app/` is a
 * module; the import graph between modules has no cycle (`import type`, `export … from` and dynamic
 * `import()` count: a type-only edge still couples two modules); `app/middleware` and
 * `app/exceptions` are the app shell (they may import modules, no module imports them); and code
 * under `app/` or `resources/` reaches another module only through its `#module/…` alias, never by a
 * relative path.
 */
import { test } from '@japa/runner'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const appDir = join(root, 'app')
const SHELL = new Set(['middleware', 'exceptions'])

interface Import {
  file: string
  specifier: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

const importsCache = new Map<string, Import[]>()

/** Every module specifier a file names: static imports and re-exports (type-only included),
 * `import x = require()`, dynamic `import()` and `import('…').T` type references. */
function importsOf(file: string): Import[] {
  const cached = importsCache.get(file)
  if (cached) return cached
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false)
  const found: Import[] = []
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) found.push({ file, specifier: node.text })
  }
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier)
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node.moduleReference.expression)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0])
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  importsCache.set(file, found)
  return found
}

/** `#alias/` prefixes of package.json "imports" that point into `app/<module>/`. */
function aliasModules(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const aliases = new Map<string, string>()
  for (const [key, target] of Object.entries<string>(pkg.imports)) {
    const match = /^\.\/app\/([^/]+)\/\*/.exec(target)
    if (match) aliases.set(key.replace(/\*$/, ''), match[1])
  }
  return aliases
}

/** The top-level folder of `app/` a path lies in, or null outside `app/`. */
function moduleOfPath(path: string): string | null {
  const rel = relative(appDir, path)
  if (rel.startsWith('..') || rel === '') return null
  return rel.split(sep)[0]
}

function targetModule(imp: Import, aliases: Map<string, string>): string | null {
  if (imp.specifier.startsWith('.')) return moduleOfPath(resolve(dirname(imp.file), imp.specifier))
  for (const [prefix, module] of aliases) if (imp.specifier.startsWith(prefix)) return module
  return null
}

type Graph = Map<string, Map<string, string[]>>

/** module → imported module → the files that make the edge. */
function buildModuleGraph(): Graph {
  const aliases = aliasModules()
  const graph: Graph = new Map()
  for (const file of sourceFiles(appDir)) {
    const from = moduleOfPath(file)!
    if (!graph.has(from)) graph.set(from, new Map())
    for (const imp of importsOf(file)) {
      const to = targetModule(imp, aliases)
      if (to === null || to === from) continue
      const edges = graph.get(from)!
      edges.set(to, [...(edges.get(to) ?? []), relative(root, file)])
    }
  }
  return graph
}

/** The strongly connected components of more than one module (Tarjan): each holds a cycle. */
function cyclicComponents(graph: Graph): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const components: string[][] = []
  const connect = (v: string) => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        connect(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        component.push(w)
      } while (w !== v)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v)
  return components
}

/** The shortest cycle through the component's first module, found breadth-first inside it. */
function shortestCycle(graph: Graph, component: string[]): string[] {
  const start = component[0]
  const inside = new Set(component)
  const previous = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const v = queue.shift()!
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
      if (!inside.has(w)) continue
      if (w === start) {
        const path = [v]
        while (path[0] !== start) path.unshift(previous.get(path[0])!)
        return [...path, start]
      }
      if (!previous.has(w)) {
        previous.set(w, v)
        queue.push(w)
      }
    }
  }
  throw new Error(`no cycle through ${start}`)
}

/** A cycle of the component, then every import edge inside the component (what to break). */
function describeComponent(graph: Graph, component: string[]): string {
  const inside = new Set(component)
  const edges: string[] = []
  for (const from of component) {
    for (const [to, files] of [...graph.get(from)!].sort(([a], [b]) => a.localeCompare(b))) {
      if (!inside.has(to)) continue
      const more = files.length > 1 ? ` and ${files.length - 1} more` : ''
      edges.push(`  ${from} → ${to}  (${files[0]}${more})`)
    }
  }
  return `${shortestCycle(graph, component).join(' → ')}\n${edges.join('\n')}`
}

let graphOfApp: Graph | undefined
/** The graph of app/, read once for the tests that need it. */
function moduleGraph(): Graph {
  graphOfApp ??= buildModuleGraph()
  return graphOfApp
}

test.group('Architecture / module graph', (group) => {
  // Reading every source file takes seconds on a busy machine: more than the unit suite's default.
  group.each.timeout(60_000)

  test('every kind of import is read, type-only and dynamic included', ({ assert }) => {
    const dir = mkdtempSync(join(tmpdir(), 'module-graph-'))
    const file = join(dir, 'sample.ts')
    writeFileSync(
      file,
      [
        "import a from '#a/x'",
        "import type { B } from '#b/x'",
        "import '#c/x'",
        "export { d } from '#d/x'",
        "export type * from '#e/x'",
        "const f = () => import('#f/x')",
        "let g: import('#g/x').G",
        "// import h from '#h/x'",
      ].join('\n')
    )
    try {
      const specifiers = importsOf(file).map((imp) => imp.specifier)
      assert.deepEqual(specifiers, ['#a/x', '#b/x', '#c/x', '#d/x', '#e/x', '#f/x', '#g/x'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the modules of app/ import each other without a cycle', ({ assert }) => {
    const graph = moduleGraph()
    assert.isAbove(graph.size, 5, 'the modules of app/ were found')
    const found = cyclicComponents(graph).map((component) => describeComponent(graph, component))
    assert.deepEqual(found, [], `module cycles:\n${found.join('\n')}`)
  })

  test('no module imports the app shell (middleware, exceptions)', ({ assert }) => {
    const offending: string[] = []
    for (const [from, edges] of moduleGraph()) {
      if (SHELL.has(from)) continue
      for (const [to, files] of edges) {
        if (SHELL.has(to)) offending.push(`${from} → ${to}  (${files.join(', ')})`)
      }
    }
    assert.deepEqual(offending, [], `modules importing the app shell:\n${offending.join('\n')}`)
  })

  test('no file under app/ or resources/ reaches another module by a relative path', ({
    assert,
  }) => {
    const offending: string[] = []
    for (const file of [...sourceFiles(appDir), ...sourceFiles(join(root, 'resources'))]) {
      const own = moduleOfPath(file)
      for (const imp of importsOf(file)) {
        if (!imp.specifier.startsWith('.')) continue
        const reached = moduleOfPath(resolve(dirname(file), imp.specifier))
        // Inside app/ a relative path stays in its own module; elsewhere it must not enter app/.
        const leaves = own === null ? reached !== null : reached !== own
        if (leaves) offending.push(`${relative(root, file)}: '${imp.specifier}'`)
      }
    }
    assert.deepEqual(offending, [], `relative imports across modules:\n${offending.join('\n')}`)
  })
})
