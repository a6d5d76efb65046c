import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { configureLedger } from '#ledger/ledger'
import { appUrl, noHorizontalScroll, staffSignIn, withBrowser } from '#tests/helpers/browser'
import { clearOutbox, openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { createStaff } from '#tests/helpers/staff'
import { freshPhone } from '#tests/helpers/voting'

/*
| The staff paper-ballot page in a real browser at 390 px (issue #17, uploads): the station's sheets
| and voter list are chosen as files, checked in the browser (type, size, line count — a
| 200,000-line file is counted chunk by chunk and never sent), uploaded and previewed by the server
| (first sheets, totals per project), then confirmed: the batch is signed and queued. Unequal
| counts are refused on the voter field; the page in Russian and Ukrainian.
*/
const csv = (name: string, text: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(text),
})

test.group('Staff paper ballots in a real browser', (group) => {
  const browser = withBrowser(group)
  group.setup(() => {
    // the import signs with the platform's admin key (no replicas: the tx waits in the outbox)
    configureLedger({ adminSecretKeyHex: randomBytes(32).toString('hex') })
    return async () => {
      configureLedger({})
      await clearOutbox()
    }
  })

  test('files at 390 px: checked before sending, previewed, confirmed; ru/uk labels', async ({
    assert,
  }) => {
    const fx = await reviewCampaignWithProjects(2)
    await openVoting(fx.campaign.id, fx.admin.id)
    const [p1, p2] = fx.projects.map((p) => p.id)
    const admin = await createStaff({ role: 'admin', communityId: fx.campaign.communityId })
    const page = await staffSignIn(browser(), admin)
    page.setDefaultTimeout(60_000)
    await page.setViewportSize({ width: 390, height: 844 })
    const sent: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(new URL(request.url()).pathname)
    })
    await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/paper`))
    assert.equal(await page.locator('textarea').count(), 0)

    await page.getByLabel('Polling station').fill('School 5')
    await page.getByLabel('Batch number').fill('1')
    const sheets = page.getByLabel('Sheets file (CSV, up to 1 MB)')
    const check = page.getByRole('button', { name: 'Check the file' })

    // 200,000 lines (over 1 MB): counted in the browser, refused there, never uploaded
    const rows = ['sheet;projects']
    for (let i = 1; i < 200_000; i++) rows.push(`${i};${p1} ${p2}`)
    await sheets.setInputFiles(csv('huge.csv', `${rows.join('\n')}\n`))
    await page.getByText('200,000 lines in the file.').waitFor()
    await page.getByText(/huge\.csv is [\d.]+ MB: files up to 1 MB are accepted/).waitFor()
    // under 1 MB but more lines than a batch takes
    const long = Array.from({ length: 2_500 }, (_, i) => `${i + 1};${p1}`)
    await sheets.setInputFiles(csv('long.csv', long.join('\n')))
    await page.getByText('long.csv has 2,500 lines: at most 2,001 are accepted here').waitFor()
    // another kind of file: refused at once
    await sheets.setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: randomBytes(64),
    })
    await page.getByText('photo.png: only CSV, TXT files are accepted').waitFor()
    await check.click()
    assert.deepEqual(sent, [], 'nothing was sent')

    await sheets.setInputFiles(csv('sheets.csv', `sheet;projects\n1;${p1}\n2;${p1} ${p2}\n`))
    await page.getByText('3 lines in the file.').waitFor()
    await page.getByLabel('Voter list', { exact: true }).selectOption('phone')
    const voters = page.getByLabel('Voter list file (CSV, up to 1 MB)')
    const twoVoters = csv('voters2.csv', `phone\n${freshPhone()}\n${freshPhone()}\n`)
    await voters.setInputFiles(twoVoters)
    await check.click()
    await page.getByRole('heading', { name: 'Ready to import' }).waitFor()
    // a changed file hides the preview; its errors come back to the page (not to the preview's address)
    await voters.setInputFiles(csv('voters1.csv', `${freshPhone()}\n`))
    await page.getByText('The form changed since the check').waitFor()
    await check.click()
    await page.getByText('The voter list has 1 people but there are 2 sheets').waitFor()
    assert.equal(new URL(page.url()).pathname, `/staff/campaigns/${fx.campaign.id}/paper`)

    await voters.setInputFiles(twoVoters)
    await check.click()
    await page.getByRole('heading', { name: 'Ready to import' }).waitFor()
    await page.getByText('Station “School 5”, batch 1').waitFor()
    await page.getByText('Sheets: 2').waitFor()
    await page.getByText('Voters marked: 2').waitFor()
    const totals = page.getByRole('region', { name: 'Totals per project' })
    const row = (id: number) => totals.getByRole('row').filter({ hasText: `${id} · ` })
    assert.deepEqual(await row(p1).getByRole('cell').allInnerTexts(), [
      `${p1} · ${fx.projects[0].title}`,
      '2',
      '2',
    ])
    const [, ...p2Counts] = await row(p2).getByRole('cell').allInnerTexts()
    assert.deepEqual(p2Counts, ['1', '1'])
    assert.isTrue(await noHorizontalScroll(page))

    await page.getByRole('button', { name: 'Import and sign' }).click()
    await page.getByText(/Batch imported: 2 sheets, ledger tx [0-9a-f]{64}/).waitFor()
    const batch = await db.from('paper_batches').where('campaign_id', fx.campaign.id).first()
    assert.equal(batch.sheets, 2)
    const [{ marks }] = await db
      .from('credential_issuances')
      .where('paper_batch_id', batch.id)
      .count('* as marks')
    assert.equal(Number(marks), 2)
    await page.getByRole('heading', { name: 'Ready to import' }).waitFor({ state: 'detached' })
    assert.equal(await sheets.inputValue(), '', 'the form is emptied for the next batch')

    for (const [locale, label] of [
      ['ru', 'Список избирателей'],
      ['uk', 'Список виборців'],
    ]) {
      await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/paper?lang=${locale}`))
      await page.getByLabel(label, { exact: true }).waitFor()
    }
    await page.context().close()
  }).timeout(300_000)
})
