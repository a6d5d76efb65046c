import { defineConfig, stores } from '@adonisjs/limiter'

/*
| Rate limits (SMS codes, logins) live in PostgreSQL so they survive restarts
| and are shared by every app node.
*/
const limiterConfig = defineConfig({
  default: 'database',
  stores: {
    database: stores.database({ tableName: 'rate_limits' }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
