import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import deploymentConfig from '#config/deployment'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import type { ContentLocale } from '#start/deployment_env'
import { expectStatus, makeCampaign, makeCity, makeStaff, potBody } from '#tests/helpers/campaigns'
import { inputDateTime } from '../../../resources/js/lib/dates.js'

/** Runs `body` with the city's settings changed (config/deployment.ts), then restores them. */
async function withCity(
  settings: { timeZone?: string; contentLanguages?: ContentLocale[] },
  body: () => Promise<void>
) {
  const before = { ...deploymentConfig }
  Object.assign(deploymentConfig, settings)
  try {
    await body()
  } finally {
    Object.assign(deploymentConfig, before)
  }
}

test.group('Campaigns · the city’s content languages and time zone', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function setup() {
    const { city } = await makeCity()
    const admin = await makeStaff('admin', city.id)
    return { city, admin }
  }

  test('CONTENT_LANGUAGES=ru: a campaign and its pot need only Russian names', async ({
    client,
    assert,
  }) => {
    const { city, admin } = await setup()
    await withCity({ contentLanguages: ['ru'] }, async () => {
      const create = (title: Record<string, string>, language = 'en') =>
        client
          .post('/staff/campaigns')
          .json({ communityId: city.id, title, totalBudget: 100_000, currency: 'RUB' })
          .header('Accept-Language', language)
          .withCsrfToken()
          .withGuard('staff')
          .loginAs(admin)

      const refused = await create({ en: 'Parks of Kazan' }, 'ru').accept('json')
      refused.assertStatus(422)
      assert.deepEqual(refused.body().errors, [
        { field: 'title.ru', rule: 'required', message: 'Заполните это поле' },
      ])

      await expectStatus(create({ ru: 'Парки Казани 2027' }).redirects(0), 302)
      const campaign = await Campaign.findByOrFail('slug', 'parki-kazani-2027')
      assert.deepEqual(campaign.title, { ru: 'Парки Казани 2027' })

      const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
      await expectStatus(
        client
          .put(`/staff/campaigns/${campaign.id}/pots/${pot.id}`)
          .json(potBody({ name: { ru: 'Большие проекты' }, budget: 100_000 }))
          .withCsrfToken()
          .withGuard('staff')
          .loginAs(admin)
          .redirects(0),
        302
      )
      await pot.refresh()
      assert.deepEqual(pot.name, { ru: 'Большие проекты' })

      const form = await client
        .get(`/staff/campaigns/${campaign.id}`)
        .withInertia()
        .withGuard('staff')
        .loginAs(admin)
      form.assertStatus(200)
      assert.deepEqual(form.inertiaProps.contentLanguages, ['ru'])
    })
  })

  test('CONTENT_LANGUAGES=en (the default): English is required as before', async ({
    client,
    assert,
  }) => {
    const { city, admin } = await setup()
    await withCity({ contentLanguages: ['en'] }, async () => {
      const create = (title: Record<string, string>) =>
        client
          .post('/staff/campaigns')
          .json({ communityId: city.id, title, totalBudget: 100_000, currency: 'RUB' })
          .accept('json')
          .withCsrfToken()
          .withGuard('staff')
          .loginAs(admin)
      const refused = await create({ ru: 'Парки Казани' })
      refused.assertStatus(422)
      assert.deepEqual(
        (refused.body().errors as { field: string }[]).map((error) => error.field),
        ['title.en']
      )
      assert.lengthOf(await Campaign.query().where('communityId', city.id), 0)
      await expectStatus(create({ en: 'Parks of Kazan', ru: 'Парки Казани' }).redirects(0), 302)
    })
  })

  test('residents see the primary content language where theirs is missing', async ({
    client,
    assert,
  }) => {
    const { city } = await setup()
    await withCity({ contentLanguages: ['ru', 'en'] }, async () => {
      const campaign = await makeCampaign(city.id, {
        title: { ru: 'Парки 2027', en: 'Parks 2027' },
        stage: 'ideas',
      })
      const show = (language: string) =>
        client.get(`/campaigns/${campaign.slug}`).header('Accept-Language', language).withInertia()
      const ukrainian = await show('uk')
      ukrainian.assertStatus(200)
      assert.equal(ukrainian.inertiaProps.campaign.title, 'Парки 2027')
      const english = await show('en')
      assert.equal(english.inertiaProps.campaign.title, 'Parks 2027')
    })
  })

  test('a stage date typed as city time is stored as that instant and shown back the same', async ({
    client,
    assert,
  }) => {
    const { city, admin } = await setup()
    await withCity({ timeZone: 'Europe/Berlin' }, async () => {
      // Berlin moves to summer time on 2027-03-28 at 02:00 (+01:00 → +02:00).
      const typed = { ideasOpensAt: '2027-03-27T09:00', votingOpensAt: '2027-03-28T09:00' }
      await expectStatus(
        client
          .post('/staff/campaigns')
          .json({
            communityId: city.id,
            title: { en: 'Berlin 2027' },
            totalBudget: 100_000,
            currency: 'EUR',
            ...typed,
          })
          .withCsrfToken()
          .withGuard('staff')
          .loginAs(admin)
          .redirects(0),
        302
      )
      const campaign = await Campaign.findByOrFail('slug', 'berlin-2027')
      assert.equal(campaign.ideasOpensAt?.toUTC().toISO(), '2027-03-27T08:00:00.000Z')
      assert.equal(campaign.votingOpensAt?.toUTC().toISO(), '2027-03-28T07:00:00.000Z')

      const form = await client
        .get(`/staff/campaigns/${campaign.id}`)
        .withInertia()
        .withGuard('staff')
        .loginAs(admin)
      form.assertStatus(200)
      const { timeZone, campaign: shown } = form.inertiaProps
      assert.equal(timeZone, 'Europe/Berlin')
      // What the form's datetime-local inputs show (resources/js/lib/dates):
      assert.equal(inputDateTime(shown.ideasOpensAt, timeZone), typed.ideasOpensAt)
      assert.equal(inputDateTime(shown.votingOpensAt, timeZone), typed.votingOpensAt)

      // An explicit offset still names its instant.
      await expectStatus(
        client
          .put(`/staff/campaigns/${campaign.id}`)
          .json({
            slug: 'berlin-2027',
            title: { en: 'Berlin 2027' },
            totalBudget: 100_000,
            currency: 'EUR',
            votingOpensAt: '2027-03-28T09:00:00Z',
          })
          .withCsrfToken()
          .withGuard('staff')
          .loginAs(admin)
          .redirects(0),
        302
      )
      await campaign.refresh()
      assert.equal(campaign.votingOpensAt?.toUTC().toISO(), '2027-03-28T09:00:00.000Z')
    })
  })

  test('a time the clocks skip in the city is refused with a localized message', async ({
    client,
    assert,
  }) => {
    const { city, admin } = await setup()
    await withCity({ timeZone: 'Europe/Berlin' }, async () => {
      for (const [language, words] of [
        ['en', 'does not exist in Europe/Berlin'],
        ['ru', 'в часовом поясе Europe/Berlin нет'],
        ['uk', 'в часовому поясі Europe/Berlin немає'],
      ]) {
        const response = await client
          .post('/staff/campaigns')
          .json({
            communityId: city.id,
            title: { en: 'Berlin 2027' },
            totalBudget: 100_000,
            currency: 'EUR',
            votingOpensAt: '2027-03-28T02:30',
          })
          .accept('json')
          .header('Accept-Language', language)
          .withCsrfToken()
          .withGuard('staff')
          .loginAs(admin)
        response.assertStatus(422)
        const [error] = response.body().errors
        assert.equal(error.field, 'votingOpensAt')
        assert.equal(error.rule, 'campaigns.time_skipped')
        assert.include(error.message, words)
      }
      assert.lengthOf(await Campaign.query().where('communityId', city.id), 0)
    })
  })
})
