#!/usr/bin/env node
/*
| `npm test`: the whole suite, in order —
|   app: Japa unit, functional and browser suites against real PostgreSQL
|        (database civic_budget_test, created if missing) and Debian chromium.
| Exits non-zero if any stage fails; prints one summary line per stage.
*/
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))

const stages = [
  { name: 'app (Japa: unit, functional, browser)', command: process.execPath, args: ['ace.js', 'test'] },
]

const results = []
for (const stage of stages) {
  console.log(`\n=== ${stage.name}`)
  const started = Date.now()
  const run = spawnSync(stage.command, stage.args, { cwd: root, stdio: 'inherit', env: process.env })
  const ok = run.status === 0
  results.push({ name: stage.name, ok, seconds: Math.round((Date.now() - started) / 1000) })
}

console.log('\n=== summary')
for (const result of results) {
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds} s)`)
}
process.exitCode = results.every((result) => result.ok) ? 0 : 1
