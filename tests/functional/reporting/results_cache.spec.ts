import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { writeCountedBallots } from '#ledger/projection/read_models'
import { computeCampaignOutcome, publishOutcome } from '#outcomes/platform/campaign_outcome'
import { resetReadModels } from '#tests/helpers/ledger'
import { resultsFixture, type ResultsFixture } from '#tests/helpers/results'
import { makeResident } from '#tests/helpers/campaigns'
import { freshPhone } from '#tests/helpers/voting'
import { VERSION_MAX_AGE_MS } from '#reporting/results_cache'
import { resultsChanged } from '#shared/results_changes'

/*
| The results cache (app/reporting/results_cache.ts) and the replayed answers
| (app/reporting/results_replay.ts): answers are reused while the results version (projection
| height, campaign stage and switch, outcome version) holds, recomputed when it changes, and never
| shown to the wrong campaign, locale, visitor or after results were hidden.
*/
let serial = 0

/** Counts ballots (choices by project index) at `height`, as the projection does for a block. */
async function projectBlock(fx: ResultsFixture, height: number, ballots: number[][]) {
  const counted = ballots.map((indices) => ({
    ref: `cache-test:${fx.campaign.id}:${serial++}`,
    campaignId: fx.campaign.id,
    choices: indices.map((i) => [fx.projects[i].id, 1] as [number, number]),
    channel: null,
    height,
    txHash: 'ab'.repeat(32),
    blockTimeMs: Date.UTC(2027, 2, 1, 10, 30),
  }))
  await db.transaction((trx) => writeCountedBallots(trx, counted))
  await moveProjectionTo(height)
}

async function moveProjectionTo(height: number) {
  await db
    .table('ledger_projection_state')
    .insert({ id: 1, height, block_hash: 'cd'.repeat(32) })
    .knexQuery.onConflict('id')
    .merge()
  // What the projector does once its batch is committed.
  resultsChanged()
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test.group('Results cache', (group) => {
  group.each.setup(() => resetReadModels())
  group.teardown(() => resetReadModels())

  test('reused within a projected height, recomputed when a new block is projected', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture()
    await projectBlock(fx, 7, [[0]])
    const url = `/api/v1/campaigns/${fx.campaign.id}/results`
    const first = await client.get(url)
    first.assertStatus(200)
    assert.equal(first.body().ballots, 1)
    assert.equal(first.body().updatedAtHeight, 7)

    // A tally change without a new height (not something the projection does) is not seen:
    // proof that requests within a height are answered from the cache, not recomputed.
    await db.from('tally_projects').where('project_id', fx.projects[0].id).increment('votes', 100)
    const same = await client.get(url)
    assert.deepEqual(same.body(), first.body())
    const page = await client.get(`/campaigns/${fx.campaign.slug}/results`).withInertia()
    const cachedVotes = page.body().props.results.pots[0].projects[0].votes
    assert.equal(cachedVotes, 101, 'the page, first computed now, sees the rows as they are')
    await db.from('tally_projects').where('project_id', fx.projects[0].id).decrement('votes', 100)

    // The next block carries two ballots: both answers change at once.
    await projectBlock(fx, 8, [[0, 2], [1]])
    const next = await client.get(url)
    assert.equal(next.body().ballots, 3)
    assert.equal(next.body().updatedAtHeight, 8)
    const votes = Object.fromEntries(next.body().projects.map((p: any) => [p.id, p.votes]))
    assert.deepEqual(votes, {
      [fx.projects[0].id]: 2,
      [fx.projects[1].id]: 1,
      [fx.projects[2].id]: 1,
    })
    const nextPage = await client.get(`/campaigns/${fx.campaign.slug}/results`).withInertia()
    assert.equal(nextPage.body().props.results.ballots, 3)
    assert.equal(nextPage.body().props.results.updatedAtHeight, 8)
  })

  test('hiding live results hides them at once, cached answers included', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture('voting', true)
    await projectBlock(fx, 7, [[0]])
    const api = `/api/v1/campaigns/${fx.campaign.id}/results`
    const paths = [
      `/campaigns/${fx.campaign.slug}/results`,
      `/embed/campaigns/${fx.campaign.slug}/results`,
    ]
    const shown = await client.get(api)
    shown.assertStatus(200)
    for (const path of paths) {
      const page = await client.get(path)
      assert.include(page.text(), 'Benches by the river')
    }

    // Same height: only the campaign row changes.
    fx.campaign.liveResultsPublic = false
    await fx.campaign.save()
    const hidden = await client.get(api)
    hidden.assertStatus(403)
    assert.equal(hidden.body().error, 'results_hidden')
    for (const path of paths) {
      const page = await client.get(path)
      assert.include(page.text(), 'published when voting closes')
      assert.notInclude(page.text(), 'Benches by the river')
    }

    fx.campaign.liveResultsPublic = true
    await fx.campaign.save()
    const shownAgain = await client.get(api)
    shownAgain.assertStatus(200)
  })

  test('publishing and overriding the outcome show at the same height', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture('results', false)
    await projectBlock(fx, 7, [[2, 0], [2], [1]])
    const url = `/api/v1/campaigns/${fx.campaign.id}/results`
    const before = await client.get(url)
    assert.isNull(before.body().outcome)

    const computed = await computeCampaignOutcome(fx.campaign, 'greedy', db.connection())
    await db.transaction((trx) =>
      publishOutcome(fx.campaign, computed, trx, {
        actor: { type: 'system', id: null },
        ledger: false,
      })
    )
    const afterPublishing = await client.get(url)
    const published = afterPublishing.body().outcome
    assert.equal(published.rule, 'greedy')
    assert.isNull(published.overrideReason)

    // Any later write to the outcome row (an override) raises its version (migration 0130), even
    // one this process is not told about (another app node, psql): it shows once this process's
    // version read has aged out.
    await db
      .from('campaign_outcomes')
      .where('campaign_id', fx.campaign.id)
      .update({ override_reason: 'Decided by the city council.' })
    await sleep(VERSION_MAX_AGE_MS + 50)
    const afterOverride = await client.get(url)
    assert.equal(afterOverride.body().outcome.overrideReason, 'Decided by the city council.')
  })

  test('the API answers 304 to its ETag until a new block changes the tally and the ETag', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture()
    await projectBlock(fx, 7, [[0]])
    const url = `/api/v1/campaigns/${fx.campaign.id}/results`
    const first = await client.get(url)
    first.assertStatus(200)
    const etag = String(first.header('etag'))
    assert.match(etag, /^W\/"[\w-]{27}"$/)
    assert.equal(first.header('cache-control'), 'public, no-cache')
    assert.equal(first.header('access-control-allow-origin'), '*')

    // Replayed (the second read) and revalidated: the same validator, then 304 without a body.
    const second = await client.get(url)
    assert.equal(second.header('etag'), etag)
    assert.deepEqual(second.body(), first.body())
    const notModified = await client.get(url).header('if-none-match', etag)
    notModified.assertStatus(304)
    assert.equal(notModified.text(), '')
    assert.equal(notModified.header('etag'), etag)
    assert.isUndefined(notModified.header('set-cookie'))

    await projectBlock(fx, 8, [[1]])
    const changed = await client.get(url).header('if-none-match', etag)
    changed.assertStatus(200)
    assert.notEqual(changed.header('etag'), etag)
    assert.equal(changed.body().ballots, 2)
    assert.equal(changed.body().updatedAtHeight, 8)
    const again = await client.get(url).header('if-none-match', String(changed.header('etag')))
    again.assertStatus(304)
  })

  test('anonymous page views are replayed and make no session; signed-in ones never', async ({
    client,
    assert,
  }) => {
    const fx = await resultsFixture()
    await projectBlock(fx, 7, [[0], [0, 1]])
    const path = `/campaigns/${fx.campaign.slug}/results`
    // A browser's first visit: no cookie at all (the test client always sends a session cookie).
    const view = (headers: Record<string, string> = {}) =>
      fetch(`http://${process.env.HOST}:${process.env.PORT}${path}`, {
        headers: { 'accept-language': 'ru', ...headers },
      })
    const first = await view()
    assert.equal(first.status, 200)
    assert.deepEqual(first.headers.getSetCookie(), [], 'no session for an anonymous view')
    const firstHtml = await first.text()
    assert.include(firstHtml, 'Учтено бюллетеней: 2')
    assert.include(firstHtml, '&quot;resident&quot;:null')

    // Replayed: the same page and headers, compressed once for everyone.
    const replayed = await view({ 'accept-encoding': 'gzip' })
    assert.equal(replayed.status, 200)
    assert.deepEqual(replayed.headers.getSetCookie(), [])
    assert.equal(replayed.headers.get('content-encoding'), 'gzip')
    assert.include(String(replayed.headers.get('vary')), 'Accept-Encoding')
    assert.equal(replayed.headers.get('x-frame-options'), first.headers.get('x-frame-options'))
    assert.equal(replayed.headers.get('content-type'), first.headers.get('content-type'))
    assert.equal(await replayed.text(), firstHtml)

    // A signed-in resident's page names them: rendered for them, never kept for others.
    const resident = await makeResident(freshPhone())
    const signedIn = await client.get(path).header('accept-language', 'ru').loginAs(resident)
    assert.include(signedIn.text(), `&quot;resident&quot;:{&quot;id&quot;:${resident.id},`)
    assert.equal(await view().then((r) => r.text()), firstHtml)

    // Another language is its own page; a new block shows at the next view.
    const english = await view({ 'accept-language': 'en' }).then((r) => r.text())
    assert.include(english, 'Ballots counted: 2')
    await projectBlock(fx, 8, [[2]])
    assert.include(await view().then((r) => r.text()), 'Учтено бюллетеней: 3')
  })

  test('answers never cross campaigns or locales', async ({ client, assert }) => {
    const a = await resultsFixture()
    const b = await resultsFixture()
    await projectBlock(a, 7, [[0]])
    await projectBlock(b, 7, [[1], [2], [1, 2]])

    const answerA = await client.get(`/api/v1/campaigns/${a.campaign.id}/results`)
    const answerB = await client.get(`/api/v1/campaigns/${b.campaign.id}/results`)
    const [resultsA, resultsB] = [answerA.body(), answerB.body()]
    assert.equal(resultsA.ballots, 1)
    assert.equal(resultsB.ballots, 3)
    assert.deepEqual(
      resultsB.projects.map((p: any) => p.id),
      b.projects.map((p) => p.id)
    )

    for (const [locale, counted] of [
      ['en', 'Ballots counted:'],
      ['ru', 'Учтено бюллетеней:'],
      ['uk', 'Враховано бюлетенів:'],
      ['en', 'Ballots counted:'],
    ]) {
      for (const fx of [a, b]) {
        const page = await client
          .get(`/campaigns/${fx.campaign.slug}/results`)
          .header('Accept-Language', locale)
          .withInertia()
        assert.equal(page.body().props.locale, locale)
        assert.equal(page.body().props.campaign.id, fx.campaign.id)
        assert.equal(page.body().props.results.ballots, fx === a ? 1 : 3)
        const html = await client
          .get(`/campaigns/${fx.campaign.slug}/results`)
          .header('Accept-Language', locale)
        assert.include(html.text(), `${counted} ${fx === a ? 1 : 3}`)
        assert.include(html.text(), `lang="${locale}"`)
      }
    }
  })
})
