/*
| Interval jobs of the web server's preloads (`start/` files of the modules): a task run every
| `intervalMs`, never two runs at once (a tick while one runs is skipped), a failure logged as
| `<name> failed`, the timer unref'd and cleared when the app terminates.
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'

/** True in the web server process only — never in tests or ace commands. */
export function inWebServer(): boolean {
  return !app.inTest && app.getEnvironment() === 'web'
}

/**
 * Runs `task` every `intervalMs` in the web server (a no-op elsewhere); `firstAfterMs` also runs
 * it once that soon after boot.
 */
export function every(
  intervalMs: number,
  name: string,
  task: () => Promise<unknown>,
  options: { firstAfterMs?: number } = {}
): void {
  if (!inWebServer()) return
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await task()
    } catch (error) {
      logger.error({ err: error }, `${name} failed`)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()
  app.terminating(() => clearInterval(timer))
  if (options.firstAfterMs !== undefined)
    setTimeout(() => void tick(), options.firstAfterMs).unref()
}
