#!/usr/bin/env node
/*
| `node bench/profile_summary.js <file.cpuprofile> [top]`: the flame graph of a V8 CPU profile
| (`node --cpu-prof`, e.g. `npm run bench:voting -- --cpu-prof <dir>`) as text — self time by
| category (where the code lives: app module, npm package, node internals, GC, idle) and the top
| functions by self time. Markdown, so it can go straight into a note.
*/
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** Where a frame's code lives, coarse enough to read at a glance. */
function category({ functionName, url }) {
  if (functionName === '(idle)') return '(idle)'
  if (functionName === '(garbage collector)') return '(garbage collector)'
  if (functionName === '(program)') return '(program: native, not JS)'
  if (!url) return `native: ${functionName || '(anonymous)'}`
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return `npm ${pkg[1]}`
  const app =
    /\/(app\/[^/]+|packages\/[^/]+|ledger-node\/(?:dist\/)?src\/[^/]+|start|config)\//.exec(url)
  return app ? app[1] : url.replace(/^file:\/\//, '')
}

/** The profile in `file` as Markdown: self time by category, then the `top` functions. */
export function summarizeProfile(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  // Self time per node: the sampling intervals attributed to it.
  const selfUs = new Map()
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const out = []
  const byCategory = new Map()
  const byFunction = new Map()
  let total = 0
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0
    if (us === 0) continue
    total += us
    const cat = category(node.callFrame)
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + us)
    const where = node.callFrame.url.replace(
      /^file:\/\/.*?\/(?=app|packages|ledger-node|node_modules)/,
      ''
    )
    const key = `${node.callFrame.functionName || '(anonymous)'} — ${where}:${node.callFrame.lineNumber + 1}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  }

  const busy = total - (byCategory.get('(idle)') ?? 0)
  const pct = (us, of) => `${((100 * us) / of).toFixed(1)} %`
  const rows = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)

  out.push(`### ${file.split('/').pop()}`)
  out.push(
    `${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (not idle); shares of busy time\n`
  )
  out.push('| category | self | share |\n|---|---:|---:|')
  for (const [cat, us] of rows(byCategory, 20)) {
    if (cat === '(idle)') continue
    out.push(`| ${cat} | ${(us / 1e6).toFixed(2)} s | ${pct(us, busy)} |`)
  }
  out.push(`\n| top functions by self time | self | share |\n|---|---:|---:|`)
  for (const [fn, us] of rows(byFunction, top + 1)) {
    if (fn.startsWith('(idle)')) continue
    out.push(`| \`${fn.replace(/\|/g, '\\|')}\` | ${(us / 1e6).toFixed(2)} s | ${pct(us, busy)} |`)
  }
  return out.join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, top] = process.argv.slice(2)
  if (!file) {
    console.error('usage: node bench/profile_summary.js <file.cpuprofile> [top]')
    process.exit(2)
  }
  console.log(summarizeProfile(file, Number(top ?? 25)))
}
