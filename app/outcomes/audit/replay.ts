import { ed25519 } from '@noble/curves/ed25519.js'
import { checkBallot, decodeBallotTx } from '@civic-budget/protocol/ballot'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { cborDecode } from '@civic-budget/protocol/cbor'
import { checkChoices } from '@civic-budget/protocol/rules'
import type { Genesis } from '@civic-budget/protocol/block'
import {
  campaignSigningMessage,
  decodeCampaignTx,
  decodeLedgerTx,
  paperBatchApprovalMessage,
  paperBatchOperatorMessage,
  recordSigningMessage,
  txKindOf,
  type CampaignDefinition,
  type LedgerTx,
  type PaperBatch,
} from '@civic-budget/protocol/tx'

/*
 * One campaign replayed from verified blocks, with the replicas' own acceptance rules (pb app):
 * the campaign tx signed by a genesis admin; each ballot counted when its Ed25519 signature and
 * its credential (under the registrar key of the campaign tx) verify, the block time is inside the
 * voting window, the choices satisfy every pot's rule (`@civic-budget/protocol/rules`, as voters' apps
 * check them) and no earlier ballot had the same voter key. Ballots that fail are listed as not
 * counted (the replicas refused them too: they are no difference). Each `paper-batch` tx of the
 * campaign gets the replicas' verdict (ledger-node/README.md "paper-batch"): operator signature and
 * an approval signed by a genesis admin, campaign registered, block time at or after the opening
 * (late counts are allowed), (station, batch) not counted before, every sheet passing the rules —
 * one bad sheet refuses the whole batch; a counted batch counts each sheet like a ballot.
 * `outcome` records signed by a genesis admin are collected (the platform's published outcome).
 */

export interface CountedBallot {
  /** `online`: a ballot tx (the platform's online and terminal channels); `paper`: one sheet. */
  source: 'online' | 'paper'
  choices: [number, number][]
  height: number
}

export interface PaperBatchVerdict {
  station: string
  batchNo: number
  sheets: number
  height: number
  /** The replicas' refusal reason (no sheet counted); null when the batch is counted. */
  refused: string | null
}

export interface OutcomeRecord {
  rule: string
  tallyHash: string
  pots: [number, number[]][]
  override: string
  height: number
}

export interface CampaignReplay {
  campaign: CampaignDefinition | null
  problems: string[]
  /** Online ballots and paper sheets, in chain order. */
  ballots: CountedBallot[]
  notCounted: Map<string, number>
  paperBatches: PaperBatchVerdict[]
  outcomes: OutcomeRecord[]
}

type PaperBatchTx = Extract<LedgerTx, { kind: 'paper-batch' }>

function isAdmin(genesis: Genesis, key: Uint8Array): boolean {
  const admins = (genesis as Genesis & { admins?: string[] }).admins ?? []
  return admins.includes(bytesToHex(key))
}

/** Ed25519 as the replicas verify it (node:crypto: RFC 8032 strict, no ZIP-215 leniency). */
function ed25519Valid(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

export function replayCampaign(
  blocks: readonly { height: number; timestampMs: number; txs: Uint8Array[] }[],
  campaignId: number,
  genesis: Genesis
): CampaignReplay {
  const replay: CampaignReplay = {
    campaign: null,
    problems: [],
    ballots: [],
    notCounted: new Map(),
    paperBatches: [],
    outcomes: [],
  }
  const voters = new Set<string>()
  const batches = new Set<string>()
  const skip = (reason: string) =>
    replay.notCounted.set(reason, (replay.notCounted.get(reason) ?? 0) + 1)
  for (const block of blocks) {
    for (const tx of block.txs) {
      let kind: string
      try {
        kind = txKindOf(tx)
      } catch {
        continue
      }
      if (kind === 'campaign') {
        const decoded = decodeCampaignTx(tx)
        if (decoded.definition.id !== campaignId || replay.campaign) continue
        const signed =
          isAdmin(genesis, decoded.adminKey) &&
          ed25519Valid(
            decoded.signature,
            campaignSigningMessage(decoded.campaignBytes),
            decoded.adminKey
          )
        if (signed) replay.campaign = decoded.definition
        else
          replay.problems.push(
            `campaign tx at height ${block.height} is not signed by a genesis admin`
          )
      } else if (kind === 'ballot' && replay.campaign) {
        countBallot(tx, block, replay.campaign, voters, replay, skip)
      } else if (kind === 'paper-batch') {
        countPaperBatch(tx, block, campaignId, genesis, batches, replay, skip)
      } else if (kind === 'outcome') {
        const record = outcomeRecord(tx, genesis, block.height)
        if (record && record.campaignId === campaignId) replay.outcomes.push(record.outcome)
      }
    }
  }
  if (!replay.campaign)
    replay.problems.push(`campaign ${campaignId} is not registered on the ledger`)
  return replay
}

function countBallot(
  tx: Uint8Array,
  block: { height: number; timestampMs: number },
  campaign: CampaignDefinition,
  voters: Set<string>,
  replay: CampaignReplay,
  skip: (reason: string) => void
) {
  let decoded
  try {
    decoded = decodeBallotTx(tx)
  } catch {
    return skip('malformed_ballot')
  }
  if (decoded.ballot.campaignId !== campaign.id) return
  if (block.timestampMs < campaign.votingOpensAtMs) return skip('voting_not_open')
  if (block.timestampMs >= campaign.votingClosesAtMs) return skip('voting_closed')
  const voter = bytesToHex(decoded.ballot.voterKey)
  if (voters.has(voter)) return skip('duplicate_voter')
  const check = checkBallot(
    decoded.ballotBytes,
    decoded.signature,
    campaign.registrarPublicKey,
    campaign.id
  )
  if (!check.ok) return skip(check.reason)
  const choices = decoded.ballot.choices
  if (choices.length === 0 || checkChoices(choices, campaign).length > 0)
    return skip('rule_violation')
  voters.add(voter)
  replay.ballots.push({
    source: 'online',
    choices: choices.map((c) => [c.projectId, c.weight]),
    height: block.height,
  })
}

function countPaperBatch(
  txBytes: Uint8Array,
  block: { height: number; timestampMs: number },
  campaignId: number,
  genesis: Genesis,
  batches: Set<string>,
  replay: CampaignReplay,
  skip: (reason: string) => void
) {
  let tx: LedgerTx
  try {
    tx = decodeLedgerTx(txBytes)
  } catch {
    return skip('malformed_paper_batch')
  }
  if (tx.kind !== 'paper-batch' || tx.batch.campaignId !== campaignId) return
  const { station, batchNo, sheets } = tx.batch
  const refused = paperBatchRefusal(tx, block.timestampMs, replay.campaign, genesis, batches)
  replay.paperBatches.push({
    station,
    batchNo,
    sheets: sheets.length,
    height: block.height,
    refused,
  })
  if (refused) return
  batches.add(batchKey(tx.batch))
  for (const sheet of sheets) {
    replay.ballots.push({
      source: 'paper',
      choices: sheet.choices.map((c) => [c.projectId, c.weight]),
      height: block.height,
    })
  }
}

const batchKey = (batch: PaperBatch) => JSON.stringify([batch.station, batch.batchNo])

/** The pb app's verdict on a paper batch, its checks in its order (checkTx, then deliverTx). */
function paperBatchRefusal(
  tx: PaperBatchTx,
  timestampMs: number,
  campaign: CampaignDefinition | null,
  genesis: Genesis,
  batches: Set<string>
): string | null {
  const operatorMessage = paperBatchOperatorMessage(tx.batchBytes)
  const approvalMessage = paperBatchApprovalMessage(tx.batchBytes, tx.operatorKey)
  if (
    !ed25519Valid(tx.operatorSignature, operatorMessage, tx.operatorKey) ||
    !ed25519Valid(tx.adminSignature, approvalMessage, tx.adminKey)
  ) {
    return 'invalid_signature'
  }
  if (!isAdmin(genesis, tx.adminKey)) return 'unauthorized: not an admin key'
  if (!campaign) return 'unknown_campaign'
  if (timestampMs < campaign.votingOpensAtMs) return 'voting_not_open'
  if (batches.has(batchKey(tx.batch))) return 'duplicate_batch'
  for (const sheet of tx.batch.sheets) {
    const [violation] = checkChoices(sheet.choices, campaign)
    if (sheet.choices.length === 0 || violation) {
      return `rule_violation: sheet ${sheet.sheetNo}: ${violation?.code ?? 'empty'}`
    }
  }
  return null
}

function outcomeRecord(tx: Uint8Array, genesis: Genesis, height: number) {
  try {
    const [, , payloadBytes, adminKey, signature] = cborDecode(tx) as [
      1,
      string,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ]
    if (!isAdmin(genesis, adminKey)) return null
    if (!ed25519Valid(signature, recordSigningMessage('outcome', payloadBytes), adminKey))
      return null
    const [, campaignId, rule, tallyHash, pots, override] = cborDecode(payloadBytes) as [
      1,
      number,
      string,
      Uint8Array,
      [number, number[]][],
      string,
    ]
    return {
      campaignId,
      outcome: { rule, tallyHash: bytesToHex(tallyHash), pots, override, height },
    }
  } catch {
    return null
  }
}
