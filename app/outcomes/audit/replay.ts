import { ed25519 } from '@noble/curves/ed25519.js'
import { checkBallot, decodeBallotTx } from '#voting/protocol/ballot'
import { bytesToHex, cborDecode } from '#voting/protocol/encoding'
import { checkChoices } from '#voting/protocol/rules'
import type { Genesis } from '#voting/protocol/receipt'
import {
  campaignSigningMessage,
  decodeCampaignTx,
  recordSigningMessage,
  txKindOf,
  type CampaignDefinition,
} from '#ledger/tx'

/*
 * One campaign replayed from verified blocks, with the replicas' own acceptance rules (pb app):
 * the campaign tx signed by a genesis admin; each ballot counted when its Ed25519 signature and
 * its credential (under the registrar key of the campaign tx) verify, the block time is inside the
 * voting window, the choices satisfy every pot's rule (`#voting/protocol/rules`, as voters' apps
 * check them) and no earlier ballot had the same voter key. Ballots that fail are listed as not
 * counted (the replicas refused them too: they are no difference). `outcome` records signed by a
 * genesis admin are collected (the platform's published outcome).
 */

export interface CountedBallot {
  choices: [number, number][]
  height: number
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
  ballots: CountedBallot[]
  notCounted: Map<string, number>
  outcomes: OutcomeRecord[]
}

function isAdmin(genesis: Genesis, key: Uint8Array): boolean {
  const admins = (genesis as Genesis & { admins?: string[] }).admins ?? []
  return admins.includes(bytesToHex(key))
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
    outcomes: [],
  }
  const voters = new Set<string>()
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
          ed25519.verify(
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
    choices: choices.map((c) => [c.projectId, c.weight]),
    height: block.height,
  })
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
    if (!ed25519.verify(signature, recordSigningMessage('outcome', payloadBytes), adminKey))
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
