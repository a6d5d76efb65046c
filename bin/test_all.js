#!/usr/bin/env node
/*
| `npm test`: the whole suite, in order —
|   protocol:    build of packages/protocol and packages/protocol-node, their tests (golden
|                vectors, Node fast paths against the pure-JS verdicts);
|   ledger-node: build, unit tests (consensus rules, codecs, crypto, storage, transport, apps,
|                simulator), real-process fault tests (4 replicas on loopback with RocksDB),
|                a 5,000-seed simulator sweep with every fault and every adversary (the
|                10,000-seed one: `npm run test:simulate`, ≈ 6.5 min alone; SIM_SEEDS sets the
|                range here — CI must end within 30 minutes), the
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
| After the builds, two lanes run side by side — ledger-node's tests and the app's — each stage
| after the other within its lane (the machine has two cores; each lane leaves the other room while
| it waits on processes, browsers and PostgreSQL). The ledger lane's output is printed whole as
| each of its stages ends, so the two never interleave line by line.
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
const SIM_SEEDS = process.env.SIM_SEEDS ?? '1..5000'

const builds = [
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
]

const ledgerLane = [
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
]

const appLane = [
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
 * and whatever a finished stage left in its group is killed with it. `quiet` stages have their
 * output (stdout and stderr) collected instead of printed. Resolves `{status, stdout}`.
 */
function runStage(stage, { quiet = false } = {}) {
  return new Promise((resolve) => {
    const piped = quiet || stage.capture
    const child = track(
      spawn(process.execPath, stage.args, {
        cwd: stage.cwd,
        env: withOwner(),
        detached: true,
        stdio: ['ignore', piped ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
      }),
      { gentle: true, group: true }
    )
    let stdout = ''
    let output = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk
      output += chunk
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk) => (output += chunk))
    child.on('close', (status) => resolve({ status, stdout, output }))
  })
}

const results = []

/** Runs a lane's stages one after the other; stops early only when this run is being stopped. */
async function runLane(stages, { quiet = false } = {}) {
  for (const stage of stages) {
    if (!quiet) console.log(`\n=== ${stage.name}`)
    const started = Date.now()
    stage.before?.()
    const run = await runStage(stage, { quiet })
    if (stoppingOn()) return // the stage was stopped by a signal to this run: start no other
    const seconds = Math.round((Date.now() - started) / 1000)
    if (quiet)
      console.log(`\n=== ${stage.name} (ended after ${seconds} s)\n${run.output.trimEnd()}`)
    if (stage.capture) console.log(run.stdout.trim().split('\n').slice(-3).join('\n'))
    const ok = stage.expect ? stage.expect(run) : run.status === 0
    results.push({ name: stage.name, ok, seconds })
  }
}

reportLeftovers('npm test')
const started = Date.now()
await runLane(builds)
if (!stoppingOn()) await Promise.all([runLane(ledgerLane, { quiet: true }), runLane(appLane)])

console.log('\n=== summary')
for (const result of results) {
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds} s)`)
}
console.log(`wall time ${Math.round((Date.now() - started) / 1000)} s`)
if (stoppingOn()) console.log(`stopped by ${stoppingOn()}: the run is incomplete`)
const complete = results.length === builds.length + ledgerLane.length + appLane.length
process.exitCode = !stoppingOn() && complete && results.every((result) => result.ok) ? 0 : 1
