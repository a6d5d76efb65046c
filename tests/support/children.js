/*
| The child processes of a test run (ledger replicas, app servers, test stages, CPU hogs): every one
| is registered here and killed on every way out of the process that started it — normal end,
| Japa's forced exit (process.exit), an uncaught error, SIGINT/SIGTERM/SIGHUP. Children also carry
| CIVIC_TEST_OWNER=<pid>:<checkout> in their environment, so that a later run can find what an
| earlier run that was killed outright (SIGKILL, OOM) left behind (./leftovers.js).
*/
import { constants } from 'node:os'
import { fileURLToPath } from 'node:url'

export const OWNER_ENV = 'CIVIC_TEST_OWNER'
export const checkoutRoot = fileURLToPath(new URL('../../', import.meta.url))

/** `env` plus this process's owner mark (pass it to every child a test starts). */
export function withOwner(env = process.env) {
  return { ...env, [OWNER_ENV]: `${process.pid}:${checkoutRoot}` }
}

/** child → how to stop it: `{gentle, group}` (see `track`). */
const children = new Map()
/** Synchronous clean-ups for what is not a child (a private PostgreSQL server started by pg_ctl). */
const exitHooks = []
let handlersInstalled = false
let stopSignal = null

/** The signal this process is stopping on (its children are being stopped), else null. */
export function stoppingOn() {
  return stopSignal
}

/**
 * Registers a child to be killed when this process ends. `gentle` children (processes that have
 * children of their own, such as a Japa run) get SIGTERM first and a few seconds to stop theirs.
 * `group` children were spawned `detached` (a process group of their own): signals go to the
 * whole group — `node ace test` ignores SIGTERM while its Japa process runs, the group reaches
 * that process too — and whatever is left in the group when the child exits is killed then.
 */
export function track(child, { gentle = false, group = false } = {}) {
  installHandlers()
  if (child.exitCode !== null || child.signalCode !== null) return child
  children.set(child, { gentle, group })
  child.once('exit', () => {
    children.delete(child)
    if (group) sendSignal(child, 'SIGKILL', true)
  })
  return child
}

function sendSignal(child, name, group) {
  if (group) {
    try {
      process.kill(-child.pid, name)
      return
    } catch {
      // the group is empty already
    }
  }
  child.kill(name)
}

/** Runs `cleanup` (synchronous) when this process ends, on the same paths as the children. */
export function atExit(cleanup) {
  installHandlers()
  exitHooks.push(cleanup)
}

function killAll() {
  for (const [child, { group }] of children) sendSignal(child, 'SIGKILL', group)
  children.clear()
  for (const cleanup of exitHooks.splice(0)) {
    try {
      cleanup()
    } catch (error) {
      console.error(`clean-up at exit failed: ${error.message}`)
    }
  }
}

async function stopOnSignal(signal) {
  stopSignal = signal
  const gentle = [...children].filter(([, how]) => how.gentle)
  for (const [child, { group }] of gentle) sendSignal(child, 'SIGTERM', group)
  const deadline = Date.now() + 10_000
  while (gentle.some(([child]) => child.exitCode === null && child.signalCode === null)) {
    if (Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  killAll()
  process.exit(128 + constants.signals[signal])
}

function installHandlers() {
  if (handlersInstalled) return
  handlersInstalled = true
  // 'exit' runs on process.exit (Japa's forceExit), the end of the event loop and after an
  // uncaught error; only synchronous work is possible there, hence SIGKILL.
  process.on('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => void stopOnSignal(signal))
  }
}
