#!/usr/bin/env node
/*
| `npm test`: the whole suite, in order —
|   protocol:    build of packages/protocol and packages/protocol-node, their tests (golden
|                vectors, Node fast paths against the pure-JS verdicts);
|   ledger-node: build, unit tests (consensus rules, codecs, crypto, storage, transport, apps,
|                simulator), real-process fault tests (4 replicas on loopback with RocksDB),
|                a 2,000-seed simulator sweep with every fault, and the positive control
|                (more than f twinned keys MUST produce violations — proof the checker works);
|   app:         Japa unit, functional and browser suites against real PostgreSQL
|                (database civic_budget_test, created if missing) and Debian chromium;
|                voting under faults: kill -9 of a replica and of the app, a PostgreSQL
|                restart, with the whole stack as real processes (tests/process).
| Exits non-zero if any stage fails; prints one summary line per stage.
*/
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const ledger = `${root}ledger-node/`
const ledgerCli = [`${ledger}bin/ledger-node`]
const SIM_SEEDS = process.env.SIM_SEEDS ?? '1..2000'

const stages = [
  ...['protocol', 'protocol-node'].map((name) => ({
    name: `packages/${name}: build`,
    before: () => rmSync(`${root}packages/${name}/dist`, { recursive: true, force: true }),
    cwd: root,
    args: [`${root}node_modules/typescript/bin/tsc`, '-p', `packages/${name}`],
  })),
  {
    name: 'protocol packages: golden vectors and adapters',
    cwd: root,
    args: ['--test', 'packages/protocol/dist/test', 'packages/protocol-node/dist/test'],
  },
  {
    name: 'ledger-node: build',
    // A clean dist: no stale compiled files of renamed sources run as tests.
    before: () => rmSync(`${ledger}dist`, { recursive: true, force: true }),
    cwd: ledger,
    args: [`${root}node_modules/typescript/bin/tsc`, '-p', '.'],
  },
  {
    name: 'ledger-node: unit tests',
    cwd: ledger,
    args: [
      '--test',
      ...['codec', 'consensus', 'crypto', 'net', 'storage', 'app', 'sim'].map(
        (d) => `dist/test/${d}`
      ),
    ],
  },
  {
    name: 'ledger-node: real-process fault tests',
    cwd: ledger,
    args: ['--test', '--test-concurrency=1', 'dist/test/process'],
  },
  {
    name: `ledger-node: simulator, seeds ${SIM_SEEDS}, all faults`,
    cwd: ledger,
    args: [...ledgerCli, 'simulate', '--seeds', SIM_SEEDS, '--faults', 'all'],
  },
  {
    name: 'ledger-node: positive control (--byzantine-twins 2 must find violations)',
    cwd: ledger,
    args: [
      ...ledgerCli,
      'simulate',
      '--seeds',
      '1..100',
      '--faults',
      'twins',
      '--byzantine-twins',
      '2',
    ],
    expect: (run) => run.status === 1 && /violations: [1-9]/.test(run.stdout),
    capture: true,
  },
  { name: 'app: Japa unit, functional, browser', cwd: root, args: ['ace.js', 'test'] },
  {
    name: 'app: voting under faults (replicas, app server, PostgreSQL as real processes)',
    cwd: root,
    args: ['--test', '--test-concurrency=1', 'tests/process'],
  },
]

const results = []
for (const stage of stages) {
  console.log(`\n=== ${stage.name}`)
  const started = Date.now()
  stage.before?.()
  const run = spawnSync(process.execPath, stage.args, {
    cwd: stage.cwd,
    env: process.env,
    stdio: stage.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  })
  if (stage.capture) console.log(run.stdout.trim().split('\n').slice(-3).join('\n'))
  const ok = stage.expect ? stage.expect(run) : run.status === 0
  results.push({ name: stage.name, ok, seconds: Math.round((Date.now() - started) / 1000) })
}

console.log('\n=== summary')
for (const result of results) {
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds} s)`)
}
process.exitCode = results.every((result) => result.ok) ? 0 : 1
