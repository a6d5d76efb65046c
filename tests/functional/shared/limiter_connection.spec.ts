import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import db from '@adonisjs/lucid/services/db'

/*
| @adonisjs/limiter caches one limiter per options for the whole process. A limiter first made
| inside a test's global transaction must not keep that transaction's client once it is rolled
| back (config/limiter.ts `currentConnection`): before, every later check on it failed with
| "Client was closed and is not queryable" — a 500 on every staff sign-in after the bad-input
| sweep happened to make the login limiter first.
*/
const OPTIONS = { requests: 7, duration: '7 mins', blockDuration: '7 mins' } as const
const KEY = 'limiter_connection_test'

test.group('Rate limits · a limiter made inside a global transaction', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('counts inside the transaction (rolled back with it)', async ({ assert }) => {
    const made = limiter.use({ ...OPTIONS })
    const { consumed } = await made.increment(KEY)
    assert.equal(consumed, 1)
  })
})

test.group('Rate limits · the same limiter after the rollback', () => {
  test('still works on the pool, and the rollback left no count behind', async ({ assert }) => {
    // The pool's connections end, as idle ones are reaped: the transaction's among them.
    await db.manager.close(db.primaryConnectionName)
    const same = limiter.use({ ...OPTIONS })
    assert.isNull(await same.get(KEY))
    const { consumed } = await same.increment(KEY)
    assert.equal(consumed, 1)
    await same.delete(KEY)
    const rows = await db.from('rate_limits').whereILike('key', `%${KEY}%`)
    assert.lengthOf(rows, 0)
  })
})
