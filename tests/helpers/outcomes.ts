/*
| Test helpers of the outcomes module: the real Pabulib files in tests/fixtures/pabulib, imports
| through the staff route, counts of what an import writes.
*/
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import type StaffUser from '#identity/models/staff_user'
import { staffRequest } from '#tests/helpers/staff'
import Campaign from '#campaigns/models/campaign'
import { tallyChoices } from '#outcomes/platform/tally_hash'
import { reviewCampaignWithProjects } from '#tests/helpers/ledger'

export const PABULIB_DIR = fileURLToPath(new URL('../fixtures/pabulib/', import.meta.url))
/** The Pabulib files small enough for a functional test (Budapest 2024 has 28,943 voters). */
export const SMALL_PABULIB_FILES = readdirSync(PABULIB_DIR)
  .filter((name) => name.endsWith('.pb') && name !== 'Hungary_Budapest_2024.pb')
  .sort()

export function pabulibPath(name: string) {
  return join(PABULIB_DIR, name)
}

export async function importThroughRoute(
  client: ApiClient,
  admin: StaffUser,
  communityId: number,
  file: string | { name: string; contents: string }
) {
  const request = staffRequest(client, 'post', '/staff/outcomes/import', admin)
    .field('communityId', String(communityId))
    .accept('json')
  return typeof file === 'string'
    ? request.file('file', pabulibPath(file))
    : request.file('file', Buffer.from(file.contents), { filename: file.name })
}

/** Row counts of everything an import writes. */
export async function importedState() {
  const count = async (table: string) => {
    const [row] = await db.from(table).count('* as n')
    return Number(row.n)
  }
  return {
    campaigns: await count('campaigns'),
    projects: await count('projects'),
    ballots: await count('ballot_records'),
    tallies: await count('tally_projects'),
    imports: await count('pabulib_imports'),
    outcomes: await count('campaign_outcomes'),
  }
}

/** The status of a request (the lint rule forbids `(await request).status()`). */
export async function statusOf(request: PromiseLike<{ status(): number }>): Promise<number> {
  const response = await request
  return response.status()
}

/**
 * A campaign in voting with one pot (budget 1,000,000 minor units), projects with `costs`, and
 * `ballots` (indexes into the projects) as the projection would write them: ballot_records
 * (approval, channel online) and the matching tally_projects rows.
 */
export async function votingCampaign(costs: number[], ballots: number[][]) {
  const fx = await reviewCampaignWithProjects(costs.length)
  for (const [i, project] of fx.projects.entries()) {
    project.cost = costs[i]
    await project.save()
  }
  const campaign = await Campaign.findOrFail(fx.campaign.id)
  campaign.stage = 'voting'
  await campaign.save()
  const ids = fx.projects.map((p) => p.id)
  const choiceSets = ballots.map((b) => b.map((i) => [ids[i], 1] as [number, number]))
  for (const [n, choices] of choiceSets.entries()) {
    await db.table('ballot_records').insert({
      campaign_id: campaign.id,
      ref: `test:${campaign.id}:${n}`,
      channel: 'online',
      choices: JSON.stringify(choices),
    })
  }
  for (const t of tallyChoices(ids, choiceSets)) {
    await db.table('tally_projects').insert({
      campaign_id: campaign.id,
      project_id: t.projectId,
      channel: 'online',
      votes: t.votes,
      points: t.points,
    })
  }
  return { ...fx, campaign, ids, choiceSets }
}
