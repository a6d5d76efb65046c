import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { blindFor, votingFixture } from '#tests/helpers/voting'

/*
| What a resident's credential request leaves in the database (issue #13, "Linkage"): nothing that
| names the resident next to an exact time or a serial order, and no counter that names the
| resident or their IP (docs/threat-model.md "Where data is kept").
*/
const HOUR_MS = 3600_000

/** The resident's token row with its row version (xmin) and physical place (ctid). */
async function tokenRowVersion(residentId: number) {
  const { rows } = await db.rawQuery(
    'SELECT xmin::text AS xmin, ctid::text AS ctid, last_used_at FROM resident_access_tokens WHERE tokenable_id = ?',
    [residentId]
  )
  return rows[0] as { xmin: string; ctid: string; last_used_at: Date | null }
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

test.group('Voting · what a credential request stores', () => {
  test('random issuance ids, hour-truncated times, keyed hour counters, token row untouched', async ({
    client,
    assert,
  }) => {
    const { campaign, token, resident } = await votingFixture()
    const ip = '198.51.100.23'
    const tokenBefore = await tokenRowVersion(resident.id)
    const response = await client
      .post(`/api/v1/campaigns/${campaign.id}/credential`)
      .header('X-Forwarded-For', ip)
      .bearerToken(token)
      .json({ blinded: blindFor(campaign.id).blinded })
    response.assertStatus(200)

    const [issuance] = await db.from('credential_issuances').where('campaign_id', campaign.id)
    assert.match(String(issuance.id), UUID)
    assert.equal(issuance.issued_at.getTime() % HOUR_MS, 0)

    const counters = await db.from('rate_limits').select('key', 'expire')
    assert.sameMembers(
      counters.map((row) => String(row.key).split(':').slice(0, 2).join(':')),
      ['credential:ip', 'credential:resident']
    )
    for (const row of counters) {
      assert.notInclude(row.key, ip)
      assert.notMatch(row.key, new RegExp(`:${resident.id}$`))
      assert.equal(Number(row.expire) % HOUR_MS, 0, 'expiry on a full hour')
    }

    // The token row is not written at all: no time and no new row version (xmin, ctid).
    const tokenAfter = await tokenRowVersion(resident.id)
    assert.isNull(tokenAfter.last_used_at)
    assert.deepEqual(tokenAfter, tokenBefore, 'the bearer request left the token row as it was')

    // The campaign was seeded into voting: this request made its registrar key — dated to the day.
    const key = await db.from('campaign_registrar_keys').where('campaign_id', campaign.id).first()
    assert.equal(key.created_at.getTime() % (24 * HOUR_MS), 0, 'UTC day')
  })

  test('the clock-hour counters still refuse: 429 with Retry-After up to the next full hour', async ({
    client,
    assert,
  }) => {
    const { campaign, token } = await votingFixture()
    const url = `/api/v1/campaigns/${campaign.id}/credential`
    const { blinded } = blindFor(campaign.id)
    const { default: votingConfig } = await import('#config/voting')
    const allowed = votingConfig.credential.limits.perResidentHour.requests
    for (let index = 0; index < allowed; index++) {
      const answer = await client.post(url).bearerToken(token).json({ blinded })
      answer.assertStatus(200)
    }
    const refused = await client.post(url).bearerToken(token).json({ blinded })
    refused.assertStatus(429)
    const retryAfter = Number(refused.header('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 3600)
  })
})
