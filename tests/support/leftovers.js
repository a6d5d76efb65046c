/*
| What an earlier test run that was killed outright (SIGKILL, OOM, a closed terminal) left behind:
| processes marked CIVIC_TEST_OWNER (./children.js) whose owner is gone, and temp dirs named
| `<prefix>-<owner pid>-…` (./temp_dirs.js) whose owner is gone. This checkout's leftovers are
| stopped and removed, another checkout's only reported (its own next run cleans them up); the
| caller prints the report. Linux only (/proc); elsewhere it finds nothing.
*/
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OWNER_ENV, checkoutRoot } from './children.js'
import { TEMP_DIR_PATTERN } from './temp_dirs.js'

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

function ownerOf(pid) {
  let environ
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8')
  } catch {
    return null
  }
  const entry = environ.split('\0').find((e) => e.startsWith(`${OWNER_ENV}=`))
  if (!entry) return null
  const value = entry.slice(OWNER_ENV.length + 1)
  const colon = value.indexOf(':')
  return { pid: Number(value.slice(0, colon)), checkout: value.slice(colon + 1) }
}

function isNodeCommand(command) {
  const executable = command.split(' ')[0]
  return executable === process.execPath || /(^|\/)node$/.test(executable)
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return '?'
  }
}

/** Marked processes whose owner has exited: `{pid, owner, checkout, command, ours}`. */
export function orphanedTestProcesses() {
  let pids
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return []
  }
  const found = []
  for (const name of pids) {
    const pid = Number(name)
    if (pid === process.pid) continue
    const owner = ownerOf(pid)
    if (!owner || isAlive(owner.pid)) continue
    found.push({
      pid,
      owner: owner.pid,
      checkout: owner.checkout,
      command: commandLine(pid),
      ours: owner.checkout === checkoutRoot,
    })
  }
  return found
}

/** Test temp dirs whose owner process has exited. */
export function orphanedTempDirs() {
  let names
  try {
    names = readdirSync(tmpdir())
  } catch {
    return []
  }
  return names
    .map((name) => ({ name, match: TEMP_DIR_PATTERN.exec(name) }))
    .filter(({ match }) => match && !isAlive(Number(match[1])))
    .map(({ name }) => join(tmpdir(), name))
}

/**
 * Finds the leftovers, stops this checkout's orphaned processes (SIGKILL), removes orphaned temp
 * dirs no live process still uses, and returns report lines (empty when the machine is clean).
 */
export function cleanLeftovers() {
  const lines = []
  const reported = new Set()
  const othersCommands = []
  // A stopped leftover (a Japa run) orphans its own children: look again until nothing is new.
  for (let round = 0; round < 5; round++) {
    const fresh = orphanedTestProcesses().filter((p) => !reported.has(p.pid))
    if (fresh.length === 0) break
    for (const p of fresh) {
      reported.add(p.pid)
      // Only node processes (replicas, app servers, test stages, hogs) are ours to stop: a
      // server a test restarted (PostgreSQL) may have inherited the mark.
      const stop = p.ours && isNodeCommand(p.command)
      if (stop) {
        try {
          process.kill(p.pid, 'SIGKILL')
        } catch {}
      } else {
        othersCommands.push(p.command)
      }
      const what = stop
        ? 'stopped'
        : p.ours
          ? 'left running (not a node process)'
          : 'left running (another checkout)'
      lines.push(
        `${what}: pid ${p.pid} (run ${p.owner} of ${p.checkout}, no longer running): ` +
          p.command.slice(0, 160)
      )
    }
    if (!fresh.some((p) => p.ours && isNodeCommand(p.command))) break
    sleepSync(300)
  }
  for (const dir of orphanedTempDirs()) {
    if (othersCommands.some((command) => command.includes(dir))) continue
    rmSync(dir, { recursive: true, force: true })
    lines.push(`removed: ${dir} (its run is no longer running)`)
  }
  return lines
}

/** Runs `cleanLeftovers` and prints what it found (on stderr, so it stands out in a test log). */
export function reportLeftovers(context) {
  const lines = cleanLeftovers()
  if (lines.length === 0) return
  console.warn(`[${context}] leftovers of an earlier test run:\n  ${lines.join('\n  ')}`)
}
