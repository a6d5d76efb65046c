import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { unlockKeyFile, decryptionBatches, decryptionKey } from '@civic-budget/protocol/trustee'
import changeStage from '#campaigns/actions/change_stage'
import Campaign from '#campaigns/models/campaign'
import type { AuditActor } from '#shared/audit'
import { settleOutbox } from '#ledger/outbox/settle'
import { projectBlocks } from '#ledger/projection/projector'
import { loadCeremony, recordsView } from '#trustees/ceremony_state'
import { encryptedBallotsOf } from '#trustees/decryption/campaign_inputs'
import { combineInBackground } from '#trustees/decryption/combine'
import { receiveShares } from '#trustees/decryption/share_intake'
import { votingClosed } from '#trustees/decryption/voting_closed'
import { trusteesOf } from '#trustees/trustee_token'
import { demoTrusteesOf, type DemoTrustees } from '#trustees/demo/demo_keys'

/*
| DEMO ONLY: the staff trustees screen's "close now and decrypt" for a campaign whose trustees the
| development seeder plays (demo_keys.ts). It closes voting by hand (the voting-closed record goes to
| the ledger), then, in the background, waits until the replicas' window has ended, and decrypts as
| the first t demo trustees through the share intake the trustee API uses — the others are not
| needed; the last batch starts the combination, which publishes the outcome.
*/
export type DemoCloseResult = 'started' | 'not_demo' | 'wrong_stage' | 'already_decrypted'

const CLOSE_WAIT_MS = 120_000
const running = new Map<number, Promise<void>>()

export async function closeAndDecryptDemo(
  campaignId: number,
  actor: AuditActor & { type: 'staff' }
): Promise<DemoCloseResult> {
  const demo = await demoTrusteesOf(campaignId)
  const campaign = await Campaign.find(campaignId)
  if (!demo || !campaign) return 'not_demo'
  const done = await db.from('campaign_decryptions').where('campaign_id', campaignId).first()
  if (done) return 'already_decrypted'
  if (campaign.stage === 'voting') {
    const moved = await changeStage(actor, campaignId, { from: 'voting', to: 'results' })
    if (moved.outcome !== 'ok') return 'wrong_stage'
  } else if (campaign.stage !== 'results') {
    return 'wrong_stage'
  }
  if (!running.has(campaignId)) {
    const work = decryptAsDemoTrustees(campaignId, demo)
      .catch((error) =>
        logger.error({ err: error, campaignId }, 'demo trustees: decryption failed')
      )
      .finally(() => running.delete(campaignId))
    running.set(campaignId, work)
  }
  return 'started'
}

/** Waits for every demo decryption started so far (tests). */
export async function settleDemoDecryptions(): Promise<void> {
  await Promise.all(running.values())
}

async function decryptAsDemoTrustees(campaignId: number, demo: DemoTrustees): Promise<void> {
  const deadline = Date.now() + CLOSE_WAIT_MS
  while (!(await votingClosed(campaignId))) {
    if (Date.now() > deadline) throw new Error('the voting-closed record is not on the ledger')
    await settleOutbox({ timeoutMs: 10_000 })
    await projectBlocks()
  }
  const stored = await loadCeremony(campaignId, db)
  const ballots = await encryptedBallotsOf(campaignId, db)
  if (!stored || !ballots.ok) throw new Error('no ceremony or ballots to decrypt')
  const rows = await trusteesOf(campaignId)
  const acting = demo.trustees.slice(0, stored.ceremony.threshold)
  let combined = false
  for (const trustee of acting) {
    const row = rows.find((r) => r.index === trustee.index)
    if (!row) throw new Error(`no trustee ${trustee.index}`)
    const secret = await unlockKeyFile(trustee.keyFile, demo.passphrase)
    const view = {
      ...recordsView(stored, true),
      index: trustee.index,
      paddedLength: stored.ceremony.paddedLength,
    }
    const { keyShare, context } = decryptionKey(view, secret)
    const steps = decryptionBatches(
      keyShare,
      ballots.value.map((b) => b.ballot),
      context
    )
    for (const step of steps) {
      if (step.kind !== 'batch') continue
      const result = await receiveShares(row, step.record, null)
      if (!result.ok) throw new Error(`trustee ${trustee.index}: shares refused (${result.code})`)
      if (result.complete) {
        await combineInBackground(campaignId)
        combined = true
      }
    }
  }
  // no ballot at all: nothing to share, the combination publishes an empty count
  if (!combined) await combineInBackground(campaignId)
}
