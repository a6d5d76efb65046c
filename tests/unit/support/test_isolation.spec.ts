import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { OWNER_ENV, checkoutRoot } from '#tests/support/children'
import { cleanLeftovers, isAlive, orphanedTempDirs } from '#tests/support/leftovers'
import { checkOwnReplica, findFreePorts, portIsFree } from '#tests/support/ports'

/*
| The machinery that keeps a test run from being fooled by its neighbours (tests/support): ports
| found free, stale replicas recognised, children killed on every way out, leftovers of a killed
| run found.
*/

const CHILDREN_MODULE = join(checkoutRoot, 'tests/support/children.js')

/** A fake replica answering /genesis with `chainId` (on a port the system picks: no race). */
async function fakeReplica(chainId: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify(request.url === '/genesis' ? { chainId } : { index: 0 }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** The pid of a process that has already exited (a "killed run"). */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout
  return Number(pid)
}

/** Runs `script` in a node process with the children registry; returns the sleeper's pid. */
async function sleeperOf(script: string, signal?: NodeJS.Signals): Promise<number> {
  const parent = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { spawn } from 'node:child_process'
       import { track } from ${JSON.stringify(CHILDREN_MODULE)}
       const sleeper = track(spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']))
       console.log(sleeper.pid)
       ${script}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] }
  )
  const pid = await new Promise<number>((resolve) =>
    parent.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())))
  )
  if (signal) parent.kill(signal)
  await new Promise((resolve) => parent.once('exit', resolve))
  return pid
}

/** Whether `pid` is gone within 5 s (if not, it is killed here: a failing test leaves nothing). */
async function waitGone(pid: number) {
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  if (!isAlive(pid)) return true
  process.kill(pid, 'SIGKILL')
  return false
}

test.group('Test isolation · ports', () => {
  test('a taken preferred port is reported and another free base is used', async ({ assert }) => {
    const { server, url } = await fakeReplica('civic-budget-stale01')
    const taken = Number(new URL(url).port)
    try {
      const base = await findFreePorts(taken, [0, 1], 'test')
      assert.notEqual(base, taken)
      assert.isTrue(await portIsFree(base))
      assert.isTrue(await portIsFree(base + 1))
      assert.isBelow(base + 1, 32_768, 'below the ephemeral range')
    } finally {
      server.close()
    }
  })

  test('a replica of another chain on our port is a stale one, never ours', async ({ assert }) => {
    const { server, url } = await fakeReplica('civic-budget-stale02')
    try {
      assert.equal(await checkOwnReplica(url, 'civic-budget-stale02'), 'ours')
      const stranger = await checkOwnReplica(url, 'civic-budget-0a0b0c0d')
      assert.include(stranger, 'civic-budget-stale02')
      assert.include(stranger, 'stale')
    } finally {
      server.close()
    }
    assert.equal(await checkOwnReplica(url, 'civic-budget-stale02'), 'down')
  })
})

test.group('Test isolation · child processes', () => {
  test('children are killed when the parent exits, even by process.exit', async ({ assert }) => {
    const pid = await sleeperOf('setTimeout(() => process.exit(3), 200)')
    assert.isTrue(await waitGone(pid))
  }).timeout(30_000)

  test('children are killed when the parent gets SIGTERM or SIGINT', async ({ assert }) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const pid = await sleeperOf('setInterval(() => {}, 1000)', signal)
      assert.isTrue(await waitGone(pid), signal)
    }
  }).timeout(30_000)

  test('children are killed after an uncaught error', async ({ assert }) => {
    const pid = await sleeperOf("setTimeout(() => { throw new Error('boom') }, 200)")
    assert.isTrue(await waitGone(pid))
  }).timeout(30_000)

  test('a stage in its own process group is stopped whole, even if it ignores SIGTERM', async ({
    assert,
  }) => {
    // The stage behaves like `node ace test`: it ignores SIGTERM while its own child runs on.
    const stage = `const { spawn } = require('node:child_process')
      const worker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
      console.log(worker.pid)
      process.on('SIGTERM', () => {})
      setInterval(() => {}, 1000)`
    const parent = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { spawn } from 'node:child_process'
         import { track } from ${JSON.stringify(CHILDREN_MODULE)}
         const stage = track(
           spawn(process.execPath, ['-e', ${JSON.stringify(stage)}], {
             detached: true,
             stdio: ['ignore', 'inherit', 'ignore'],
           }),
           { gentle: true, group: true }
         )
         setInterval(() => {}, 1000)`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] }
    )
    const worker = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())))
    )
    parent.kill('SIGTERM')
    await new Promise((resolve) => parent.once('exit', resolve))
    assert.isTrue(await waitGone(worker))
  }).timeout(30_000)

  test('leftovers of a killed run are stopped and reported, their temp dirs removed', async ({
    assert,
  }) => {
    const owner = deadPid()
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env: { ...process.env, [OWNER_ENV]: `${owner}:${checkoutRoot}` },
      stdio: 'ignore',
    })
    const dir = join(tmpdir(), `cb-ledger-client-${owner}-leftover`)
    mkdirSync(dir, { recursive: true })
    // A live run's dir is left alone.
    const liveDir = join(tmpdir(), `cb-ledger-client-${process.pid}-live`)
    mkdirSync(liveDir, { recursive: true })
    try {
      await new Promise((resolve) => setTimeout(resolve, 200))
      assert.include(orphanedTempDirs(), dir)
      assert.notInclude(orphanedTempDirs(), liveDir)
      const report = cleanLeftovers().join('\n')
      assert.include(report, `stopped: pid ${orphan.pid} (run ${owner}`)
      assert.isTrue(await waitGone(orphan.pid!))
      // Removed (and reported) by this clean-up, or by another checkout's run that came first.
      assert.isFalse(existsSync(dir))
      assert.isTrue(existsSync(liveDir))
    } finally {
      orphan.kill('SIGKILL')
      for (const d of [dir, liveDir]) rmSync(d, { recursive: true, force: true })
    }
  })
})
