import { test } from '@japa/runner'
import { configureLedger } from '#ledger/ledger'
import { ballotCampaign } from '#tests/helpers/vote_page'
import { makeCampaign, makeCity } from '#tests/helpers/campaigns'
import { bearerFor, blindFor, freshPhone, resetRateLimits } from '#tests/helpers/voting'
import db from '@adonisjs/lucid/services/db'
import { makeResident } from '#tests/helpers/campaigns'

/*
| The two pages' server side: what the voting page is given (the public campaign exactly as the
| API serves it, and the access hint) and the replica URLs of the check page.
*/
test.group('Voting and check pages (server side)', (group) => {
  group.each.teardown(() => configureLedger({}))

  test('the voting page gets the public campaign of the API, registrar key included', async ({
    client,
    assert,
  }) => {
    const { campaign } = await ballotCampaign()
    const page = await client.get(`/campaigns/${campaign.slug}/vote`).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('voting/vote')
    const props = page.inertiaProps as Record<string, any>
    const apiResponse = await client.get(`/api/v1/campaigns/${campaign.id}`)
    const api = apiResponse.body()
    assert.match(props.campaign.registrarPublicKey, /^[0-9a-f]{96}$/)
    assert.deepEqual(
      { ...props.campaign, currency: undefined, minAge: undefined },
      {
        ...api,
        currency: undefined,
        minAge: undefined,
      }
    )
    assert.lengthOf(props.campaign.pots, 4)
    assert.lengthOf(props.campaign.projects, 11)
    assert.equal(props.campaign.currency, 'RUB')
    assert.equal(props.access, 'not_signed_in')
    assert.properties(props.ballotDelay, ['minMs', 'maxMs'])
  })

  test('access: eligible, age to declare, voting closed; unknown and draft campaigns are 404', async ({
    client,
    assert,
  }) => {
    const resident = await makeResident(freshPhone())
    const { campaign: open } = await ballotCampaign()
    const { campaign: aged } = await ballotCampaign(undefined, 18)
    const access = async (slug: string) => {
      const page = await client.get(`/campaigns/${slug}/vote`).loginAs(resident).withInertia()
      return (page.inertiaProps as Record<string, any>).access
    }
    assert.equal(await access(open.slug), 'eligible')
    assert.equal(await access(aged.slug), 'age_needed')
    open.stage = 'results'
    await open.save()
    assert.equal(await access(open.slug), 'voting_closed')

    const { city } = await makeCity()
    const draft = await makeCampaign(city.id)
    const draftPage = await client.get(`/campaigns/${draft.slug}/vote`)
    draftPage.assertStatus(404)
    const unknownPage = await client.get('/campaigns/no-such-campaign/vote')
    unknownPage.assertStatus(404)
  })

  test('second device: once the credential is taken the page says so first — no ballot offered, nothing stored', async ({
    client,
    assert,
  }) => {
    await resetRateLimits()
    const resident = await makeResident(freshPhone())
    const other = await makeResident(freshPhone())
    const { campaign } = await ballotCampaign()
    const access = async (who: typeof resident) => {
      const page = await client.get(`/campaigns/${campaign.slug}/vote`).loginAs(who).withInertia()
      page.assertStatus(200)
      return (page.inertiaProps as Record<string, any>).access
    }
    assert.equal(await access(resident), 'eligible')

    // The first device takes the credential (the API route, as the page's credential request does).
    const taken = await client
      .post(`/api/v1/campaigns/${campaign.id}/credential`)
      .bearerToken(await bearerFor(resident))
      .json({ blinded: blindFor(campaign.id).blinded })
    taken.assertStatus(200)
    const before = await db.from('credential_person_refs').where('campaign_id', campaign.id)

    assert.equal(await access(resident), 'credential_taken')
    assert.equal(await access(other), 'eligible')
    // Looking changes nothing: no new claim, no row naming the resident.
    const after = await db.from('credential_person_refs').where('campaign_id', campaign.id)
    assert.deepEqual(after, before)
  })

  test('the check page gets the public replica URLs (else the replicas the app uses)', async ({
    client,
    assert,
  }) => {
    configureLedger({ replicas: ['http://10.0.0.1:7100', 'http://10.0.0.2:7100'] })
    let page = await client.get('/check').withInertia()
    page.assertInertiaComponent('voting/check')
    assert.deepEqual((page.inertiaProps as any).replicaUrls, [
      'http://10.0.0.1:7100',
      'http://10.0.0.2:7100',
    ])
    configureLedger({
      replicas: ['http://10.0.0.1:7100'],
      publicUrls: ['https://ledger1.city.example'],
    })
    page = await client.get('/check').withInertia()
    assert.deepEqual((page.inertiaProps as any).replicaUrls, ['https://ledger1.city.example'])
  })

  test('the check page is served without identity: no session read or set, no Referer', async ({
    client,
    assert,
  }) => {
    configureLedger({ replicas: ['http://10.0.0.1:7100'] })
    const resident = await makeResident(freshPhone(), null)
    const home = await client.get('/').loginAs(resident).withInertia()
    assert.equal((home.inertiaProps as any).resident.id, resident.id)

    const page = await client.get('/check').loginAs(resident).withInertia()
    page.assertStatus(200)
    assert.isNull((page.inertiaProps as any).resident, 'nobody is signed in on /check')
    assert.notProperty(page.inertiaProps as any, 'receiptParam')
    assert.isUndefined(page.header('set-cookie'))
    page.assertHeader('referrer-policy', 'no-referrer')

    // An old check link (?r=) gets the same page: the receipt is not echoed into it (the page
    // moves it into the fragment in the browser).
    const receipt = { txHash: 'ab'.repeat(32), height: 7 }
    const param = Buffer.from(JSON.stringify(receipt)).toString('base64url')
    const old = await client.get(`/check?r=${param}`).loginAs(resident)
    old.assertStatus(200)
    assert.notInclude(old.text(), param)
    assert.notInclude(old.text(), receipt.txHash)
    assert.isUndefined(old.header('set-cookie'))

    // The language choice still applies (the locale cookie names nobody).
    const russian = await client.get('/check').header('cookie', 'XSRF-TOKEN=x; locale=ru')
    assert.include(russian.text(), 'lang="ru"')
  })
})
