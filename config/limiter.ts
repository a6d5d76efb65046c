import { configProvider } from '@adonisjs/core'
import { defineConfig, stores } from '@adonisjs/limiter'
import LimiterDatabaseStore from '@adonisjs/limiter/stores/database'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { LimiterConsumptionOptions } from '@adonisjs/limiter/types'

/*
| Rate limits (SMS codes, logins) live in PostgreSQL so they survive restarts
| and are shared by every app node.
*/

/**
 * The default connection as it is when a limit is checked, not when its limiter was made.
 * @adonisjs/limiter caches a limiter per options for the life of the process, and its database
 * store keeps the client it was given: a limiter first made inside a test's global transaction
 * kept that transaction's client after the rollback ("Client was closed and is not queryable", a
 * 500 on every later sign-in). In the app this is the same client on every call.
 */
function currentConnection(): QueryClientContract {
  const current = () => db.connection()
  const knex = new Proxy(function () {}, {
    get: (_target, prop) => {
      const client = current().getWriteClient() as unknown as Record<PropertyKey, unknown>
      const value = client[prop]
      return typeof value === 'function' ? value.bind(client) : value
    },
    apply: (_target, _this, args) =>
      (current().getWriteClient() as unknown as (...a: unknown[]) => unknown)(...args),
  })
  return new Proxy({} as QueryClientContract, {
    get: (_target, prop) =>
      prop === 'getWriteClient'
        ? () => knex
        : (current() as unknown as Record<PropertyKey, unknown>)[prop],
  })
}

const limiterConfig = defineConfig({
  default: 'database',
  stores: {
    database: configProvider.create(
      async () => (options: LimiterConsumptionOptions) =>
        new LimiterDatabaseStore(currentConnection(), { tableName: 'rate_limits', ...options })
    ),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
