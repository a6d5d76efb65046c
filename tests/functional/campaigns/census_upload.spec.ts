import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { censusHash } from '#campaigns/services/census'
import { makeCampaign, makeCity, makeStaff } from '#tests/helpers/campaigns'
import type Campaign from '#campaigns/models/campaign'
import type StaffUser from '#identity/models/staff_user'
import type { ApiClient } from '@japa/api-client'

/*
| Issue #17 (uploads): the census register as an uploaded file, read by the server as a stream
| (app/campaigns/services/census.ts `parseCensusFile`) — 200,000 lines in one request.
*/
/** The register's limit: lines of the file, its header included (CENSUS_LINES_MAX). */
const LINES = 200_000

/** A header, then `count` distinct valid Russian mobile numbers, one per line. */
function phones(count: number, replace?: { line: number; with: string }): string {
  const lines = ['phone']
  for (let i = 0; i < count; i++) lines.push(`+7999${String(1_000_000 + i)}`)
  if (replace) lines[replace.line - 1] = replace.with
  return `${lines.join('\n')}\n`
}

function upload(
  client: ApiClient,
  staff: StaffUser,
  campaign: Campaign,
  path: string,
  filename = 'census.csv'
) {
  return client
    .post(`/staff/campaigns/${campaign.id}/census`)
    .file('file', path, { filename, contentType: 'text/csv' })
    .fields({ kind: 'phone' })
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(staff)
    .redirects(0)
}

async function stored(campaign: Campaign): Promise<number> {
  const [{ total }] = await db
    .from('campaign_census_entries')
    .where('campaign_id', campaign.id)
    .count('* as total')
  return Number(total)
}

/** Deletes the registers this file's uploads stored (its campaigns' rows only). */
const madeCampaigns: number[] = []
async function dropRegisters() {
  await db.from('campaign_census_entries').whereIn('campaign_id', madeCampaigns).delete()
}

test.group('Campaigns · census register as a file upload', (group) => {
  let dir: string
  group.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'census-upload-'))
    return async () => {
      await rm(dir, { recursive: true, force: true })
      // 200,000 rows left behind would slow every later test that reads the table.
      await dropRegisters()
    }
  })

  test('a 200,000-line file is streamed, checked and stored', async ({ client, assert }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    const path = join(dir, 'big.csv')
    await writeFile(path, phones(LINES - 1))

    madeCampaigns.push(campaign.id)
    const response = await upload(client, admin, campaign, path)
    response.assertStatus(302)
    response.assertFlashMessage('success')
    assert.equal(await stored(campaign), LINES - 1)
    const last = await db
      .from('campaign_census_entries')
      .where('campaign_id', campaign.id)
      .where('value_hash', censusHash('phone', `+7999${1_000_000 + LINES - 2}`))
      .first()
    assert.isNotNull(last)
  }).timeout(300_000)

  test('one bad line deep in a big file: that line is named, nothing is stored', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)
    const path = join(dir, 'bad.csv')
    await writeFile(path, phones(LINES - 1, { line: 150_000, with: 'not a phone' }))

    const response = await upload(client, admin, campaign, path).accept('json')
    response.assertStatus(422)
    const fields = (response.body().errors as { field: string }[]).map((error) => error.field)
    assert.deepEqual(fields, ['csv', 'lines.150000'])
    assert.equal(await stored(campaign), 0)
  }).timeout(300_000)

  test('more lines than the register takes or no file at all: 422, a file that is not CSV: 415, nothing stored', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const admin = await makeStaff('admin')
    const campaign = await makeCampaign(city.id)

    const tooLong = join(dir, 'too_long.csv')
    await writeFile(tooLong, phones(LINES))
    const long = await upload(client, admin, campaign, tooLong).accept('json')
    long.assertStatus(422)
    assert.deepEqual(
      (long.body().errors as { field: string }[]).map((error) => error.field),
      ['csv', `lines.${LINES + 1}`]
    )

    const image = join(dir, 'photo.png')
    await writeFile(image, Buffer.from('89504e470d0a1a0a', 'hex'))
    const png = await upload(client, admin, campaign, image, 'photo.png').accept('json')
    png.assertStatus(415)
    assert.equal(png.body().error, 'unsupported_media_type')

    const nothing = await client
      .post(`/staff/campaigns/${campaign.id}/census`)
      .json({ kind: 'phone' })
      .withCsrfToken()
      .withGuard('staff')
      .loginAs(admin)
      .accept('json')
    nothing.assertStatus(422)
    assert.include(
      (nothing.body().errors as { field: string }[]).map((error) => error.field),
      'csv'
    )
    assert.equal(await stored(campaign), 0)
  }).timeout(300_000)

  test('a member who may not manage the campaign is refused before the file is read', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    const observer = await makeStaff('observer')
    const campaign = await makeCampaign(city.id)
    const path = join(dir, 'small.csv')
    await writeFile(path, phones(3))
    const response = await upload(client, observer, campaign, path)
    response.assertStatus(403)
    assert.equal(await stored(campaign), 0)
  })
})
