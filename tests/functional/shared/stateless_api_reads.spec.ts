import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import emitter from '@adonisjs/core/services/emitter'
import { makeResident } from '#tests/helpers/campaigns'
import { resultsFixture } from '#tests/helpers/results'
import { freshPhone } from '#tests/helpers/voting'

/*
| Reads of the JSON API keep no session (app/middleware/session_middleware.ts `isSessionless`):
| no session is made, stored or refreshed, and the answer sets no cookie — neither the session's
| nor shield's XSRF-TOKEN. A signed-in browser's session is left as it was.
*/

/** How many sessions were committed (each commit writes or touches a stored session). */
async function sessionCommits(action: () => Promise<void>): Promise<number> {
  let commits = 0
  const count = () => void commits++
  emitter.on('session:committed', count)
  try {
    await action()
  } finally {
    emitter.off('session:committed', count)
  }
  return commits
}

test.group('JSON API reads · no session', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('no Set-Cookie on anonymous API reads', async ({ client, assert }) => {
    const fx = await resultsFixture()
    const reads = [
      ['/api/v1/campaigns', 200],
      [`/api/v1/campaigns/${fx.campaign.id}`, 200],
      [`/api/v1/campaigns/${fx.campaign.id}/projects`, 200],
      [`/api/v1/campaigns/${fx.campaign.id}/results`, 200],
      // Errors too: a 404 and the resident API without a token.
      ['/api/v1/campaigns/999999999/results', 404],
      ['/api/v1/me', 401],
    ] as const
    const commits = await sessionCommits(async () => {
      for (const [path, status] of reads) {
        // Twice: the second results read is a replay (app/reporting/results_replay.ts).
        for (const attempt of [1, 2]) {
          const response = await client.get(path).header('accept-language', 'ru')
          response.assertStatus(status)
          assert.isUndefined(response.header('set-cookie'), `${path} (${attempt}) set a cookie`)
        }
      }
    })
    assert.equal(commits, 0, 'no session was stored or touched')

    // The same visitor on a page does get a session (what the API reads no longer make).
    const pageCommits = await sessionCommits(async () => {
      const page = await client.get('/')
      assert.match(String(page.header('set-cookie')), /civic-budget-session=/)
      assert.match(String(page.header('set-cookie')), /XSRF-TOKEN=/)
    })
    assert.equal(pageCommits, 1)
  })

  test('a signed-in session is neither touched nor broken by API reads', async ({
    client,
    assert,
  }) => {
    const resident = await makeResident(freshPhone())
    const commits = await sessionCommits(async () => {
      const read = await client.get('/api/v1/campaigns').loginAs(resident)
      read.assertStatus(200)
      assert.isUndefined(read.header('set-cookie'))
      // Nor does the bearer-token API see the session's resident.
      const me = await client.get('/api/v1/me').loginAs(resident)
      me.assertStatus(401)
      assert.isUndefined(me.header('set-cookie'))
    })
    assert.equal(commits, 0, 'the stored session was not written, touched or destroyed')

    // Pages still read it (and refresh its cookie).
    const page = await client.get('/profile').loginAs(resident).redirects(0)
    page.assertStatus(200)
    assert.match(String(page.header('set-cookie')), /civic-budget-session=/)
  })
})
