import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Community from '#communities/models/community'
import StaffUser from '#identity/models/staff_user'
import StaffRole from '#identity/models/staff_role'
import { STAFF_ROLES } from '#identity/roles'
import { encryptSecret, totpUri } from '#identity/staff/two_factor'
import { seedDemoCampaign } from '#campaigns/demo_campaign'
import { seedDemoVotingCampaign } from '#voting/demo_voting_campaign'
import { seedDemoTerminal } from '#voting/demo_terminal'
import { seedDemoIdeas } from '#proposals/demo_ideas'
import { ledgerClient } from '#ledger/ledger'
import { seedDemoEncryptedCampaign } from '#trustees/demo/demo_campaign'

/** Riverside: a believable small city (populations add up to the city's). */
const DISTRICTS: [code: string, name: string, population: number][] = [
  ['riverside-old-town', 'Old Town', 38_400],
  ['riverside-harbour', 'Harbour', 52_150],
  ['riverside-north-hill', 'North Hill', 61_900],
  ['riverside-green-park', 'Green Park', 44_730],
  ['riverside-station', 'Station Quarter', 29_880],
  ['riverside-east-bank', 'East Bank', 71_260],
  ['riverside-meadows', 'Meadows', 33_510],
  ['riverside-factory', 'Factory District', 47_170],
]

/** Development password of each demo staff account (printed on start; never used in production). */
export const DEMO_STAFF_PASSWORD = 'riverside-demo'
/**
 * The demo admin's TOTP secret (admins must use a second factor): printed on start with its
 * otpauth:// link, to add to an authenticator app in development. Set only while the demo
 * admin has no second factor, so one enrolled by hand is kept.
 */
export const DEMO_ADMIN_TOTP_SECRET = 'RIVERSIDEDEMOSECRETRIVERSIDEDEMO'

/**
 * The demo city a newcomer sees on first start. Idempotent: upserts by code /
 * email, so running it on every `npm start` is safe.
 */
export default class DemoSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    if (app.inProduction) return
    const cityId = await db.transaction(async (trx) => {
      const region = await Community.updateOrCreate(
        { code: 'volga-valley' },
        { name: 'Volga Valley Region', kind: 'region', parentId: null, population: 1_254_000 },
        { client: trx }
      )
      const city = await Community.updateOrCreate(
        { code: 'riverside' },
        {
          name: 'Riverside',
          kind: 'city',
          parentId: region.id,
          population: DISTRICTS.reduce((sum, [, , population]) => sum + population, 0),
        },
        { client: trx }
      )
      for (const [code, name, population] of DISTRICTS) {
        await Community.updateOrCreate(
          { code },
          { name, kind: 'district', parentId: city.id, population },
          { client: trx }
        )
      }

      for (const role of STAFF_ROLES) {
        const email = `${role}@riverside.example`
        const user = await StaffUser.updateOrCreate(
          { email },
          { fullName: `Demo ${role}`, active: true, password: DEMO_STAFF_PASSWORD },
          { client: trx }
        )
        await StaffRole.firstOrCreate(
          { staffUserId: user.id, role, communityId: null },
          {},
          { client: trx }
        )
        if (role === 'admin' && !user.totpEnabledAt) {
          user.merge({
            totpSecret: encryptSecret(DEMO_ADMIN_TOTP_SECRET),
            totpEnabledAt: DateTime.now(),
          })
          await user.save()
        }
      }

      const campaign = await seedDemoCampaign(city.id, trx)
      await seedDemoIdeas(campaign, trx)
      // A second campaign already in voting (its campaign tx queued for the ledger).
      await seedDemoVotingCampaign(city.id, trx)
      return city.id
    })
    // Development only: the demo terminal (token DEMO_TERMINAL_TOKEN, default dev-terminal-token).
    const terminal = await seedDemoTerminal(cityId)
    if (terminal) {
      logger.info(
        `Demo terminal "${terminal.name}": Authorization: Terminal <DEMO_TERMINAL_TOKEN, default dev-terminal-token>`
      )
    }

    logger.info(
      'Demo campaign "Riverside Quick Wins" is in voting: any phone number can sign in and vote'
    )
    await this.seedEncryptedCampaign(cityId)
    logger.info('Demo city "Riverside" ready. Staff sign-in at /staff/login:')
    for (const role of STAFF_ROLES) {
      logger.info(`  ${role.padEnd(10)} ${role}@riverside.example / ${DEMO_STAFF_PASSWORD}`)
    }
    logger.info(
      `  admin's second-factor key ${DEMO_ADMIN_TOTP_SECRET} (add it to an authenticator app: ${totpUri('admin@riverside.example', DEMO_ADMIN_TOTP_SECRET)})`
    )
  }

  /**
   * Development with a ledger (`npm start`): the encrypted demo campaign, its three demo trustees'
   * key ceremony played on the local cluster. Never fatal: the rest of the demo works without it.
   */
  private async seedEncryptedCampaign(cityId: number) {
    if (!app.inDev || !ledgerClient().configured) return
    try {
      const campaign = await seedDemoEncryptedCampaign(cityId)
      if (!campaign) return
      logger.info(
        `Demo campaign "Old Town Sealed Vote" is in voting with encrypted ballots (2 of 3 demo trustees, keys in storage/demo_trustees/campaign-${campaign.id}.json — demo only); close it early and decrypt at /staff/campaigns/${campaign.id}/trustees`
      )
    } catch (error) {
      logger.warn({ err: error }, 'the encrypted demo campaign could not be seeded')
    }
  }
}
