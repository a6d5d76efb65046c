import logger from '@adonisjs/core/services/logger'
import { destination } from '@adonisjs/core/logger'

/**
 * The app's logger writes every level from debug up into `file` while `run` runs (the linkage and
 * "only ciphertext" tests read every line the app logged).
 */
export async function withDebugLog<T>(file: string, run: () => Promise<T>): Promise<T> {
  const capture = logger.create({
    enabled: true,
    name: 'civic-budget',
    level: 'debug',
    desination: destination({ dest: file, sync: true }),
  })
  const managed = [logger, logger.use()]
  const saved = managed.map((l) => l.pino)
  for (const l of managed) l.pino = capture.pino
  try {
    return await run()
  } finally {
    managed.forEach((l, i) => (l.pino = saved[i]))
  }
}
