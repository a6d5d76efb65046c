#!/usr/bin/env node
/*
| `npm run bench:outcomes`: times `node ace outcome:compute` (the CLI as checked from
| outside) for each rule on a synthetic Pabulib file with 120,000 approval ballots and on
| the largest real instance in tests/fixtures/pabulib (Budapest 2024, 28,943 voters, 175 projects).
*/
import { spawnSync } from 'node:child_process'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const VOTERS = 120_000
const PROJECTS = 120

/** A seeded PRNG so every run measures the same file. */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function syntheticFile() {
  const random = mulberry32(2027)
  const lines = ['META', 'key;value', 'description;synthetic benchmark', 'num_projects;' + PROJECTS]
  lines.push(
    'num_votes;' + VOTERS,
    'budget;50000000',
    'vote_type;approval',
    'PROJECTS',
    'project_id;cost'
  )
  const popularity = []
  for (let p = 1; p <= PROJECTS; p++) {
    lines.push(`${p};${100_000 + Math.floor(random() * 4_900_000)}`)
    popularity.push(random() ** 2)
  }
  lines.push('VOTES', 'voter_id;vote')
  for (let v = 1; v <= VOTERS; v++) {
    const chosen = []
    for (let p = 1; p <= PROJECTS; p++) if (random() < popularity[p - 1] * 0.08) chosen.push(p)
    if (chosen.length === 0) chosen.push(1 + Math.floor(random() * PROJECTS))
    lines.push(`${v};${chosen.join(',')}`)
  }
  const path = join(mkdtempSync(join(tmpdir(), 'cb-bench-')), 'synthetic_120k.pb')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

function time(file, rule) {
  const started = process.hrtime.bigint()
  const run = spawnSync(
    process.execPath,
    ['ace.js', 'outcome:compute', '--pabulib', file, '--rule', rule, '--json'],
    {
      cwd: root,
      encoding: 'utf8',
    }
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (run.status !== 0) throw new Error(`${rule} on ${file} failed: ${run.stderr}`)
  const { selected, cost, budget } = JSON.parse(run.stdout.trim().split('\n').at(-1))
  return `${rule.padEnd(18)} ${seconds.toFixed(2).padStart(7)} s   ${selected.length} selected, cost ${cost} of ${budget}`
}

const synthetic = syntheticFile()
console.log(
  `synthetic: ${VOTERS} approval ballots, ${PROJECTS} projects (wall time, CLI start-up included)`
)
for (const rule of ['greedy', 'equal-shares', 'equal-shares-add1'])
  console.log('  ' + time(synthetic, rule))

const budapest = join(root, 'tests/fixtures/pabulib/Hungary_Budapest_2024.pb')
console.log('Hungary_Budapest_2024.pb: 28,943 voters, 175 projects')
for (const rule of ['greedy', 'equal-shares', 'equal-shares-add1'])
  console.log('  ' + time(budapest, rule))
