import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { randomBytes } from 'node:crypto'
import { configureLedger } from '#ledger/ledger'
import { clearOutbox, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { commitOutbox, nameTrusteesAs } from '#tests/helpers/trustees'
import { parseKeyFile } from '@civic-budget/protocol/trustee'

/*
| The trustee CLI against this test server: three trustees make their keys, deal and review with
| `node bin/trustee.js`, and the ceremony completes. Secrets only through the environment and files.
*/
const run = promisify(execFile)
const PASSPHRASE = 'a long passphrase for the cli'

test.group('Trustees · the trustee CLI', (group) => {
  let dir: string
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: randomBytes(32).toString('hex') })
    await clearOutbox()
    dir = mkdtempSync(join(tmpdir(), 'cb-trustee-cli-'))
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await rollback()
      rmSync(dir, { recursive: true, force: true })
    }
  })
  group.teardown(() => configureLedger({}))

  test('key, deal and review for three trustees: the ceremony completes', async ({
    client,
    assert,
  }) => {
    const { campaign, admin } = await reviewCampaignWithProjects(2)
    const trustees = await nameTrusteesAs(client, admin, campaign.id, {
      names: ['Ada', 'Boris', 'Chen'],
      threshold: 2,
    })
    const server = `http://${process.env.HOST}:${process.env.PORT}`
    const cli = (command: string, index: number, env: Record<string, string> = {}) =>
      run(
        process.execPath,
        ['bin/trustee.js', command, '--server', server, '--key-file', join(dir, `${index}.json`)],
        {
          env: {
            ...process.env,
            TRUSTEE_TOKEN: trustees[index - 1].token,
            TRUSTEE_PASSPHRASE: PASSPHRASE,
            ...env,
          },
          timeout: 60_000,
        }
      )

    for (const t of trustees) await cli('key', t.index)
    const file = parseKeyFile(readFileSync(join(dir, '1.json'), 'utf8'))
    assert.equal(file.index, 1)
    assert.equal(statSync(join(dir, '1.json')).mode & 0o777, 0o600)
    // The secret is not in the file in clear, nor the passphrase.
    assert.notInclude(readFileSync(join(dir, '1.json'), 'utf8'), PASSPHRASE)

    for (const t of trustees) await cli('deal', t.index)
    // A wrong passphrase: a clear error, nothing sent.
    const wrong = await cli('review', 1, { TRUSTEE_PASSPHRASE: 'not the passphrase' }).catch(
      (error) => error
    )
    assert.equal(wrong.code, 1)
    assert.include(wrong.stderr, 'wrong passphrase')
    for (const t of trustees) {
      const { stdout } = await cli('review', t.index)
      assert.include(stdout, '3 dealings checked, 0 complaints')
    }
    await commitOutbox()
    const { stdout } = await cli('status', 2)
    assert.include(stdout, 'stage: complete')
    assert.match(stdout, /election key fingerprint: [0-9a-f]{4} /)
    const row = await db.from('campaign_ceremonies').where('campaign_id', campaign.id).first()
    assert.equal(row.status, 'complete')
    assert.deepEqual(row.outcome.qualified, [1, 2, 3])
  })

  test('usage lists the command modules; an unknown command exits 2', async ({ assert }) => {
    const failed = await run(process.execPath, ['bin/trustee.js', 'nope']).catch((e) => e)
    assert.equal(failed.code, 2)
    for (const command of ['status', 'key', 'deal', 'review']) {
      assert.include(failed.stderr, `  ${command}`)
    }
  })
})
