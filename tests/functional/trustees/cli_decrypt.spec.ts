import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { encodeEncryptedBallot } from '@civic-budget/protocol/encrypted_ballot'
import { sealKeyFile } from '@civic-budget/protocol/trustee'
import { configureLedger } from '#ledger/ledger'
import { clearOutbox } from '#tests/helpers/ledger'
import { TEST_KDF } from '#tests/helpers/trustees'
import {
  closeOnLedger,
  commitCeremonyRecords,
  encryptedCampaign,
  type EncryptedCampaign,
} from '#tests/helpers/decryption/encrypted_campaign'
import { settleCombinations } from '#trustees/decryption/combine'

/*
| `node bin/trustee.js decrypt` against this test server, over an encrypted campaign whose ceremony
| records are committed (marked so in the outbox): it posts valid canonical batches, a rerun posts
| nothing new and says so, and it refuses — posting nothing — before the close (which `status` shows)
| or when a ballot's proof fails.
*/
const run = promisify(execFile)
const PASSPHRASE = 'a long passphrase for the decryption'
const THREE_BALLOTS = ([a, b, c]: number[]) => [
  [{ projectId: a, weight: 1 }],
  [{ projectId: b, weight: 1 }],
  [{ projectId: c, weight: 1 }],
]

/** This campaign's share batches on record (other test files' campaigns may have left theirs). */
async function sharesOnRecord(campaignId: number) {
  const [batches] = await db
    .from('decryption_batches')
    .where('campaign_id', campaignId)
    .count('* as n')
  const [queued] = await db.from('ledger_outbox').where('kind', 'decryption-shares').count('* as n')
  return { batches: Number(batches.n), queued: Number(queued.n) }
}

test.group('Trustees · the trustee CLI decrypts', (group) => {
  let dir: string
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: '33'.repeat(32) })
    await clearOutbox()
    await db.from('rate_limits').delete()
    dir = mkdtempSync(join(tmpdir(), 'cb-trustee-decrypt-'))
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await rollback()
      rmSync(dir, { recursive: true, force: true })
    }
  })
  group.teardown(() => configureLedger({}))
  group.each.timeout(90_000)

  async function setUp(stage: 'voting' | 'results') {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      choices: THREE_BALLOTS,
      stage,
    })
    await commitCeremonyRecords(fx.campaign.id)
    return fx
  }

  async function trusteeCli(command: string, fx: EncryptedCampaign, index: number) {
    const keyFile = join(dir, `${index}.json`)
    const secret = fx.election.trusteeSecrets[index - 1]
    const file = await sealKeyFile(fx.campaign.id, index, secret, PASSPHRASE, { kdf: TEST_KDF })
    writeFileSync(keyFile, JSON.stringify(file), { mode: 0o600 })
    const server = `http://${process.env.HOST}:${process.env.PORT}`
    return run(
      process.execPath,
      ['bin/trustee.js', command, '--server', server, '--key-file', keyFile],
      {
        env: {
          ...process.env,
          TRUSTEE_TOKEN: fx.tokens[index - 1],
          TRUSTEE_PASSPHRASE: PASSPHRASE,
        },
        timeout: 60_000,
      }
    )
  }

  const decrypt = (fx: EncryptedCampaign, index: number) => trusteeCli('decrypt', fx, index)

  // Registered last, so its cleanup runs first: a combination the test's shares started in the
  // background finishes inside the test's own database state.
  group.each.setup(() => () => settleCombinations())

  test('posts valid batches; a second run posts nothing new and says so', async ({ assert }) => {
    const fx = await setUp('results')
    const first = await decrypt(fx, 1)
    assert.include(first.stdout, 'ballots 0–2: valid')
    assert.include(first.stdout, '1 batches posted (0 already on record), 3 ballots')
    const rows = await db.from('decryption_batches').where('campaign_id', fx.campaign.id)
    assert.deepEqual(
      rows.map((r) => [r.trustee_index, r.first, r.count, r.valid]),
      [[1, 0, 3, true]]
    )
    assert.deepEqual(await sharesOnRecord(fx.campaign.id), { batches: 1, queued: 1 })

    const again = await decrypt(fx, 1)
    assert.include(again.stdout, 'nothing new to post: your shares of all 3 ballots are on record')
    assert.deepEqual(await sharesOnRecord(fx.campaign.id), { batches: 1, queued: 1 })
  })

  test('before the close: status says so, decrypt refuses at once, nothing posted', async ({
    assert,
  }) => {
    const fx = await setUp('voting')
    const status = await trusteeCli('status', fx, 2)
    assert.include(status.stdout, 'decryption: not open yet')
    const refused = await decrypt(fx, 2).catch((error) => error)
    assert.equal(refused.code, 1)
    assert.include(refused.stderr, 'decryption is not open yet')
    assert.deepEqual(await sharesOnRecord(fx.campaign.id), { batches: 0, queued: 0 })

    await closeOnLedger(fx.campaign.id) // closed by hand
    const open = await trusteeCli('status', fx, 2)
    assert.include(open.stdout, 'decryption: open')
  })

  test('a ballot whose proof fails: nothing shared at all', async ({ assert }) => {
    const fx = await setUp('results')
    // Ballot 2 carries ballot 0's ciphertext under its own voter key (a copied ciphertext).
    const copied = { ...fx.election.ballots[2], encrypted: fx.election.ballots[0].encrypted }
    await db
      .from('encrypted_ballots')
      .where({ campaign_id: fx.campaign.id, position: 2 })
      .update({ ballot_bytes: Buffer.from(encodeEncryptedBallot(copied)) })
    const refused = await decrypt(fx, 1).catch((error) => error)
    assert.equal(refused.code, 1)
    assert.include(refused.stderr, 'the proof of the ballots at 2 fails')
    assert.deepEqual(await sharesOnRecord(fx.campaign.id), { batches: 0, queued: 0 })
  })
})
