import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import { normalizeRule, type BallotRuleInput } from '#campaigns/ballot_rules'
import Project from '#proposals/models/project'
import { ensureRegistrarKey } from '#voting/registrar'
import { recordSigningKey } from '#ledger/record'
import db from '@adonisjs/lucid/services/db'
import { minorDigits } from '#shared/currencies'
import { enqueue, type EnqueueResult, type OutboxStatus } from '#ledger/outbox/outbox'
import {
  encodeCampaign,
  encodeCampaignTx,
  type CampaignDefinition,
} from '@civic-budget/protocol/tx'
import { decodeLedgerTx } from '@civic-budget/protocol/tx_decode'
import { campaignTxEncryption } from '#trustees/encryption'

/*
| The campaign tx is voting's business (the ballot rules, the window and the registrar key the
| replicas enforce); the ledger module only carries it (outbox, signing key).
| When a campaign enters voting, its definition goes to the ledger as a signed
| `campaign` tx, queued in the stage change's transaction (campaign row locked).
|
| Voting window: `voting_opens_at` if it has passed, else now (the campaign opens now, by hand);
| `voting_closes_at`, or open-ended (Number.MAX_SAFE_INTEGER ms) when the campaign closes by hand.
*/
export const OPEN_ENDED_MS = Number.MAX_SAFE_INTEGER

export async function campaignDefinition(
  campaign: Campaign,
  trx: TransactionClientContract,
  now: Date = new Date()
): Promise<CampaignDefinition> {
  const registrar = await ensureRegistrarKey(campaign, trx)
  const pots = await CampaignPot.query({ client: trx }).where('campaignId', campaign.id)
  const projects = await Project.query({ client: trx }).where('campaignId', campaign.id)
  const opens = campaign.votingOpensAt?.toMillis()
  const nowMs = now.getTime()
  // An encrypted campaign carries its election key (throws while its key ceremony is incomplete).
  const encryption = await campaignTxEncryption(campaign.id, trx)
  return {
    id: campaign.id,
    registrarPublicKey: registrar.publicKey,
    votingOpensAtMs: opens !== undefined && opens <= nowMs ? opens : nowMs,
    votingClosesAtMs: campaign.votingClosesAt?.toMillis() ?? OPEN_ENDED_MS,
    // minSupport and minorDigits are not for the replicas: `ledger:audit` recomputes the outcome
    // from the ledger alone and needs what the rules need.
    pots: pots.map((pot) => ({
      id: pot.id,
      budget: Number(pot.budget),
      rule: normalizeRule(pot.ballotRule as BallotRuleInput),
      minSupport: pot.minSupport,
    })),
    projects: projects.map((p) => ({ id: p.id, cost: Number(p.cost), potId: p.potId })),
    minorDigits: minorDigits(campaign.currency),
    ...(encryption ? { encryption } : {}),
  }
}

/** Queues the campaign tx (without an admin key: see `recordSigningKey`). */
export async function enqueueCampaignRecord(
  campaign: Campaign,
  trx: TransactionClientContract
): Promise<EnqueueResult | null> {
  const key = recordSigningKey('campaigns')
  if (!key) return null
  const definition = await campaignDefinition(campaign, trx)
  const tx = encodeCampaignTx(encodeCampaign(definition), key.secretKey)
  return enqueue('campaign', tx, trx)
}

export interface CampaignRecord {
  txHash: string
  status: OutboxStatus
  definition: CampaignDefinition
}

/** Decoded campaign txs by tx hash (immutable bytes; a handful per city). */
const decoded = new Map<string, CampaignDefinition>()

/**
 * The campaign's record in the outbox — what the replicas know (or will know) about it: its
 * registrar key, voting window, pots and projects. The committed row wins; else the newest one
 * still on its way; rejected rows only when nothing else exists. Null when none was queued.
 */
export async function campaignRecordOf(campaignId: number): Promise<CampaignRecord | null> {
  const rows = await db
    .from('ledger_outbox')
    .where('kind', 'campaign')
    .orderBy('id', 'desc')
    .select('tx_hash', 'status', 'payload')
  const mine: CampaignRecord[] = []
  for (const row of rows) {
    let definition = decoded.get(row.tx_hash)
    if (!definition) {
      const tx = decodeLedgerTx(new Uint8Array(row.payload))
      if (tx.kind !== 'campaign') continue
      definition = tx.campaign
      if (decoded.size > 10_000) decoded.clear()
      decoded.set(row.tx_hash, definition)
    }
    if (definition.id === campaignId)
      mine.push({ txHash: row.tx_hash, status: row.status, definition })
  }
  const rank = (r: CampaignRecord) =>
    r.status === 'committed' ? 0 : r.status === 'rejected' ? 2 : 1
  return mine.sort((a, b) => rank(a) - rank(b))[0] ?? null
}
