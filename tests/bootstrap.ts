import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { inertiaApiClient } from '@adonisjs/inertia/plugins/api_client'
import testUtils from '@adonisjs/core/services/test_utils'
import { ensureDatabase } from '#shared/ensure_database'
import { databaseUrl } from '#shared/database_url'
import { reportLeftovers } from '#tests/support/leftovers'
import { startOnFreePort } from '#tests/support/test_env'
import { assertAccessible } from '#tests/helpers/a11y'

export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  sessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
  inertiaApiClient(app),
]

/*
| Tests always use the real PostgreSQL server and this checkout's own database
| (tests/support/test_env.js): created if missing, migrated fresh once per run. Leftovers of an
| earlier run that was killed outright are stopped and reported first.
*/
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    () => reportLeftovers('node ace test'),
    async () => {
      await ensureDatabase(databaseUrl())
    },
    () => testUtils.db().migrate(),
  ],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (suite.name === 'browser') {
    // axe after every browser test: every page state it visited (tests/helpers/a11y.ts).
    suite.onGroup((group) => group.each.teardown(assertAccessible))
    suite.onTest((test) => test.teardown(assertAccessible))
  }
  if (['browser', 'functional', 'e2e'].includes(suite.name)) {
    // PORT is read when the server listens (and by tests/helpers/browser.ts): free at that moment.
    return suite.setup(() => startOnFreePort(() => testUtils.httpServer().start()))
  }
}
