#!/usr/bin/env node
/*
| `npm test`: the whole suite, in order —
|   protocol:    build of packages/protocol and packages/protocol-node, their tests (golden
|                vectors, Node fast paths against the pure-JS verdicts);
|   ledger-node: build, unit tests (consensus rules, codecs, crypto, storage, transport, apps,
|                simulator), real-process fault tests (4 replicas on loopback with RocksDB),
|                a 10,000-seed simulator sweep with every fault and every adversary, the
|                positive control (more than f twinned keys MUST produce
|                violations — proof the checker works) and the mutation suite (every known-bad
|                variant of the core MUST be killed — proof the search finds broken rules);
|   app:         Japa unit, functional and browser suites against real PostgreSQL
|                (database civic_budget_test_<hash of the checkout path>, created if missing)
|                and Debian chromium (axe-core on every page state the browser suite visits);
|                the bundle budget (a production client build: every resident page's JS within
|                150 KB gzipped) and the per-page translations map being up to date;
|                voting under faults: kill -9 of a replica and of the app, a PostgreSQL
|                restart, with the whole stack as real processes (tests/process).
| Exits non-zero if any stage fails; prints one summary line per stage. Leftovers of an earlier
| run that was killed outright are stopped and reported first; Ctrl-C / SIGTERM stops the running
| stage and everything it started (tests/support/children.js).
*/
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { stoppingOn, track, withOwner } from '../tests/support/children.js'
import { reportLeftovers } from '../tests/support/leftovers.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const ledger = `${root}ledger-node/`
const ledgerCli = [`${ledger}bin/ledger-node`]
const SIM_SEEDS = process.env.SIM_SEEDS ?? '1..10000'

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
    name: `ledger-node: simulator, seeds ${SIM_SEEDS}, all faults, every adversary`,
    cwd: ledger,
    args: [...ledgerCli, 'simulate', '--seeds', SIM_SEEDS, '--faults', 'all', '--adversary', 'all'],
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
  {
    name: 'ledger-node: mutation suite (every mutant must be killed)',
    cwd: ledger,
    args: [...ledgerCli, 'mutants'],
  },
  {
    name: 'app: translations per page up to date (bin/page_keys.js --check)',
    cwd: root,
    args: ['bin/page_keys.js', '--check'],
  },
  {
    name: 'app: bundle budget (resident pages ≤ 150 KB of JS gzipped)',
    cwd: root,
    args: ['bin/bundle_budget.js'],
  },
  { name: 'app: Japa unit, functional, browser', cwd: root, args: ['ace.js', 'test'] },
  {
    name: 'app: voting under faults (replicas, app server, PostgreSQL as real processes)',
    cwd: root,
    args: ['--test', '--test-concurrency=1', 'tests/process'],
  },
]

/**
 * Runs one stage as a child in a process group of its own (not spawnSync: this process must stay
 * responsive to signals). A signal to this run reaches the whole stage (SIGTERM, then SIGKILL),
 * and whatever a finished stage left in its group is killed with it. Resolves `{status, stdout}`.
 */
function runStage(stage) {
  return new Promise((resolve) => {
    const child = track(
      spawn(process.execPath, stage.args, {
        cwd: stage.cwd,
        env: withOwner(),
        detached: true,
        stdio: ['ignore', stage.capture ? 'pipe' : 'inherit', 'inherit'],
      }),
      { gentle: true, group: true }
    )
    let stdout = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.on('close', (status) => resolve({ status, stdout }))
  })
}

reportLeftovers('npm test')
const results = []
for (const stage of stages) {
  console.log(`\n=== ${stage.name}`)
  const started = Date.now()
  stage.before?.()
  const run = await runStage(stage)
  if (stoppingOn()) break // the stage was stopped by a signal to this run: start no other
  if (stage.capture) console.log(run.stdout.trim().split('\n').slice(-3).join('\n'))
  const ok = stage.expect ? stage.expect(run) : run.status === 0
  results.push({ name: stage.name, ok, seconds: Math.round((Date.now() - started) / 1000) })
}

console.log('\n=== summary')
for (const result of results) {
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds} s)`)
}
if (stoppingOn()) console.log(`stopped by ${stoppingOn()}: the run is incomplete`)
process.exitCode = !stoppingOn() && results.every((result) => result.ok) ? 0 : 1
