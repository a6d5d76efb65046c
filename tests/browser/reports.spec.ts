import { test } from '@japa/runner'
import ExcelJS from 'exceljs'
import type { Browser } from 'playwright-core'
import { launchBrowser, appUrl, phonePage } from '#tests/helpers/browser'
import { createStaff, STAFF_PASSWORD } from '#tests/helpers/staff'
import { reportCampaign } from '#tests/helpers/reporting'

test.group('Staff reports in a real browser', (group) => {
  let browser: Browser
  group.setup(async () => {
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('the reports page renders its charts on a phone; CSV and XLSX exports open', async ({
    assert,
  }) => {
    const fx = await reportCampaign()
    const observer = await createStaff({ role: 'observer', communityId: fx.campaign.communityId })
    const page = await phonePage(browser, 'en')
    await page.goto(appUrl('/staff/login'))
    await page.getByLabel('Email').fill(observer.email)
    await page.getByLabel('Password').fill(STAFF_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(appUrl('/staff'))

    await page.goto(appUrl(`/staff/campaigns/${fx.campaign.id}/reports`))
    await page
      .getByRole('heading', { name: 'Turnout by district (voters per 1,000 inhabitants)' })
      .waitFor()
    // Six charts, each an SVG with drawn marks (bars, the line, pie sectors).
    await page
      .locator('figure.report-chart .recharts-wrapper > svg.recharts-surface')
      .nth(5)
      .waitFor()
    assert.equal(
      await page.locator('figure.report-chart .recharts-wrapper > svg.recharts-surface').count(),
      6
    )
    assert.isAbove(await page.locator('.recharts-bar-rectangle').count(), 0)
    assert.isAbove(await page.locator('.recharts-pie-sector').count(), 0)
    assert.equal(await page.locator('.recharts-line-curve').count(), 1)
    // Nothing wider than the phone.
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.isAtMost(scrollWidth, 375)

    // The export links the page shows open: CSV parses, XLSX has the rows.
    const csvHref = await page
      .locator('[data-report="turnout"] a', { hasText: 'CSV' })
      .getAttribute('href')
    const csv = await page.request.get(appUrl(csvHref!))
    assert.equal(csv.status(), 200)
    const csvText = await csv.text()
    const lines = csvText
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    assert.equal(lines[0], 'district_id,district,population,voters,voters_per_1000')
    assert.lengthOf(lines, 3)

    const xlsxHref = await page
      .locator('[data-report="projects"] a', { hasText: 'XLSX' })
      .getAttribute('href')
    const xlsx = await page.request.get(appUrl(xlsxHref!))
    assert.equal(xlsx.status(), 200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('projects')!
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [
      'project_id',
      'title',
      'pot',
      'cost',
      'votes',
      'points',
      'funded',
    ])
    assert.equal(sheet.rowCount, 3)
    assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1, 2), [fx.p0.id])
    await page.context().close()
  })
})
