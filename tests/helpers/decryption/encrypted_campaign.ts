/*
| An encrypted campaign in the database, as the other helpers' code will leave it (their tables of
| migration 0240 filled by hand): a campaign with one approval pot (at most 2 of its projects) past
| its close, its ceremony complete, the trustees with invite tokens, their keys and dealings in
| `ceremony_records`, its campaign tx with the encryption in the outbox, and the committed encrypted
| ballots in `encrypted_ballots`.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { BallotChoice } from '@civic-budget/protocol/ballot'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { encodeThresholdRecord } from '@civic-budget/protocol/threshold_records'
import { encodeCampaign, encodeCampaignTx } from '@civic-budget/protocol/tx'
import { sha256Hex } from '@civic-budget/protocol/hash'
import Campaign from '#campaigns/models/campaign'
import { enqueue } from '#ledger/outbox/outbox'
import { ledgerAdminKey } from '#ledger/ledger'
import { newTrusteeToken } from '#trustees/trustee_token'
import { enqueueRecordBytes } from '#ledger/record'
import { reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { commitOutbox } from '#tests/helpers/trustees'
import { makeElection, type Election } from '#tests/helpers/decryption/election'

export interface EncryptedCampaign {
  campaign: Campaign
  projectIds: number[]
  election: Election
  /** `tokens[i − 1]`: trustee i's bearer invite token. */
  tokens: string[]
}

/**
 * `choices(projectIds)` gives every ballot's choices by the campaign's project ids. The campaign is
 * in `results` and closed an hour ago unless `stage: 'voting'` (closing in an hour). Needs a ledger
 * admin key (`configureLedger({ adminSecretKeyHex })`).
 */
export async function encryptedCampaign(options: {
  threshold: number
  trustees: number
  projects: number
  choices: (projectIds: number[]) => BallotChoice[][]
  stage?: 'voting' | 'results'
}): Promise<EncryptedCampaign> {
  const fx = await reviewCampaignWithProjects(options.projects)
  const rule = { kind: 'approval' as const, minSelections: 0, maxSelections: 2 }
  await db
    .from('campaign_pots')
    .where('id', fx.pot.id)
    .update({ ballot_rule: JSON.stringify(rule) })
  const campaign = await Campaign.findOrFail(fx.campaign.id)
  const closed = options.stage !== 'voting'
  campaign.stage = closed ? 'results' : 'voting'
  const opensAt = DateTime.now().minus({ days: 2 })
  const closesAt = DateTime.now().plus({ hours: closed ? -1 : 1 })
  campaign.votingOpensAt = opensAt
  campaign.votingClosesAt = closesAt
  await campaign.save()
  const projectIds = fx.projects.map((p) => p.id)
  const election = makeElection(
    {
      campaignId: campaign.id,
      threshold: options.threshold,
      trustees: options.trustees,
      pots: [{ id: fx.pot.id, budget: Number(fx.pot.budget), rule }],
      projects: fx.projects.map((p) => ({ id: p.id, cost: Number(p.cost), potId: fx.pot.id })),
    },
    options.choices(projectIds)
  )
  const now = new Date()
  await db.table('campaign_ceremonies').insert({
    campaign_id: campaign.id,
    threshold: options.threshold,
    trustees: options.trustees,
    status: 'complete',
    election_key: bytesToHex(election.encryption.electionKey),
    padded_length: election.encryption.paddedLength,
    completed_at: now,
    created_at: now,
    updated_at: now,
  })
  const tokens: string[] = []
  for (let index = 1; index <= options.trustees; index++) {
    const { token, tokenHash } = newTrusteeToken()
    tokens.push(token)
    await db.table('campaign_trustees').insert({
      campaign_id: campaign.id,
      index,
      name: `Trustee ${index}`,
      token_hash: tokenHash,
      ceremony_key: bytesToHex(election.trusteeKeys[index - 1].ceremonyKey.toBytes()),
      created_at: now,
      updated_at: now,
    })
  }
  const records = [
    ...election.trusteeKeys.map((key) => ({
      kind: 'trustee-key' as const,
      trustee: key.index,
      payload: encodeThresholdRecord({ kind: 'trustee-key', campaignId: campaign.id, key }),
    })),
    ...election.dealings.map((dealing) => ({
      kind: 'dkg-dealing' as const,
      trustee: dealing.dealer,
      payload: encodeThresholdRecord({ kind: 'dkg-dealing', campaignId: campaign.id, dealing }),
    })),
  ]
  for (const record of records) {
    await db.table('ceremony_records').insert({
      campaign_id: campaign.id,
      kind: record.kind,
      trustee_index: record.trustee,
      payload: Buffer.from(record.payload),
      // No outbox row: the ceremony's own queueing is the ceremony module's (accepted records).
      tx_hash: sha256Hex(record.payload),
      created_at: now,
    })
  }
  const key = ledgerAdminKey()
  if (!key) throw new Error('encryptedCampaign: configure a ledger admin key first')
  const definition = {
    id: campaign.id,
    registrarPublicKey: '00'.repeat(48),
    votingOpensAtMs: opensAt.toMillis(),
    votingClosesAtMs: closesAt.toMillis(),
    pots: election.shape.pots,
    projects: election.shape.projects,
    encryption: {
      ...election.encryption,
      electionKey: bytesToHex(election.encryption.electionKey),
    },
  }
  await enqueue(
    'campaign',
    encodeCampaignTx(encodeCampaign(definition), key.secretKey),
    db.connection()
  )
  const rows = election.ballotBytes.map((bytes, position) => ({
    campaign_id: campaign.id,
    position,
    ballot_hash: election.ballotHashes[position],
    tx_hash: sha256Hex(bytes),
    ballot_bytes: Buffer.from(bytes),
    height: 10 + position,
  }))
  for (let i = 0; i < rows.length; i += 500) {
    await db.table('encrypted_ballots').multiInsert(rows.slice(i, i + 500))
  }
  return { campaign, projectIds, election, tokens }
}

/**
 * Queues the campaign's ceremony records as the ceremony module does and marks them committed, so
 * the trustee API's ceremony view (which shows only records in the outbox) sees them.
 */
export async function commitCeremonyRecords(campaignId: number) {
  const rows = await db.from('ceremony_records').where('campaign_id', campaignId)
  await db.transaction(async (trx) => {
    for (const row of rows) {
      const queued = await enqueueRecordBytes(row.kind, new Uint8Array(row.payload), trx)
      if (!queued) throw new Error('no ledger admin key')
      await trx.from('ceremony_records').where('id', row.id).update({ tx_hash: queued.txHash })
    }
  })
  await commitOutbox()
}
